import { describe, expect, it } from 'vitest';
import { createApplicantFront } from '../../src/app/applicant-front.ts';
import type { EngineInput, Outgoing } from '../../src/conversation/types.ts';
import type { Database } from '../../src/db/database.ts';
import { render } from '../../src/i18n/index.ts';
import { interviewToken } from '../../src/notify/interview-question.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import type { StaffService } from '../../src/services/staff-service.ts';
import type { StaffProblem } from '../../src/services/staff-types.ts';

const FILING = '0f8fad5b-d9cb-469f-a165-70867728950e';
const APPLICANT = 'applicant-1';
const CHAT = { channel: 'telegram' as const, chatId: '42' };

type Choose = StaffService['chooseInterview'];

function refusal(code: string, params: Record<string, string> = {}): Awaited<ReturnType<Choose>> {
  const problem: StaffProblem = { code, params, text: { key: `staff:problems.${code}`, params } };
  return { ok: false, problem };
}

function front(choose?: Choose) {
  const engineInputs: EngineInput[] = [];
  const chosen: { applicantId: string; option: string; filingId?: string | undefined }[] = [];
  let wakes = 0;
  const deps = {
    db: {} as Pick<Database, 'prisma'>,
    applicant: {
      handleInput: async (_chat: unknown, input: EngineInput): Promise<Outgoing[]> => {
        engineInputs.push(input);
        return [{ type: 'info', text: { key: 'conversation:engine_reply' } }];
      },
    },
    registration: {
      handle: async () => ({ handled: false as const, applicantId: APPLICANT, lang: 'en' as const }),
    },
    calendar: chineseWorkingDayCalendar(),
    now: () => new Date('2026-03-02T02:00:00Z'),
    wake: () => {
      wakes += 1;
    },
  };
  const interview = choose
    ? {
        chooseInterview: (async (applicantId, option, options) => {
          chosen.push({ applicantId, option, filingId: options?.filingId });
          return choose(applicantId, option, options);
        }) as Choose,
      }
    : undefined;
  const app = createApplicantFront({ ...deps, ...(interview ? { interview } : {}) });
  return { app, engineInputs, chosen, wakes: () => wakes };
}

const ok: Choose = async (_applicantId, option) => ({
  ok: true,
  value: {
    filingId: FILING,
    option: option as 'phone',
    event: {
      type: 'choose_interview',
      actor: { kind: 'applicant', id: APPLICANT },
      at: '2026-03-02T02:00:00.000Z',
      from: 'interview',
      to: 'interview',
      data: { option },
    },
  },
});

const texts = (messages: Outgoing[]) =>
  messages
    .flatMap((m) => (m.type === 'notice' ? m.texts : m.type === 'info' ? [m.text] : []))
    .map((text) => render('en', text));

describe('applicant front: the interview buttons', () => {
  it('records a press through the staff service, not the engine, and answers with the choice', async () => {
    const { app, engineInputs, chosen, wakes } = front(ok);
    const reply = await app.handleInput(CHAT, {
      type: 'choice',
      token: interviewToken(FILING),
      value: 'shanghai_office',
    });
    expect(chosen).toEqual([{ applicantId: APPLICANT, option: 'shanghai_office', filingId: FILING }]);
    expect(engineInputs).toEqual([]);
    expect(reply.map((m) => m.type)).toEqual(['notice']);
    expect(texts(reply)[0]).toContain('Shanghai office');
    expect(wakes()).toBe(1);
  });

  it('hands the reply to `deliver` as the engine path does', async () => {
    const { app } = front(ok);
    const delivered: Outgoing[][] = [];
    await app.handleInput(
      CHAT,
      { type: 'choice', token: interviewToken(FILING), value: 'phone' },
      {
        deliver: async (messages) => {
          delivered.push(messages);
        },
      },
    );
    expect(delivered).toHaveLength(1);
    expect(texts(delivered[0]!)[0]).toContain('By phone');
  });

  it('a second press names the choice already recorded', async () => {
    const { app, engineInputs, wakes } = front(async () =>
      refusal('staff.interview_already_chosen', { option: 'beijing_office' }),
    );
    const reply = await app.handleInput(CHAT, {
      type: 'choice',
      token: interviewToken(FILING),
      value: 'phone',
    });
    expect(engineInputs).toEqual([]);
    expect(texts(reply)).toEqual([expect.stringContaining('Beijing office')]);
    expect(texts(reply)[0]).toContain('already');
    expect(wakes()).toBe(0);
  });

  it('a filing no longer at the interview, a malformed token, or no staff service: "no longer open", never the engine', async () => {
    const notOpen = render('en', { key: 'notify:interview.not_open' });
    const stale = front(async () => refusal('staff.interview_not_awaiting'));
    expect(
      texts(
        await stale.app.handleInput(CHAT, { type: 'choice', token: interviewToken(FILING), value: 'phone' }),
      ),
    ).toEqual([notOpen]);

    const forged = front(ok);
    expect(
      texts(await forged.app.handleInput(CHAT, { type: 'choice', token: 'ivnothex', value: 'phone' })),
    ).toEqual([notOpen]);
    expect(forged.chosen).toEqual([]);

    const unwired = front();
    expect(
      texts(
        await unwired.app.handleInput(CHAT, {
          type: 'choice',
          token: interviewToken(FILING),
          value: 'phone',
        }),
      ),
    ).toEqual([notOpen]);
    for (const f of [stale, forged, unwired]) expect(f.engineInputs).toEqual([]);
  });

  it('engine choices (q tokens) still go to the engine', async () => {
    const { app, engineInputs, chosen } = front(ok);
    await app.handleInput(CHAT, { type: 'choice', token: 'q1a', value: 'yes' });
    expect(engineInputs).toEqual([{ type: 'choice', token: 'q1a', value: 'yes' }]);
    expect(chosen).toEqual([]);
  });
});
