/**
 * Public types of the conversation engine: what the applicant service stores (ConversationState),
 * what channels feed in (EngineInput) and what they render (Outgoing). Pure types, JSON-serializable.
 */
import type {
  DocumentProblem,
  DraftFiling,
  FieldDef,
  FieldKind,
  FieldProblem,
  SectionId,
} from '../filing/catalog-types.ts';
import type { PrintableForm } from '../filing/printable-forms.ts';
import type { Lang, Text } from '../i18n/index.ts';

/** Bump when the shape or meaning of ConversationState changes; `migrateState` upgrades older states. */
export const STATE_VERSION = 1;

export type Phase =
  /** Asking the form's fields (and "add another website?"). */
  | 'asking'
  /** All fields answered: summary shown, waiting for "confirm" (or an edit). */
  | 'confirm'
  /** Confirmed: collecting the required materials, then submission. */
  | 'documents'
  | 'submitted'
  /**
   * After submission, the reviewers asked for corrections (`changes_requested`): the requested
   * fields are asked again, then the requested documents, then the changed items are confirmed and
   * resubmitted (back to 'submitted').
   */
  | 'changes'
  | 'cancelled';

/** One question slot: a catalog field (with its website for `websites.*` fields) or a flow question. */
export interface Slot {
  fieldId: string;
  websiteIndex?: number;
}

export interface CurrentQuestion extends Slot {
  /** Changes every time a new question is asked; buttons carry it so stale presses are detected. */
  token: string;
  /** Multi-choice values ticked so far (committed on "done"). */
  toggles?: string[];
  /** Page of a long option list being shown (0-based). */
  page?: number;
  /** The option group opened (ChoiceOption.group): its options are shown instead of the ungrouped ones. */
  group?: string;
  /**
   * The current answer was refused against this earlier answer (the homepage against the domains):
   * the question offers to change either, so a wrong earlier answer does not trap the applicant.
   */
  conflict?: Slot;
}

export interface UploadedDocument {
  kind: string;
  websiteIndex?: number;
  /** For `pre_approval`: which pre-approval (`preApprovals[].type`) the document proves. */
  preApprovalType?: string;
  documentId: string;
}

/**
 * A document the reviewers asked for again. Without `websiteIndex` (or `preApprovalType`): that kind
 * for every website (pre-approval) of the filing that needs one.
 */
export interface RequestedDocument {
  kind: string;
  websiteIndex?: number;
  preApprovalType?: string;
}

/** One round of corrections asked for by the reviewers (phase 'changes'). */
export interface ChangeRound {
  /** The reviewers' words, shown as written (staff free text, not a locale key). */
  reason: string;
  requestedAt: string;
  /** The requested fields that exist in this filing, in asking order. */
  fields: Slot[];
  /** Requested fields not answered yet in this round. */
  pending: Slot[];
  /** Fields answered in this round, most recent last: `back` walks these. */
  asked: Slot[];
  /** The requested documents, one per concrete material; `uploaded` once a new upload came in. */
  documents: (RequestedDocument & { uploaded: boolean })[];
  /** The filing when the changes were requested: the final summary shows what differs from it. */
  before: DraftFiling;
}

export interface ConversationState {
  version: typeof STATE_VERSION;
  lang: Lang;
  phase: Phase;
  /** The canonical filing document (filing-format.md), filled in as answers are accepted. */
  filing: DraftFiling;
  /** How many websites the applicant declared (the draft's `websites` array may be shorter until answered). */
  websiteCount: number;
  /** True once the applicant said "no more websites". */
  websitesComplete: boolean;
  current?: CurrentQuestion;
  /** Questions answered before, most recent last: `back` pops from here. */
  history: Slot[];
  /** Optional fields the applicant skipped (counted as answered, left out of the document). */
  skipped: Slot[];
  documents: UploadedDocument[];
  /** Token counter: tokens are derived from it, so the engine stays deterministic. */
  seq: number;
  /** Set by `migrateState`: the next step re-checks every answer against the current catalog and rules. */
  recheck?: boolean;
  submittedAt?: string;
  /** Present in phase 'changes' only. */
  changes?: ChangeRound;
  /** The verified account address (from the account step): offered as the principal's email. */
  accountEmail?: string;
  /**
   * Values read from a document photo sent instead of typing, by document path, offered as a
   * one-tap answer when that question is asked; gone once the question is answered either way.
   */
  photoValues?: Record<string, string>;
  /**
   * A change of a filing approved here: the answered fields of the sections the applicant picked,
   * asked again in turn (their approved value shown; `/skip` keeps it). Empty or absent otherwise.
   */
  revisit?: Slot[];
}

/** A filing of this applicant approved here, with the sponsor's ICP number it was given. */
export interface ApprovedFiling {
  icpNumber: string;
  filing: DraftFiling;
}

/** An order with the staff (any applicant's), by its sponsor's document number: one at a time per sponsor. */
export interface OrderInProgress {
  documentNumber: string;
  filingType: string;
  /** The review status (`first_review`…): shown with `review:stages.<status>`. */
  status: string;
}

