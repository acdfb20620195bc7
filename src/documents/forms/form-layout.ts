/**
 * What a printable form says, page by page, as plain data: titles, labelled rows, paragraphs and
 * empty boxes to sign or stamp in. Pure: the texts come through the injected translator, so the
 * same layout is rendered to PDF (pdf-renderer.ts) and inspected in tests without a PDF library.
 */
import type { Lang, TextParams } from '../../i18n/index.ts';

export type Translate = (lang: Lang, key: string, params?: TextParams) => string;

export interface FormRow {
  label: string;
  value: string;
}

export type FormBlock =
  | { kind: 'title'; text: string }
  /** A line under the title: provider, date, which website. */
  | { kind: 'meta'; text: string }
  | { kind: 'section'; text: string }
  | { kind: 'rows'; rows: FormRow[] }
  | { kind: 'paragraph'; text: string }
  /** Empty boxes, side by side, each with its caption: hand signatures, the seal, the date. */
  | { kind: 'boxes'; captions: string[] }
  /** What to do with the paper: shown framed at the bottom of the page. */
  | { kind: 'instructions'; text: string };

export interface FormPage {
  blocks: FormBlock[];
}

export interface FormLayout {
  title: string;
  pages: FormPage[];
}

/**
 * How texts read in one language of the form. The real forms are Chinese: in English every label
 * and enumeration value keeps its Chinese original next to the translation, so a printed English
 * form still matches the fields of the provider's system.
 */
export class FormWords {
  readonly lang: Lang;
  private readonly translate: Translate;

  constructor(lang: Lang, translate: Translate) {
    this.lang = lang;
    this.translate = translate;
  }

  /** One language only: sentences and paragraphs. */
  text(key: string, params?: TextParams): string {
    return this.translate(this.lang, key, params);
  }

  /** Labels and values from a list: both languages in English. */
  label(key: string, params?: TextParams): string {
    const zh = this.translate('zh', key, params);
    if (this.lang === 'zh') return zh;
    const en = this.translate('en', key, params);
    return en === zh ? en : `${en} ${zh}`;
  }

  /** An enumeration value (`filing:enums.<group>.<value>`); an unknown one is shown as typed. */
  enumValue(group: string, value: string | undefined): string {
    if (value === undefined) return '';
    const key = `filing:enums.${group}.${value}`;
    const zh = this.translate('zh', key);
    if (zh === key) return value;
    return this.label(key);
  }

  list(values: string[]): string {
    return values.join(this.lang === 'zh' ? '、' : ', ');
  }
}
