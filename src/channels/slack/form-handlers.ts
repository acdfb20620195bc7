/**
 * The triage message's form buttons: the printable form made from the filing and uploaded into a
 * direct message to the staff member who clicked, never into the triage channel (the form carries
 * full ID numbers, which the channel only ever shows masked).
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { FormMaker } from '../../documents/forms/form-maker.ts';
import { isPrintableForm } from '../../filing/printable-forms.ts';
import type { Lang } from '../../i18n/index.ts';
import type { StaffService } from '../../services/staff-service.ts';
import { tellUser } from './action-handlers.ts';
import { decodeButtonValue, FORM_ACTION_ID } from './action-ids.ts';
import type { Tr } from './slack-text.ts';

export interface FormHandlerDeps {
  staffService: StaffService;
  forms: FormMaker;
  lang: Lang;
  tr: Tr;
  logger: Logger;
}

export function registerFormHandlers(app: App, deps: FormHandlerDeps): void {
  const { staffService, tr, logger } = deps;
  app.action<BlockAction<ButtonAction>>(FORM_ACTION_ID, async ({ ack, body, action, client }) => {
    await ack();
    const channel = body.channel?.id ?? body.container?.channel_id;
    const tell = (text: string) =>
      tellUser(client, body, typeof channel === 'string' ? channel : undefined, text);
    const value = decodeButtonValue(action.value);
    if (!value?.d || !isPrintableForm(value.d)) return tell(tr({ key: 'slack:errors.bad_button' }));
    const kind = value.d;
    const found = await staffService.filingForForm(body.user.id, value.f, kind);
    if (!found.ok) return tell(tr(found.problem.text));
    const title = tr({ key: `documents:kinds.${kind}` });
    try {
      const file = await deps.forms(found.value.document as Record<string, unknown>, kind, deps.lang);
      if (!file) return tell(tr({ key: 'slack:forms.not_needed', params: { title } }));
      const dm = await client.conversations.open({ users: body.user.id });
      const dmChannel = dm.channel?.id;
      if (!dmChannel) throw new Error('no direct message channel');
      await client.files.uploadV2({
        channel_id: dmChannel,
        file: file.bytes,
        filename: file.fileName,
        title: file.title,
        initial_comment: tr({ key: 'slack:forms.comment', params: { title, filingId: value.f } }),
      });
      await tell(tr({ key: 'slack:forms.sent', params: { title } }));
    } catch (error) {
      logger.warn(
        { err: error instanceof Error ? error.name : 'unknown', filingId: value.f, kind },
        'slack: form could not be sent',
      );
      await tell(tr({ key: 'slack:forms.failed', params: { title } }));
    }
  });
}