/**
 * What the applicant service looked up in the database for this step, so the engine can stay pure
 * and synchronous. Absent facts are unknown, not "none": the engine then simply does not use them.
 */
export interface StepFacts {
  approved?: readonly ApprovedFiling[];
  ordersInProgress?: readonly OrderInProgress[];
}

export type Command =
  | 'start'
  | 'back'
  | 'skip'
  | 'summary'
  | 'edit'
  | 'restart'
  | 'cancel'
  | 'lang'
  | 'help'
  | 'status'
  | 'documents'
  | 'submit'
  | 'add_website'
  | 'remove_website';

export const COMMANDS: readonly Command[] = [
  'start',
  'back',
  'skip',
  'summary',
  'edit',
  'restart',
  'cancel',
  'lang',
  'help',
  'status',
  'documents',
  'submit',
  'add_website',
  'remove_website',
];

export type EngineInput =
  /** Typed text: the answer to the current question. */
  | { type: 'text'; text: string }
  /** A button press: the `value` of one of the question's options. */
  | { type: 'choice'; token: string; value: string }
  /** Multi-choice: tick or untick one option. */
  | { type: 'toggle'; token: string; value: string }
  /** Multi-choice: commit the ticked options. */
  | { type: 'done'; token: string }
  /** Show another page (0-based) of a long option list. */
  | { type: 'page'; token: string; page: number }
  /**
   * `edit`: arg = a document path (`sponsor.name`, `websites.1.domains`) or the row number shown
   * in the summary (1-based). `lang`: arg = 'zh' | 'en' (no arg: switch to the other one).
   * `remove_website`: arg = the website number as shown to the applicant (1-based).
   */
  | { type: 'command'; command: Command; arg?: string }
  /** The account step verified this address: kept for suggestions, then the conversation goes on (or starts). */
  | { type: 'account_email'; email: string }
  /** An upload the applicant service already checked and stored. */
  | { type: 'document'; kind: string; websiteIndex?: number; preApprovalType?: string; documentId: string }
  /**
   * An upload the service refused (wrong type, too small...): the engine explains and goes on.
   * Codes are the upload problem codes of src/documents (texts at `documents:problems.<code>`).
   */
  | { type: 'document_rejected'; problems: FieldProblem[] }
  /**
   * A photo sent at a question that takes one (`QuestionMessage.photo`), read by the service:
   * `values` by document path (empty when nothing could be read, or OCR is off); `document` when
   * the photo was kept as a required material. `token` is the question it was sent at.
   */
  | {
      type: 'ocr_suggestion';
      token: string;
      values: Record<string, string>;
      document?: { kind: string; websiteIndex?: number; documentId: string };
    }
  /**
   * Staff asked for corrections (review `request_changes`); only acted on in phase 'submitted'.
   * `fields` are document paths (`sponsor.name`, `websites.0.domains`); a path of a group
   * (`websites.0.access`) asks every field under it; a path that is no field of this filing is
   * skipped with an info. `reason` is the reviewers' text, shown as written.
   */
  | { type: 'changes_requested'; fields: string[]; documents: RequestedDocument[]; reason: string };

/** A label from the locales (`Text`) or a literal pair of names (division names come from data). */
export type Label = Text | { zh: string; en: string };

export interface QuestionOption {
  value: string;
  label: Label;
  /** Multi-choice: ticked; single choice: the current answer. */
  selected?: boolean;
}

export interface QuestionMessage {
  type: 'question';
  token: string;
  /** Catalog id (`websites.*.domains`) or a flow question id (`@add_website`, `@confirm`, `@submit`). */
  fieldId: string;
  /** Concrete document path (`websites.1.domains`); '' for flow questions. */
  path: string;
  section: SectionId | 'flow';
  websiteIndex?: number;
  title: Text;
  help: Text;
  kind: FieldKind;
  /** The options on the current page only (long lists are paged). */
  options?: QuestionOption[];
  page?: { index: number; count: number };
  /** Multi-choice: show ticks and a "done" button. */
  multi?: boolean;
  /** The answer already given (shown when going back or editing). */
  current?: SummaryValue;
  skippable: boolean;
  /**
   * Questions answered before this one, and questions in all, among those that apply now (derived
   * and on-request fields are not questions). `editing`: this one was answered already (`/edit`,
   * `/back`): channels say so instead of a count.
   */
  progress: { answered: number; total: number; editing?: true };
  /**
   * The question may be answered with a photo of this document (an ID card front, a licence):
   * channels say so, and hand a photo sent now to the service as a photo answer.
   */
  photo?: { kind: string; websiteIndex?: number };
}

export interface ProblemMessage {
  /** Document path of the problem, when it is about one field. */
  path?: string;
  /** The field's label (`filing:fields.<id>.label`), when the path maps to a catalog field. */
  field?: Text;
  /** Why: `errors:<code>` with the problem's params. */
  text: Text;
}

