/**
 * From the lines an OCR read on a document to the fields the filing asks for (pure). The OCR model
 * returns one string per detected line with a confidence (0–1); labels and values on an ID card
 * front or a business licence come on one line ("姓名张三", "名称 某某有限公司") or the label
 * alone with the value on the next line, and spaces inside labels ("名  称") are common.
 */
import { residentIdCheckChar } from '../../filing/validators/resident-id.ts';
import { checkUscc } from '../../filing/validators/uscc.ts';

export interface OcrLine {
  text: string;
  /** 0–1, the model's mean confidence over the line's characters. */
  confidence: number;
}

export interface ReadValue {
  value: string;
  confidence: number;
}

export interface IdFrontFields {
  name?: ReadValue;
  /** Only an 18-character number whose check character is right: a misread digit never reads as a number. */
  idNumber?: ReadValue;
}

export interface LicenceFields {
  companyName?: ReadValue;
  uscc?: ReadValue;
}

/** Which reader a document kind gets; other kinds are not read. */
export type OcrLayout = 'id_front' | 'licence';

export function ocrLayoutOf(kind: string): OcrLayout | undefined {
  if (kind === 'sponsor_certificate') return 'licence';
  if (kind === 'sponsor_principal_id_front' || kind === 'website_principal_id_front') return 'id_front';
  return undefined;
}

const RESIDENT_ID = /[1-9]\d{16}[\dX]/g;
const USCC = /[0-9A-HJ-NPQRTUWXY]{18}/g;

export function parseIdFront(lines: readonly OcrLine[]): IdFrontFields {
  const fields: IdFrontFields = {};
  const name = valueAfterLabel(lines, ['姓名'], /^[\p{Script=Han}·]{2,20}$/u);
  if (name) fields.name = name;
  for (const line of lines) {
    for (const match of compact(line.text).toUpperCase().matchAll(RESIDENT_ID)) {
      if (residentIdCheckChar(match[0].slice(0, 17)) === match[0][17]) {
        fields.idNumber = { value: match[0], confidence: line.confidence };
        return fields;
      }
    }
  }
  return fields;
}

export function parseLicence(lines: readonly OcrLine[]): LicenceFields {
  const fields: LicenceFields = {};
  const name = valueAfterLabel(lines, ['名称', '企业名称'], /^[\p{Script=Han}()（）A-Za-z0-9·]{4,100}$/u);
  if (name) fields.companyName = name;
  for (const line of lines) {
    for (const match of compact(line.text).toUpperCase().matchAll(USCC)) {
      if (checkUscc(match[0]).ok) {
        fields.uscc = { value: match[0], confidence: line.confidence };
        return fields;
      }
    }
  }
  return fields;
}

/**
 * The value on a label's line ("姓名张三"), or on the next line when the label stands alone. The
 * label must start the line: "名称" also appears inside "企业名称" and longer phrases elsewhere.
 */
function valueAfterLabel(lines: readonly OcrLine[], labels: string[], shape: RegExp): ReadValue | undefined {
  for (let i = 0; i < lines.length; i++) {
    const text = compact(lines[i]!.text);
    const label = labels.find((l) => text.startsWith(l));
    if (!label) continue;
    const rest = text.slice(label.length).replace(/^[:：]/, '');
    if (rest && shape.test(rest)) return { value: rest, confidence: lines[i]!.confidence };
    const next = lines[i + 1];
    if (!rest && next && shape.test(compact(next.text))) {
      return { value: compact(next.text), confidence: next.confidence };
    }
  }
  return undefined;
}

/** Spaces (the model puts them between spaced-out label characters) and full-width forms away. */
export function compact(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}
