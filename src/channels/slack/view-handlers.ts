/** Dialog submissions: the action runs before the dialog closes, so a refusal shows under its input. */
import type { App, ViewSubmitAction } from '@slack/bolt';
import { type HandlerDeps, publishNow } from './action-handlers.ts';
import { decodeModalMeta, isModalAction, MODAL_CALLBACK_ID } from './action-ids.ts';
import { actionFromModal, BLOCK, errorBlock, type ModalValues } from './modals.ts';

export function registerViewHandlers(app: App, deps: HandlerDeps): void {
  const { staffService, tr, logger } = deps;

  app.view<ViewSubmitAction>(MODAL_CALLBACK_ID, async ({ ack, body, view }) => {
    const type = MODAL_CALLBACK_ID.exec(view.callback_id)?.[1] ?? '';
    const meta = decodeModalMeta(view.private_metadata);
    if (!isModalAction(type) || !meta) {
      await ack({
        response_action: 'errors',
        errors: { [BLOCK.reason]: tr({ key: 'slack:errors.bad_button' }) },
      });
      return;
    }
    const staffId = body.user.id;
    if (!staffService.isStaff(staffId)) {
      logger.info({ user: staffId, action: type }, 'slack: non-staff dialog refused');
      // Any block of the dialog will do to show the message; the first input is always there.
      const first = view.blocks.find((b) => b.type === 'input')?.block_id ?? BLOCK.reason;
      await ack({ response_action: 'errors', errors: { [first]: tr({ key: 'staff:problems.not_staff' }) } });
      return;
    }
    const action = actionFromModal(type, view.state.values as ModalValues);
    const result = await staffService.act(staffId, meta.f, action, {
      expectedVersion: meta.v,
      selfDeliversSlack: true,
    });
    if (!result.ok) {
      await ack({
        response_action: 'errors',
        errors: { [errorBlock(type, result.problem)]: tr(result.problem.text) },
      });
      return;
    }
    await ack();
    await publishNow(deps, result.value);
  });
}
