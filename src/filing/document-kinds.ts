import type { Text } from '../i18n/index.ts';
import { MATERIAL_KINDS } from './enums.ts';

/**
 * The kinds of uploaded material (filing-format.md, Documents), as the filing model lists them.
 * Labels: `documents:kinds.<kind>`.
 */
export const DOCUMENT_KINDS = MATERIAL_KINDS;

export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Kinds that belong to one website, so an upload of them carries a website index. */
export const PER_WEBSITE_KINDS: ReadonlySet<DocumentKind> = new Set([
  'website_principal_id_front',
  'website_principal_id_back',
  'domain_certificate',
  'pre_approval',
]);

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(value);
}

export function documentKindLabel(kind: DocumentKind): Text {
  return { key: `documents:kinds.${kind}` };
}
