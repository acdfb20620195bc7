/**
 * `icp staff list|show|find|link|<action> ...`: the staff actions without Slack, through the same
 * staff service, so the whole flow runs on one machine. The command is trusted local operator
 * access (whoever can run it can read the database anyway): `--as` names the staff member for
 * the event log (default: ICP_STAFF_ID, else `cli`) and is not checked against
 * SLACK_STAFF_USER_IDS. Exit 0 done, 1 refused or not found, 2 misuse.
 */
import { parseArgs } from 'node:util';
import { renderValue } from '../conversation/display.ts';
import { documentLinkAddress } from '../document-links/link-config.ts';
import { readingSummary } from '../documents/reading/staff-summary.ts';
import type { Lang, Text } from '../i18n/index.ts';
import { isLang, t } from '../i18n/index.ts';
import type { StaffPrivacy } from '../privacy/staff-privacy.ts';
import { stageAgeText } from '../review/eta.ts';
import { isInterviewOption } from '../review/review-state.ts';
import { shanghaiDate, shanghaiDateTime } from '../review/shanghai-time.ts';
import { historyTexts, MIIT_BEIAN_URL } from '../review/status-message.ts';
import type { StaffService } from '../services/staff-service.ts';
import type { StaffAction, StaffFilingView } from '../services/staff-types.ts';
import { localeLang } from './locale-lang.ts';
import { privacyVerb } from './staff-privacy-verbs.ts';

export interface StaffCommandIo {
  /** The service acting as `staffId` (the CLI trusts its operator). */
  serviceFor(staffId: string): StaffService;
  /** Issue 13: erase, audit, export, and the record of each full view (`show`). */
  privacy?: StaffPrivacy;
  /** Where `export` writes (DATA_DIR). */
  dataDir?: string;
  lang: Lang;
  env: NodeJS.ProcessEnv;
  out(line: string): void;
  err(line: string): void;
}

/** CLI verbs → workflow actions. */
const VERBS: Record<string, StaffAction['type']> = {
  claim: 'claim',
  unclaim: 'unclaim',
  'approve-first-review': 'approve_first_review',
  'request-changes': 'request_changes',
  reject: 'reject',
  interview: 'record_interview',
  'approve-second-review': 'approve_second_review',
  miit: 'submitted_to_miit',
  'sms-verified': 'sms_verified',
  'sms-expired': 'sms_expired',
  approve: 'approve',
  'admin-reject': 'administration_reject',
};

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      as: { type: 'string' },
      lang: { type: 'string' },
      mine: { type: 'boolean', default: false },
      unclaimed: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      fields: { type: 'string' },
      documents: { type: 'string' },
      reason: { type: 'string' },
      icp: { type: 'string' },
      outcome: { type: 'string' },
      option: { type: 'string' },
      note: { type: 'string' },
    },
  });
}

type Values = ReturnType<typeof parse>['values'];

