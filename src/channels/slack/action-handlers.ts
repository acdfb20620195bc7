/**
 * Button clicks on triage messages. Every click checks the staff list first (anyone else gets an
 * ephemeral refusal and nothing changes) and carries the version the clicker saw.
 */
import type { App, BlockAction, ButtonAction, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Text } from '../../i18n/index.ts';
import type { StaffService } from '../../services/staff-service.ts';
import type { ActOutcome } from '../../services/staff-types.ts';
import {
  ACTION_ID,
  DOC_LINK_ACTION_ID,
  decodeButtonValue,
  isDirectAction,
  isModalAction,
} from './action-ids.ts';
import { modalView } from './modals.ts';
import type { Tr } from './slack-text.ts';
import type { SlackTriagePublisher } from './triage-publisher.ts';

export interface HandlerDeps {
  staffService: StaffService;
  publisher: SlackTriagePublisher;
  tr: Tr;
  logger: Logger;
}

/** Where the click happened: the triage message (or nowhere, for a Home tab). */
function messageRef(body: BlockAction): { channel: string; ts: string } | undefined {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  return typeof channel === 'string' && typeof ts === 'string' ? { channel, ts } : undefined;
}

export async function tellUser(
  client: webApi.WebClient,
  body: { user: { id: string } },
  channel: string | undefined,
  text: string,
): Promise<void> {
  if (channel) await client.chat.postEphemeral({ channel, user: body.user.id, text });
  else await client.chat.postMessage({ channel: body.user.id, text });
}

export function registerActionHandlers(app: App, deps: HandlerDeps): void {
  const { staffService, publisher, tr, logger } = deps;

  app.action<BlockAction<ButtonAction>>(ACTION_ID, async ({ ack, body, action, client }) => {
    await ack();
    const ref = messageRef(body);
    const refuse = (text: Text) => tellUser(client, body, ref?.channel, tr(text));
    const staffId = body.user.id;
    if (!staffService.isStaff(staffId)) {
      logger.info({ user: staffId, action: action.action_id }, 'slack: non-staff click refused');
      return refuse({ key: 'staff:problems.not_staff' });
    }
    const type = ACTION_ID.exec(action.action_id)?.[2] ?? '';
    const value = decodeButtonValue(action.value);
    if (!value) return refuse({ key: 'slack:errors.bad_button' });

    if (isModalAction(type)) {
      const view = await staffService.show(value.f, { unmask: false });
      if (!view || view.version !== value.v || !view.actions.includes(type)) {
        if (view) await publisher.refresh(view);
        return refuse({ key: 'staff:problems.already_handled' });
      }
      await client.views.open({
        trigger_id: body.trigger_id,
        view: modalView(type, view, { ...value, ...(ref ? { c: ref.channel, t: ref.ts } : {}) }, tr),
      });
      return;
    }
    if (!isDirectAction(type)) return refuse({ key: 'slack:errors.bad_button' });

    const action2 = type === 'claim' ? { type, staffId } : { type };
    const result = await staffService.act(staffId, value.f, action2, {
      expectedVersion: value.v,
      selfDeliversSlack: true,
    });
    if (!result.ok) {
      // The message may be stale: show the current state to everyone, the reason to the clicker.
      if (result.problem.code === 'staff.already_handled') await publisher.upsert(value.f);
      return refuse(result.problem.text);
    }
    await publishNow(deps, result.value);
  });

  app.action<BlockAction<ButtonAction>>(DOC_LINK_ACTION_ID, async ({ ack, body, action, client }) => {
    await ack();
    const channel = messageRef(body)?.channel;
    const value = decodeButtonValue(action.value);
    if (!value?.d) return tellUser(client, body, channel, tr({ key: 'slack:errors.bad_button' }));
    const link = await staffService.documentLink(body.user.id, value.f, value.d);
    if (!link.ok) return tellUser(client, body, channel, tr(link.problem.text));
    await tellUser(
      client,
      body,
      channel,
      tr({
        key: 'slack:triage.link',
        params: {
          kind: tr({ key: `documents:kinds.${link.value.kind}` }),
          url: link.value.url,
          minutes: Math.max(1, Math.round(link.value.ttlSeconds / 60)),
        },
      }),
    );
  });
}

/** Updates the message and its thread right away; the outbox row is the fallback if this fails. */
/**
 * With processBeforeResponse, Slack gets its answer only when the handler returns, and it gives
 * up after 3 s. The Web API client waits out rate limits, so the update in place is awaited for
 * at most this long; past it the update goes on in the background (the outbox row stays the
 * fallback either way).
 */
const PUBLISH_WAIT_MS = 1_500;

export async function publishNow(
  deps: Pick<HandlerDeps, 'staffService' | 'publisher' | 'logger'>,
  outcome: ActOutcome,
): Promise<void> {
  const publishing = (async () => {
    try {
      await deps.publisher.afterAction(outcome.filing, outcome.logText, outcome.event.at);
      if (outcome.slackUpdateId !== null) await deps.staffService.markDelivered(outcome.slackUpdateId);
    } catch (error) {
      deps.logger.warn(
        { err: error instanceof Error ? error.name : 'unknown', filingId: outcome.filing.id },
        'slack: immediate update failed; the outbox will retry',
      );
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, PUBLISH_WAIT_MS);
    timer.unref();
  });
  await Promise.race([publishing, waited]);
  clearTimeout(timer);
}
