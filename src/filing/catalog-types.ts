/**
 * The contract between the filing model (the catalog and its rules) and every surface that asks,
 * shows or checks fields: the conversation engine, the console, Telegram, Slack and `icp check`.
 * Pure types: no I/O.
 */

/** A filing being filled in: the canonical JSON document (filing-format.md), possibly incomplete. */
export type DraftFiling = Record<string, unknown>;

export type FieldKind = 'text' | 'choice' | 'multi_choice' | 'list' | 'division' | 'date';

export type SectionId = 'filing' | 'sponsor' | 'sponsorPrincipal' | 'website' | 'websitePrincipal' | 'access';

/** A problem with one value or one document: a stable code (`resident_id.checksum`), localized as `errors:<code>`. */
export interface FieldProblem {
  code: string;
  params?: Record<string, string | number>;
}

/** A problem anywhere in a document, with its dotted path (`websites.0.domains.1`). */
export interface DocumentProblem extends FieldProblem {
  path: string;
}

export type FieldResult<T = unknown> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export interface FieldContext {
  /** The whole draft, so conditions and options can look at other answers. */
  filing: DraftFiling;
  /** Which website a `websites.*` field is about. */
  websiteIndex?: number;
  now: Date;
  /** The applicant's verified account address, when the channel knows it (a one-tap suggestion). */
  accountEmail?: string;
}

export interface ChoiceOption {
  /** The canonical value stored in the document (enumeration key or division code). */
  value: string;
  /** i18n key of the label, e.g. `filing:enums.nature.enterprise`; divisions carry names instead. */
  labelKey?: string;
  /** Literal label (division names come from data, not locales): zh name and an English/pinyin form. */
  label?: { zh: string; en: string };
  miitCode?: number;
  /**
   * Options of one group are shown behind one button of their own (`conversation:groups.<group>`),
   * so the common answer stands alone: "first filing" or "I already have an ICP number".
   */
  group?: string;
  /** Interpolation values of `labelKey` (a button naming a field: "Change “Domains”"). */
  labelParams?: Record<string, string | number>;
}

/** What a photo of a document gives: the ID card front's name and number, the licence's name and USCC. */
export type PhotoField = 'name' | 'idNumber' | 'companyName' | 'uscc';

/**
 * A question the applicant may answer by sending the photo of a document instead of typing (issue
 * 14, prefill): the photo is read and the value offered as a one-tap answer, never filled in.
 */
export interface PhotoSource {
  /** The material the photo is (`sponsor_principal_id_front`, `sponsor_certificate`…): it is kept as that. */
  kind: string;
  /** Which of the document's fields answers this question. */
  reads: PhotoField;
}

export interface FieldDef {
  /**
   * Catalog id; the document path with `*` for the website index, e.g. `sponsor.nature`,
   * `websites.*.domains`, `websites.*.principal.idNumber`, `websites.*.access.ips`.
   * Labels and help live at `filing:fields.<id>.label` / `.help` (help includes a realistic example).
   */
  id: string;
  section: SectionId;
  kind: FieldKind;
  required: boolean;
  /** Declarative condition: when false the field does not apply and must not be kept in the document. */
  when?: (ctx: FieldContext) => boolean;
  /** Choices for `choice`, `multi_choice` and `division` fields; may depend on other answers. */
  options?: (ctx: FieldContext) => ChoiceOption[];
  /**
   * Turns what the applicant gave (typed text, or the chosen option values) into the canonical
   * value, applying every single-field rule. `list` fields accept `;` `；` `,` `，` or new lines.
   * `division` fields accept a code or a name (中文, pinyin/English, or a prefix such as 浦东).
   */
  parse: (input: string | string[], ctx: FieldContext) => FieldResult;
  /**
   * How a stored (canonical) value is shown to people, when that differs: IDN domains are stored
   * as punycode but shown, and accepted in a document, in Chinese (`例子.中国`).
   */
  display?: (value: string) => string;
  /**
   * A known answer: when it gives a value, that is the field's answer and the field is not asked
   * (an individual's investor is the individual). Re-derived after every change, so it follows
   * its source.
   */
  derive?: (ctx: FieldContext) => unknown;
  /**
   * Likely answers offered as one tap (the account address, "same as the mobile"); for a
   * multi-choice field, the options ticked when it is first asked.
   */
  suggest?: (ctx: FieldContext) => string[];
  /**
   * Help that fits the applicant: a variant (`help_<variant>` beside `help`, e.g. an individual's
   * ID card instead of business licences) and parameters (a district of the chosen city as the
   * example).
   */
  help?: (ctx: FieldContext) => { variant?: string; params?: Record<string, string> };
  /** Optional fields few applicants need (remarks): not asked in turn, added with `/edit` from the summary. */
  onRequest?: boolean;
  /** The document photo that can answer this question now (a resident ID front, a business licence). */
  photo?: (ctx: FieldContext) => PhotoSource | undefined;
}

/** Concrete document path of a catalog field: `websites.*.name` with index 1 → `websites.1.name`. */
export function concretePath(id: string, websiteIndex?: number): string {
  if (!id.includes('*')) return id;
  if (websiteIndex === undefined) throw new Error(`field ${id} needs a website index`);
  return id.replace('*', String(websiteIndex));
}
