import type { types } from '@slack/bolt';
import { MIIT_BEIAN_URL } from '../../review/status-message.ts';
import type { StaffFilingView } from '../../services/staff-types.ts';
import { esc, mrkdwn, type Tr } from './slack-text.ts';
import { orderLabel, slaLine } from './triage-message.ts';

/** One filing in a list (App Home, /icp results): sponsor, domains, stage, SLA, link to its message. */
export function filingLine(view: StaffFilingView, tr: Tr): types.KnownBlock {
  const title = esc(view.sponsorName ?? tr({ key: 'slack:triage.unnamed' }));
  const lines = [
    `*${title}*${view.domains.length > 0 ? ` · ${esc(view.domains.join(', '))}` : ''}`,
    [
      orderLabel(view, tr),
      tr({ key: `review:stages.${view.status}` }),
      icpNumberText(view, tr),
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

/** The number issued here, else the one the order names, linked to the MIIT public query site. */
function icpNumberText(view: StaffFilingView, tr: Tr): string {
  if (view.icpNumber) return view.icpNumber;
  if (!view.orderIcpNumber) return '';
  return tr({
    key: 'slack:triage.icp_lookup',
    params: { url: MIIT_BEIAN_URL, number: esc(view.orderIcpNumber) },
  });
}