export interface ClearedField {
  path: string;
  field: Text;
  reason: 'not_applicable' | 'invalid';
  /** Why it became invalid (`errors:<code>`); empty for not_applicable. */
  problems: Text[];
}

export type SummaryValue = string | Label | Label[];

export interface SummaryRow {
  /** 1-based number the applicant can give to `edit`. */
  number: number;
  path: string;
  label: Text;
  value: SummaryValue;
  editable: boolean;
}

export interface SummarySection {
  section: SectionId;
  websiteIndex?: number;
  title: Text;
  rows: SummaryRow[];
}

export interface RequiredDocument {
  /** Label: `documents:kinds.<kind>`. */
  kind: string;
  websiteIndex?: number;
  preApprovalType?: string;
  reason: Text;
  uploaded: boolean;
}

export type Outgoing =
  | QuestionMessage
  /** An answer or an action was refused: the reasons, and (for a field) its help with an example. */
  | { type: 'error'; problems: ProblemMessage[]; hint?: Text }
  | { type: 'info'; text: Text }
  /** Answers removed because a change made them inapplicable or invalid; invalid ones are asked again. */
  | { type: 'cleared'; fields: ClearedField[] }
  | { type: 'summary'; sections: SummarySection[] }
  | { type: 'documents'; required: RequiredDocument[] }
  | { type: 'submitted'; filing: DraftFiling; documents: UploadedDocument[] }
  /** Lines from outside the engine (the review's /status view): one message, one line each. */
  | { type: 'notice'; texts: Text[] }
  /** The corrected filing, after validateFiling passed: the service runs the review's `resubmit`. */
  | { type: 'resubmitted'; filing: DraftFiling; documents: UploadedDocument[] }
  /**
   * A printable form to print, sign and send back (verification form, commitment or authorisation
   * letter), filled from `filing`. Declarative: each channel makes the file and delivers it its own
   * way. It is made again from the filing on every `/documents`, so a lost send loses nothing.
   */
  | { type: 'form'; document: PrintableForm; filing: DraftFiling }
  /** A file for the applicant (their `/export`, issue 13): sent as a document; never copied to the outbox. */
  | { type: 'file'; fileName: string; mimeType: string; content: string; caption: Text };

export interface EngineEvent {
  /**
   * answer_accepted {path} (never the value: it may be personal data), answer_rejected {path, codes},
   * field_cleared {path, reason, codes?}, field_skipped {path}, language_changed {from, to},
   * website_added {index}, website_removed {index}, document_added {kind, websiteIndex?},
   * document_rejected {codes}, photo_read {paths}, photo_unread {}, photo_late {}, stale_input {}, submission_refused {codes, missingDocuments},
   * submitted {}, restarted {}, cancelled {}, state_migrated {from},
   * changes_requested {fields, documents, unknownFields, unknownDocuments},
   * changes_request_ignored {phase}, resubmission_refused {codes, missingDocuments, pendingFields},
   * resubmitted {fields (changed paths), documents (kinds re-uploaded)}, field_kept {path} (an
   * answer kept as it was when asked again), earlier_answer_reopened {path},
   * approved_filing_reused {order}.
   */
  type: string;
  data?: Record<string, unknown>;
}

export interface StepResult {
  state: ConversationState;
  messages: Outgoing[];
  events: EngineEvent[];
}

export interface RequiredMaterial {
  kind: string;
  websiteIndex?: number;
  preApprovalType?: string;
  reason: Text;
}

/** The outside of the engine, injected so tests can use a small catalog and the service the real one. */
export interface EngineDeps {
  /** Ordered: sponsor → sponsorPrincipal → website fields (`websites.*.…`), as in src/filing/catalog.ts. */
  catalog: readonly FieldDef[];
  /** Rules on an incomplete draft; missing fields are not problems. */
  validateDraft: (draft: DraftFiling, opts: { now: Date }) => DocumentProblem[];
  /** The whole document, as `icp check` validates it. */
  validateFiling: (doc: unknown, opts: { now: Date }) => { valid: boolean; errors: DocumentProblem[] };
  requiredMaterials: (filing: DraftFiling) => readonly RequiredMaterial[];
}

export interface StepContext {
  now: Date;
  facts?: StepFacts;
  /** Language for a brand-new conversation (an existing state keeps its own). */
  lang?: Lang;
  deps: EngineDeps;
}

/**
 * The engine: `createEngine(deps)` (src/conversation/engine.ts) returns this; `step(undefined, …)`
 * starts a new conversation. Pure and synchronous: the caller commits `state` and `events`, then
 * hands `messages` to the channel (rendered in `state.lang`).
 */
export interface Engine {
  step(
    state: ConversationState | undefined,
    input: EngineInput,
    ctx: { now: Date; lang?: Lang; facts?: StepFacts },
  ): StepResult;
  /**
   * Where the applicant stands, as the messages to show again (the current question, the
   * documents list, the summary…), without changing anything: a reply lost in a crash is replaced
   * by this once the bot is back.
   */
  prompt(state: ConversationState, ctx: { now: Date }): Outgoing[];
}
