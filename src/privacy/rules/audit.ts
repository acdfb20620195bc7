/**
 * Staff access to personal data (issue 13): which events count as an access, and how each reads.
 * Pure. Views of full ID numbers, document links (this app's and the app-served links of the
 * encrypted file store: `document_link_created`, `document_downloaded`), exports and erasures.
 */
import type { Text } from '../../i18n/index.ts';

export const ACCESS_KINDS = {
  'staff.full_view': 'full_view',
  'staff.document_link': 'document_link',
  document_link_created: 'document_link_created',
  document_downloaded: 'document_downloaded',
  'staff.export': 'export',
  'privacy.erasure_requested': 'erasure',
} as const;

export type AccessEventType = keyof typeof ACCESS_KINDS;
export const ACCESS_EVENT_TYPES = Object.keys(ACCESS_KINDS) as AccessEventType[];

export interface AccessEvent {
  filingId: string | null;
  applicantId: string | null;
  actor: string;
  type: string;
  data: unknown;
  at: Date;
}

/** A staff member's actor string (`staff:<id>`): only those are staff access. */
export function isStaffActor(actor: string): boolean {
  return actor.startsWith('staff:');
}

/** What the event says was looked at (a document's kind, an erasure's reason), never a value. */
function detailOf(event: AccessEvent): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  for (const key of ['kind', 'documentKind', 'reason', 'documentId']) {
    if (typeof data[key] === 'string') return data[key] as string;
  }
  return '';
}

export function accessText(event: AccessEvent): Text {
  const kind = ACCESS_KINDS[event.type as AccessEventType] ?? 'full_view';
  return { key: `privacy:staff.audit_types.${kind}`, params: { detail: detailOf(event) } };
}

/** The line in the filing's Slack thread: who (a Slack mention when it is a member id) and what. */
export function threadText(event: AccessEvent): Text {
  const kind = ACCESS_KINDS[event.type as AccessEventType] ?? 'full_view';
  return {
    key: `privacy:staff.thread.${kind}`,
    params: { actor: event.actor.replace(/^staff:/, ''), detail: detailOf(event) },
  };
}
