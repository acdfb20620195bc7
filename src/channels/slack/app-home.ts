/** App Home: the review queue, overdue first, in "mine" and "unclaimed" sections. */
import type { types } from '@slack/bolt';
import type { StaffFilingView } from '../../services/staff-types.ts';
import { filingLine } from './filing-line.ts';
import { mrkdwn, plainText, type Tr } from './slack-text.ts';

/** A Home tab holds at most 100 blocks: two headers, two counts and this many filings per section. */
const PER_SECTION = 40;

export function homeView(
  queue: { mine: StaffFilingView[]; unclaimed: StaffFilingView[] },
  tr: Tr,
): types.HomeView {
  return {
    type: 'home',
    blocks: [
      ...section('mine', queue.mine, tr),
      { type: 'divider' },
      ...section('unclaimed', queue.unclaimed, tr),
    ],
  };
}

function section(name: 'mine' | 'unclaimed', views: StaffFilingView[], tr: Tr): types.KnownBlock[] {
  const overdue = views.filter((v) => v.overdue).length;
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plainText(tr({ key: `slack:home.${name}` }), 150) },
    {
      type: 'section',
      text: mrkdwn(tr({ key: 'slack:home.count', params: { count: views.length, overdue } })),
    },
  ];
  if (views.length === 0)
    blocks.push({ type: 'context', elements: [mrkdwn(tr({ key: `slack:home.${name}_empty` }))] });
  for (const view of views.slice(0, PER_SECTION)) blocks.push(filingLine(view, tr));
  if (views.length > PER_SECTION) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(tr({ key: 'slack:home.more', params: { count: views.length - PER_SECTION } }))],
    });
  }
  return blocks;
}

/** What someone outside the staff list sees on the Home tab. */
export function notStaffHomeView(tr: Tr): types.HomeView {
  return {
    type: 'home',
    blocks: [{ type: 'section', text: mrkdwn(tr({ key: 'staff:problems.not_staff' })) }],
  };
}
