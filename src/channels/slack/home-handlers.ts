import type { App } from '@slack/bolt';
import type { HandlerDeps } from './action-handlers.ts';
import { homeView, notStaffHomeView } from './app-home.ts';

export function registerHomeHandlers(app: App, deps: Pick<HandlerDeps, 'staffService' | 'tr'>): void {
  const { staffService, tr } = deps;
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const user = event.user;
    if (!staffService.isStaff(user)) {
      await client.views.publish({ user_id: user, view: notStaffHomeView(tr) });
      return;
    }
    const [mine, unclaimed] = await Promise.all([
      staffService.list({ filter: 'mine', staffId: user }),
      staffService.list({ filter: 'unclaimed' }),
    ]);
    await client.views.publish({ user_id: user, view: homeView({ mine, unclaimed }, tr) });
  });
}
