/**
 * `icp staff erase <filing id | applicant id> --reason "..."`, `icp staff audit [filing id]`,
 * `icp staff export <filing id>` (issue 13). Returns the exit status, or undefined for misuse
 * (the caller prints the usage).
 */
import type { Text } from '../i18n/index.ts';
import { accessText } from '../privacy/rules/audit.ts';
import type { StaffPrivacy } from '../privacy/staff-privacy.ts';
import { shanghaiDateTime } from '../review/shanghai-time.ts';

export interface PrivacyVerbIo {
  privacy: StaffPrivacy;
  staffId: string;
  reason: string | undefined;
  dataDir: string | undefined;
  out(line: string): void;
  err(line: string): void;
  tr(text: Text): string;
}

export async function privacyVerb(
  verb: string,
  rest: string[],
  io: PrivacyVerbIo,
): Promise<number | undefined> {
  const { tr } = io;
  switch (verb) {
    case 'erase': {
      if (rest.length !== 1) {
        io.err(tr({ key: 'privacy:staff.erase_usage' }));
        return 2;
      }
      const result = await io.privacy.erase(io.staffId, rest[0]!, io.reason ?? '');
      if (!result.ok) {
        if (result.problem === 'reason_required') {
          io.err(tr({ key: 'privacy:staff.erase_reason_required' }));
          return 2;
        }
        io.err(tr({ key: 'privacy:staff.erase_not_found', params: { id: rest[0]! } }));
        return 1;
      }
      const { outcome } = result;
      if (!outcome.ran) io.out(tr({ key: 'privacy:staff.erased_already' }));
      else
        io.out(
          tr({
            key: 'privacy:staff.erased',
            params: {
              deleted: outcome.filingsDeleted,
              kept: outcome.filingsKept,
              documents: outcome.documents,
            },
          }),
        );
      return 0;
    }
    case 'audit': {
      if (rest.length > 1) return undefined;
      const events = await io.privacy.audit(rest[0]);
      if (events.length === 0) io.out(tr({ key: 'privacy:staff.audit_none' }));
      for (const event of events) {
        io.out(
          tr({
            key: 'privacy:staff.audit_line',
            params: {
              at: shanghaiDateTime(event.at),
              actor: event.actor,
              what: tr(accessText(event)),
              filingId: event.filingId ?? '—',
            },
          }),
        );
      }
      return 0;
    }
    case 'export': {
      if (rest.length !== 1 || !io.dataDir) return undefined;
      const path = await io.privacy.exportFiling(io.staffId, rest[0]!, io.dataDir);
      if (!path) {
        io.err(tr({ key: 'privacy:staff.erase_not_found', params: { id: rest[0]! } }));
        return 1;
      }
      io.out(tr({ key: 'privacy:staff.export_written', params: { path } }));
      return 0;
    }
    default:
      return undefined;
  }
}
