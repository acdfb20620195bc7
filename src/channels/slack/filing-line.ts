import type { types } from '@slack/bolt';
import type { StaffFilingView } from '../../services/staff-types.ts';
import { esc, mrkdwn, type Tr } from './slack-text.ts';
import { slaLine } from './triage-message.ts';

/** One filing in a list (App Home, /icp results): sponsor, domains, stage, SLA, link to its message. */
export function filingLine(view: StaffFilingView, tr: Tr): types.KnownBlock {
  const title = esc(view.sponsorName ?? tr({ key: 'slack:triage.unnamed' }));
  const lines = [
    `*${title}*${view.domains.length > 0 ? ` · ${esc(view.domains.join(', '))}` : ''}`,
    [
      tr({ key: `review:stages.${view.status}` }),
      view.icpNumber ?? '',
      view.claimedBy ? `<@${view.claimedBy}>` : tr({ key: 'slack:triage.unclaimed' }),
    ]
      .filter(Boolean)
      .join(' · '),
    slaLine(view, tr).replace(/\n/g, ' · '),
  ];
  return {
    type: 'context',
    elements: [mrkdwn(`${lines.join('\n')}\n\`${view.id}\``)],
  };
}
