/** `/icp <domain | ICP number | applicant or sponsor name>`: staff search, answered ephemerally. */
import type { App } from '@slack/bolt';
import type { HandlerDeps } from './action-handlers.ts';
import { searchReply } from './search-results.ts';

export const SLASH_COMMAND = '/icp';

export function registerCommandHandlers(app: App, deps: Pick<HandlerDeps, 'staffService' | 'tr'>): void {
  const { staffService, tr } = deps;
  app.command(SLASH_COMMAND, async ({ ack, command }) => {
    if (!staffService.isStaff(command.user_id)) {
      await ack({ response_type: 'ephemeral', text: tr({ key: 'staff:problems.not_staff' }) });
      return;
    }
    const query = command.text ?? '';
    const results = query.trim() ? await staffService.find(query) : [];
    await ack(searchReply(query, results, tr));
  });
}
