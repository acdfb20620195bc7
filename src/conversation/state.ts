import { setAt } from '../filing/paths.ts';
import type { Lang } from '../i18n/index.ts';
import {
  type ChangeRound,
  type ConversationState,
  type Phase,
  type Slot,
  STATE_VERSION,
  type UploadedDocument,
} from './types.ts';

export function initialState(lang: Lang, seq = 0): ConversationState {
  return {
    version: STATE_VERSION,
    lang,
    phase: 'asking',
    filing: {},
    websiteCount: 1,
    websitesComplete: false,
    history: [],
    skipped: [],
    documents: [],
    seq,
  };
}

/** A fresh token for a newly asked question; derived from a counter so the engine stays deterministic. */
export function nextToken(state: ConversationState): { state: ConversationState; token: string } {
  const seq = state.seq + 1;
  return { state: { ...state, seq }, token: `q${seq.toString(36)}` };
}

const PHASES: readonly Phase[] = ['asking', 'confirm', 'documents', 'submitted', 'changes', 'cancelled'];

/**
 * Reads a stored state of any version. Older shapes are upgraded and marked `recheck`, so the next
 * step re-validates every answer against the current catalog and re-asks what no longer fits;
 * the current question is dropped and asked afresh. Unreadable input gives undefined (start over).
 *
 * Version 0 (before `version` existed) kept flat answers by path: `{ language, answers: { 'sponsor.name': … },
 * websites?: number, uploads?: [{ kind, website?, id }] }`.
 */
export function migrateState(raw: unknown): ConversationState | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.version === STATE_VERSION) return readV1(raw);
  if (raw.version === undefined && isRecord(raw.answers)) return fromV0(raw);
  return undefined;
}

function readV1(raw: Record<string, unknown>): ConversationState | undefined {
  if (!isLang(raw.lang) || !isRecord(raw.filing) || typeof raw.seq !== 'number') return undefined;
  let phase = PHASES.includes(raw.phase as Phase) ? (raw.phase as Phase) : 'asking';
  const changes = phase === 'changes' ? readChanges(raw.changes) : undefined;
  // A correction round that cannot be read is not guessed at: the filing stays with the review.
  if (phase === 'changes' && !changes) phase = 'submitted';
  const { changes: _, photoValues: __, ...rest } = raw as unknown as ConversationState;
  const photoValues = readPhotoValues(raw.photoValues);
  return {
    ...rest,
    phase,
    history: slots(raw.history),
    skipped: slots(raw.skipped),
    ...(raw.revisit === undefined ? {} : { revisit: slots(raw.revisit) }),
    documents: Array.isArray(raw.documents) ? (raw.documents as UploadedDocument[]) : [],
    ...(changes ? { changes } : {}),
    ...(photoValues ? { photoValues } : {}),
  };
}

/** Values read from a photo (added to version 1 as an optional field): only string values by path are kept. */
function readPhotoValues(raw: unknown): Record<string, string> | undefined {
  if (!isRecord(raw)) return undefined;
  const values = Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string');
  return values.length > 0 ? Object.fromEntries(values) : undefined;
}

/** The correction round (added to version 1 as an optional field, so the version did not change). */
function readChanges(raw: unknown): ChangeRound | undefined {
  if (!isRecord(raw) || typeof raw.reason !== 'string' || !isRecord(raw.before)) return undefined;
  if (![raw.fields, raw.pending, raw.asked, raw.documents].every(Array.isArray)) return undefined;
  const documents = (raw.documents as unknown[]).filter(
    (d): d is ChangeRound['documents'][number] =>
      isRecord(d) && typeof d.kind === 'string' && typeof d.uploaded === 'boolean',
  );
  return {
    reason: raw.reason,
    requestedAt: typeof raw.requestedAt === 'string' ? raw.requestedAt : '',
    fields: slots(raw.fields),
    pending: slots(raw.pending),
    asked: slots(raw.asked),
    documents,
    before: raw.before,
  };
}

function fromV0(raw: Record<string, unknown>): ConversationState {
  const lang = isLang(raw.language) ? raw.language : 'zh';
  let filing = initialState(lang).filing;
  for (const [path, value] of Object.entries(raw.answers as Record<string, unknown>)) {
    if (value !== undefined && value !== null) filing = setAt(filing, path, value);
  }
  const websites = Array.isArray(filing.websites) ? filing.websites.length : 0;
  const declared = typeof raw.websites === 'number' ? raw.websites : 1;
  const uploads = Array.isArray(raw.uploads) ? raw.uploads.filter(isRecord) : [];
  return {
    ...initialState(lang),
    filing,
    websiteCount: Math.max(1, websites, declared),
    documents: uploads.map((u) => ({
      kind: String(u.kind),
      ...(typeof u.website === 'number' ? { websiteIndex: u.website } : {}),
      documentId: String(u.id),
    })),
    // Seq restarts high enough that no button from the old flow can match a new token.
    seq: 1000,
    recheck: true,
  };
}

function slots(value: unknown): Slot[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (s): s is Slot =>
      isRecord(s) &&
      typeof s.fieldId === 'string' &&
      (s.websiteIndex === undefined || typeof s.websiteIndex === 'number'),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Local on purpose: src/i18n/index.ts reads the locale files (node:fs), and the engine imports
 * nothing that does I/O, not even transitively.
 */
export function isLang(value: unknown): value is Lang {
  return value === 'zh' || value === 'en';
}