const list = (value: string | undefined) =>
  (value ?? '')
    .split(/[,，;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The action a verb and its options ask for; undefined when an option it needs is malformed. */
function actionOf(type: StaffAction['type'], values: Values, staffId: string): StaffAction | undefined {
  switch (type) {
    case 'claim':
      return { type, staffId };
    case 'request_changes':
      return {
        type,
        fields: list(values.fields),
        documents: list(values.documents),
        reason: values.reason ?? '',
      };
    case 'reject':
    case 'administration_reject':
      return { type, reason: values.reason ?? '' };
    case 'approve':
      return { type, icpNumber: values.icp ?? '' };
    case 'record_interview': {
      const outcome = values.outcome ?? 'passed';
      if (outcome !== 'passed' && outcome !== 'failed') return undefined;
      const action: StaffAction = { type, outcome };
      if (values.option !== undefined) {
        if (!isInterviewOption(values.option)) return undefined;
        action.option = values.option;
      }
      if (values.reason) action.reason = values.reason;
      if (values.note) action.note = values.note;
      return action;
    }
    case 'unclaim':
    case 'approve_first_review':
    case 'approve_second_review':
    case 'submitted_to_miit':
    case 'sms_verified':
    case 'sms_expired':
      return { type };
    default:
      return undefined;
  }
}

export async function runStaff(args: string[], io: StaffCommandIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch {
    io.err(t(io.lang, 'staff:cli.usage'));
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.lang !== undefined && !isLang(values.lang)) {
    io.err(t(io.lang, 'staff:cli.bad_lang', { value: values.lang }));
    return 2;
  }
  const lang: Lang = isLang(values.lang) ? values.lang : io.lang;
  const tr = (text: Text) => t(lang, text.key, text.params);
  const staffId = values.as ?? io.env.ICP_STAFF_ID ?? 'cli';
  const service = io.serviceFor(staffId);
  const [verb, ...rest] = positionals;

  switch (verb) {
    case 'list': {
      const filter = values.mine ? 'mine' : values.unclaimed ? 'unclaimed' : 'all';
      const views = await service.list({ filter, staffId });
      if (views.length === 0) io.out(tr({ key: 'staff:cli.list_empty' }));
      for (const view of views) io.out(listLine(view, tr));
      return 0;
    }
    case 'show': {
      if (rest.length !== 1) break;
      const view = await service.show(rest[0]!, { unmask: true });
      const erased = await io.privacy?.erasureRecord(rest[0]!);
      if (!view) {
        if (erased?.deleted) {
          const params = {
            id: rest[0]!,
            date: shanghaiDateTime(erased.deleted.at),
            actor: erased.deleted.actor,
          };
          io.out(tr({ key: 'privacy:staff.erased_filing', params }));
          return 0;
        }
        io.err(tr({ key: 'staff:problems.not_found', params: { filingId: rest[0]! } }));
        return 1;
      }
      for (const line of showLines(view, lang, tr)) io.out(line);
      if (erased?.erasedAt)
        io.out(tr({ key: 'privacy:staff.erased_on', params: { date: shanghaiDateTime(erased.erasedAt) } }));
      else if (erased?.documentsErasedAt)
        io.out(
          tr({
            key: 'privacy:staff.documents_erased_on',
            params: { date: shanghaiDateTime(erased.documentsErasedAt) },
          }),
        );
      // Full ID numbers were just shown: that is an access to record.
      await io.privacy?.recordAccess(staffId, view.id, 'full_view');
      return 0;
    }
    case 'erase':
    case 'audit':
    case 'export': {
      if (!io.privacy) break;
      const code = await privacyVerb(verb, rest, {
        privacy: io.privacy,
        staffId,
        reason: values.reason,
        dataDir: io.dataDir,
        out: io.out,
        err: io.err,
        tr,
      });
      if (code === undefined) break;
      return code;
    }
    case 'find': {
      if (rest.length === 0) break;
      const views = await service.find(rest.join(' '));
      if (views.length === 0) io.out(tr({ key: 'staff:cli.find_none', params: { query: rest.join(' ') } }));
      for (const view of views) io.out(listLine(view, tr));
      return 0;
    }
    case 'link': {
      if (rest.length !== 2) break;
      const link = await service.documentLink(staffId, rest[0]!, rest[1]!);
      if (!link.ok) {
        io.err(tr(link.problem.text));
        return 1;
      }
      io.out(
        tr({
          key: 'staff:cli.link',
          params: { url: link.value.url, minutes: Math.round(link.value.ttlSeconds / 60) },
        }),
      );
      return 0;
    }
    default: {
      const type = verb ? VERBS[verb] : undefined;
      if (!type || rest.length !== 1) break;
      const action = actionOf(type, values, staffId);
      if (!action) break;
      const result = await service.act(staffId, rest[0]!, action);
      if (!result.ok) {
        io.err(tr(result.problem.text));
        return 1;
      }
      const view = result.value.filing;
      io.out(tr(result.value.logText));
      io.out(tr({ key: 'staff:cli.now', params: { status: tr({ key: `review:stages.${view.status}` }) } }));
      io.out(tr({ key: 'staff:cli.next', params: { actions: verbsOf(view).join(', ') || '—' } }));
      return 0;
    }
  }
  io.err(tr({ key: 'staff:cli.usage' }));
  return 2;
}

function verbsOf(view: StaffFilingView): string[] {
  return Object.entries(VERBS)
    .filter(([, type]) => view.actions.includes(type))
    .map(([verb]) => verb);
}

function slaText(view: StaffFilingView, tr: (text: Text) => string): string {
  const parts: string[] = [];
  if (view.overdue) parts.push(tr({ key: 'staff:cli.overdue' }));
  if (view.stageDueAt) {
    parts.push(tr({ key: 'staff:cli.due', params: { date: shanghaiDateTime(new Date(view.stageDueAt)) } }));
  }
  if (view.age) parts.push(tr(stageAgeText(view.age)));
  return parts.join(' ');
}

function listLine(view: StaffFilingView, tr: (text: Text) => string): string {
  return [
    view.id,
    tr({ key: `filing:enums.filingType.${view.filingType}` }),
    tr({ key: `review:stages.${view.status}` }),
    view.sponsorName ?? '—',
    view.domains.join(',') || '—',
    view.claimedBy
      ? tr({ key: 'staff:cli.claimed', params: { staffId: view.claimedBy } })
      : tr({ key: 'staff:cli.unclaimed' }),
    slaText(view, tr),
  ].join('  ');
}

/** A change order: each corrected field, before → after (or only the new values when not held here). */
function changeLines(view: StaffFilingView, lang: Lang, tr: (text: Text) => string): string[] {
  const change = view.change;
  if (!change) return [];
  const held = change.previousFilingId !== null;
  const lines = [
    '',
    held
      ? tr({ key: 'staff:cli.show.change_title', params: { id: change.previousFilingId ?? '' } })
      : tr({ key: 'staff:cli.show.change_not_held' }),
  ];
  if (change.lines.length === 0) lines.push(tr({ key: 'staff:cli.show.change_none' }));
  for (const line of change.lines) {
    const after = renderValue(line.after, lang, tr) || '—';
    const value = held ? `${renderValue(line.before, lang, tr) || '—'} → ${after}` : after;
    const flag = line.declared ? '' : ` ${tr({ key: 'staff:cli.show.change_undeclared' })}`;
    lines.push(`  ${line.path}  ${tr(line.label)}: ${value}${flag}`);
  }
  return lines;
}

function showLines(view: StaffFilingView, lang: Lang, tr: (text: Text) => string): string[] {
  const lines = [
    tr({ key: 'staff:cli.show.title', params: { id: view.id, sponsor: view.sponsorName ?? '—' } }),
    tr({ key: 'staff:cli.show.order', params: { order: view.filingType } }),
    tr({
      key: 'staff:cli.show.status',
      params: { status: tr({ key: `review:stages.${view.status}` }), version: view.version },
    }),
    view.claimedBy
      ? tr({ key: 'staff:cli.claimed', params: { staffId: view.claimedBy } })
      : tr({ key: 'staff:cli.unclaimed' }),
  ];
  const sla = slaText(view, tr);
  if (sla) lines.push(sla);
  if (view.eta) {
    lines.push(tr({ key: 'staff:cli.show.finish', params: { date: shanghaiDate(view.eta.finishAt) } }));
  }
  if (view.icpNumber) lines.push(tr({ key: 'staff:cli.show.icp', params: { icpNumber: view.icpNumber } }));
  if (view.orderIcpNumber) {
    lines.push(
      tr({ key: 'staff:cli.show.order_icp', params: { number: view.orderIcpNumber, url: MIIT_BEIAN_URL } }),
    );
  }
  if (view.orderWebsiteIcpNumbers.length > 0) {
    lines.push(
      tr({
        key: 'staff:cli.show.order_websites',
        params: { numbers: view.orderWebsiteIcpNumbers.join(', ') },
      }),
    );
  }
  const changes = view.review.requestedChanges;
  if (changes) {
    lines.push(
      tr({
        key: 'staff:cli.show.changes',
        params: {
          fields: changes.fields.join(', ') || '—',
          documents: changes.documents.join(', ') || '—',
          reason: changes.reason,
        },
      }),
    );
  }
  if (view.review.rejection) {
    lines.push(tr({ key: 'staff:cli.show.rejection', params: { reason: view.review.rejection.reason } }));
  }
  lines.push(...changeLines(view, lang, tr));
  lines.push('', tr({ key: 'staff:cli.show.details' }));
  for (const detail of view.details) {
    const value = renderValue(detail.value, lang, tr);
    if (!value) continue;
    const label = tr(detail.label);
    const prefix =
      detail.websiteIndex === undefined
        ? label
        : tr({
            key: 'slack:modals.request_changes.website_field',
            params: { n: detail.websiteIndex + 1, label },
          });
    lines.push(`  ${detail.path}  ${prefix}: ${value}`);
  }
  lines.push('', tr({ key: 'staff:cli.show.documents' }));
  if (view.documents.length === 0) lines.push(`  ${tr({ key: 'staff:cli.show.no_documents' })}`);
  for (const doc of view.documents) {
    lines.push(
      [
        `  ${doc.id}  ${tr({ key: `documents:kinds.${doc.kind}` })}  ${doc.contentType}  ${doc.size} B`,
        ...readingSummary(doc.reading, tr),
      ].join('  · '),
    );
  }
  lines.push('', tr({ key: 'staff:cli.show.history' }));
  for (const entry of historyTexts(view.review)) lines.push(`  ${tr(entry)}`);
  lines.push('', tr({ key: 'staff:cli.next', params: { actions: verbsOf(view).join(', ') || '—' } }));
  return lines;
}

export async function run(args: string[]): Promise<number> {
  const [
    { loadConfig },
    { openDatabase, databaseOptions },
    { createBlobStore },
    { chineseWorkingDayCalendar },
    { createStaffService },
    { createErasureRunner },
    { createStaffPrivacy },
  ] = await Promise.all([
    import('../config.ts'),
    import('../db/open-database.ts'),
    import('../storage/create-blob-store.ts'),
    import('../review/chinese-days-source.ts'),
    import('../services/staff-service.ts'),
    import('../privacy/erasure.ts'),
    import('../privacy/staff-privacy.ts'),
  ]);
  const config = loadConfig();
  const db = await openDatabase(databaseOptions(config));
  try {
    const blobStore = await createBlobStore(config);
    const calendar = chineseWorkingDayCalendar();
    const now = () => new Date();
    const erasure = createErasureRunner({ db, blobs: blobStore, dataDir: config.DATA_DIR, now });
    return await runStaff(args, {
      serviceFor: (staffId) =>
        createStaffService({
          db,
          calendar,
          now: () => new Date(),
          staffIds: [staffId],
          blobStore,
          documentLinkBaseUrl: documentLinkAddress(config).baseUrl,
        }),
      privacy: createStaffPrivacy({ db, erasure, now }),
      dataDir: config.DATA_DIR,
      lang: localeLang(),
      env: process.env,
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
  } finally {
    await db.close();
  }
}
