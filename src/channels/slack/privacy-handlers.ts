/**
 * Issue 13 in Slack: the triage message's "Erase personal data" button opens a dialog asking for
 * the reason; submitting it erases the filing through the staff privacy service (recorded with
 * the staff member and the reason) and notes it in the message's thread. Staff only.
 */
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { StaffPrivacy } from '../../privacy/staff-privacy.ts';
import type { StaffService } from '../../services/staff-service.ts';
import { tellUser } from './action-handlers.ts';
import { decodeButtonValue, decodeModalMeta, encodeValue } from './action-ids.ts';
import { ERASE_ACTION_ID, ERASE_CALLBACK_ID } from './erase-button.ts';
import { esc, plainText, type Tr } from './slack-text.ts';

const REASON_BLOCK = 'reason';
const REASON_VALUE = 'value';

export interface PrivacyHandlerDeps {
  staffService: Pick<StaffService, 'isStaff'>;
  privacy: StaffPrivacy;
  tr: Tr;
  logger: Logger;
}

export function registerPrivacyHandlers(app: App, deps: PrivacyHandlerDeps): void {
  const { staffService, privacy, tr, logger } = deps;

  app.action<BlockAction<ButtonAction>>(ERASE_ACTION_ID, async ({ ack, body, action, client }) => {
    await ack();
    const channel = body.channel?.id ?? body.container?.channel_id;
    const ts = body.message?.ts ?? body.container?.message_ts;
    if (!staffService.isStaff(body.user.id)) {
      logger.info({ user: body.user.id }, 'slack: non-staff erase refused');
      return tellUser(client, body, channel, tr({ key: 'staff:problems.not_staff' }));
    }
    const value = decodeButtonValue(action.value);
    if (!value) return tellUser(client, body, channel, tr({ key: 'slack:errors.bad_button' }));
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: ERASE_CALLBACK_ID,
        private_metadata: encodeValue({
          ...value,
          ...(typeof channel === 'string' ? { c: channel } : {}),
          ...(typeof ts === 'string' ? { t: ts } : {}),
        }),
        title: plainText(tr({ key: 'privacy:slack.modal_title' }), 24),
        submit: plainText(tr({ key: 'privacy:slack.modal_submit' }), 24),
        close: plainText(tr({ key: 'privacy:slack.modal_close' }), 24),
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: tr({ key: 'privacy:slack.modal_what' }) } },
          {
            type: 'input',
            block_id: REASON_BLOCK,
            label: plainText(tr({ key: 'privacy:slack.modal_reason' })),
            element: { type: 'plain_text_input', action_id: REASON_VALUE, multiline: true },
          },
        ],
      },
    });
  });

  app.view<ViewSubmitAction>(ERASE_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const meta = decodeModalMeta(view.private_metadata);
    const staffId = body.user.id;
    if (!meta || !staffService.isStaff(staffId)) {
      await ack({
        response_action: 'errors',
        errors: {
          [REASON_BLOCK]: tr({ key: meta ? 'staff:problems.not_staff' : 'slack:errors.bad_button' }),
        },
      });
      return;
    }
    const reason = view.state.values[REASON_BLOCK]?.[REASON_VALUE]?.value ?? '';
    const result = await privacy.erase(staffId, meta.f, reason);
    if (!result.ok) {
      const key =
        result.problem === 'reason_required'
          ? 'privacy:staff.erase_reason_required'
          : 'privacy:staff.erase_not_found';
      await ack({
        response_action: 'errors',
        errors: { [REASON_BLOCK]: tr({ key, params: { id: meta.f } }) },
      });
      return;
    }
    await ack();
    const { outcome } = result;
    const text = tr({
      key: 'privacy:slack.erased_note',
      params: {
        staff: `<@${staffId}>`,
        reason: esc(reason.trim()),
        deleted: outcome.filingsDeleted,
        kept: outcome.filingsKept,
        documents: outcome.documents,
      },
    });
    if (meta.c && meta.t) {
      // The message still shows the (masked) filing as it was; the thread says what happened.
      await client.chat
        .postMessage({ channel: meta.c, thread_ts: meta.t, text })
        .catch((error: unknown) =>
          logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'slack: erase note failed'),
        );
    }
  });
}
