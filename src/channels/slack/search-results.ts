/** The ephemeral answer of `/icp <domain | ICP number | name>`. */
import type { types } from '@slack/bolt';
import type { StaffFilingView } from '../../services/staff-types.ts';
import { filingLine } from './filing-line.ts';
import { esc, mrkdwn, type Tr } from './slack-text.ts';

const MAX_RESULTS = 10;

export interface EphemeralReply {
  response_type: 'ephemeral';
  text: string;
  blocks?: types.KnownBlock[];
}

export function searchReply(query: string, results: StaffFilingView[], tr: Tr): EphemeralReply {
  if (!query.trim()) return { response_type: 'ephemeral', text: tr({ key: 'slack:search.usage' }) };
  if (results.length === 0) {
    return {
      response_type: 'ephemeral',
      text: tr({ key: 'slack:search.none', params: { query: esc(query) } }),
    };
  }
  const text = tr({ key: 'slack:search.found', params: { count: results.length, query: esc(query) } });
  return {
    response_type: 'ephemeral',
    text,
    blocks: [
      { type: 'section', text: mrkdwn(text) },
      ...results.slice(0, MAX_RESULTS).map((view) => filingLine(view, tr)),
    ],
  };
}
