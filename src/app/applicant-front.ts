/**
 * What every applicant channel talks to: the account step first (a verified email before the
 * first filing question), the review's `/status` once a filing is with the staff, and otherwise
 * the applicant service (engine + commit). A press on the interview buttons sent with the
 * first-review ping is the review's business, not the engine's: it is recorded through the staff
 * service and never reaches the conversation. Same call shape as the applicant service, so the
 * Telegram bridge and the console use it unchanged.
 */
import type { EngineInput, Outgoing } from '../conversation/types.ts';
import type { Database } from '../db/database.ts';
import { markProcessed } from '../db/processed-updates.ts';
import type { Lang, Text } from '../i18n/index.ts';
import { filingIdOfInterviewToken, isInterviewToken } from '../notify/interview-question.ts';
import { loadStatusView, type StatusView } from '../notify/status-view.ts';
import type { ConsentGate } from '../privacy/consent-gate.ts';
import type { PrivacyFront } from '../privacy/privacy-front.ts';
import type { WorkingDayCalendar } from '../review/working-days.ts';
import type { ApplicantService, ChatAddress, HandleOptions } from '../services/applicant-service.ts';
import type { RegistrationService } from '../services/registration-service.ts';
import type { StaffService } from '../services/staff-service.ts';

export interface ApplicantFrontDeps {
  db: Pick<Database, 'prisma'>;
  applicant: Pick<ApplicantService, 'handleInput'>;
  registration: Pick<RegistrationService, 'handle'>;
  calendar: WorkingDayCalendar;
  now: () => Date;
  /** After a commit that may have queued outbox rows (code mails, pings). */
  wake: () => void;
  /** Records the applicant's interview choice (the staff service); without it the buttons are refused. */
  interview?: Pick<StaffService, 'chooseInterview'>;
  /**
   * Issue 13: consent before anything is collected (checked first, before the account step), and
   * the applicant's `/export` and `/delete`. Without them (unit tests of other steps) neither runs.
   */
  consent?: ConsentGate;
  privacy?: PrivacyFront;
}

export interface ApplicantFront {
  handleInput(
    chat: ChatAddress,
    input: EngineInput,
    options?: Pick<HandleOptions, 'updateId' | 'deliver'>,
  ): Promise<Outgoing[]>;
}

export function createApplicantFront(deps: ApplicantFrontDeps): ApplicantFront {
  function viaEngine(chat: ChatAddress, input: EngineInput, options: HandleOptions) {
    return deps.applicant.handleInput(chat, input, options);
  }

  async function chooseInterview(applicantId: string, token: string, option: string): Promise<Outgoing[]> {
    const filingId = filingIdOfInterviewToken(token);
    if (!deps.interview || !filingId) return [{ type: 'info', text: { key: 'notify:interview.not_open' } }];
    const result = await deps.interview.chooseInterview(applicantId, option, { filingId });
    if (result.ok) {
      deps.wake();
      // A notice, not an info: Telegram then echoes the pressed button into the question.
      return [
        {
          type: 'notice',
          texts: [{ key: 'notify:interview.chosen', params: { option: result.value.option } }],
        },
      ];
    }
    const { code, params } = result.problem;
    if (code === 'staff.interview_already_chosen' && typeof params.option === 'string') {
      return [
        { type: 'info', text: { key: 'notify:interview.already_chosen', params: { option: params.option } } },
      ];
    }
    return [{ type: 'info', text: { key: 'notify:interview.not_open' } }];
  }

  const front: ApplicantFront = {
    async handleInput(chat, input, options = {}) {
      const deliverNow = async (messages: Outgoing[], lang: Lang) => {
        // Registration, interview and status replies have no copy: nothing stands in for them.
        if (options.deliver && messages.length > 0) await options.deliver(messages, lang, false);
        return messages;
      };
      const { updateId } = options;
      const once = updateId !== undefined ? { updateId } : {};
      // The steps before the engine mark the update processed themselves (in the database, where
      // every instance sees it); these replies are sent only by the first to take the update.
      const firstTime = async () =>
        updateId === undefined || (await markProcessed(deps.db.prisma, chat.channel, updateId));
      const gate = await deps.consent?.handle(chat, input, once);
      if (gate?.handled) {
        if (!gate.given || gate.messages.length === 0) return deliverNow(gate.messages, gate.lang);
        // Consent just given: on to the account step (or, for an account asked again after a new
        // text version, back to where the filing stands).
        const next = await front.handleInput(chat, { type: 'command', command: 'start' });
        return deliverNow([...gate.messages, ...next], gate.lang);
      }
      const privacy = await deps.privacy?.handle(chat, input);
      // Its actions may run twice (they are idempotent: one erasure job, the same export); the reply once.
      if (privacy) return (await firstTime()) ? deliverNow(privacy.messages, privacy.lang) : [];
      const account = await deps.registration.handle(chat, input, once);
      if (account.handled) {
        if (!account.verified) return deliverNow(account.messages, account.lang);
        // The account just became usable: go straight on to the first filing question, handing the
        // conversation the address (offered as the principal's email).
        const next = await deps.applicant.handleInput(
          chat,
          account.email
            ? { type: 'account_email', email: account.email }
            : { type: 'command', command: 'start' },
        );
        return deliverNow([...account.messages, ...next], account.lang);
      }
      if (input.type === 'choice' && isInterviewToken(input.token)) {
        // A second press records nothing new (the choice is kept once); only its answer is skipped.
        const answer = await chooseInterview(account.applicantId, input.token, input.value);
        return (await firstTime()) ? deliverNow(answer, account.lang) : [];
      }
      if (input.type === 'command' && input.command === 'status') {
        const view = await loadStatusView(deps.db, account.applicantId, {
          now: deps.now(),
          calendar: deps.calendar,
        });
        if (view) {
          if (!(await firstTime())) return [];
          return deliverNow([{ type: 'notice', texts: statusTexts(view) }], account.lang);
        }
      }
      return viaEngine(chat, input, options);
    },
  };
  return front;
}

/** The review's progress, ETA and history as lines (the channels render each on its own line). */
export function statusTexts(view: StatusView): Text[] {
  const texts: Text[] = [{ key: 'notify:status.heading', params: { domain: view.domain } }, ...view.progress];
  if (view.icpNumber) texts.push({ key: 'notify:status.icp_number', params: { icpNumber: view.icpNumber } });
  texts.push(...view.eta);
  if (view.history.length > 0) texts.push({ key: 'notify:status.history' }, ...view.history);
  return texts;
}
