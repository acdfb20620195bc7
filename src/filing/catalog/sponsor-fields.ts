/** 主办单位: where the sponsor is, what it is, and its certificate (icp-domain.md §1.1). */
import type { FieldContext, PhotoField, PhotoSource } from '../catalog-types.ts';
import { citiesOf, countiesOf, provinces } from '../divisions/index.ts';
import {
  DOCUMENT_TYPES,
  type DocumentType,
  documentTypesFor,
  enumLabelKey,
  FILING_TYPES,
  NATURES,
  type Nature,
} from '../enums.ts';
import { ORDERS } from '../orders/descriptions.ts';
import { checkDocumentNumber } from '../validators/index.ts';
import { natureOf, obj, str } from './draft.ts';
import { type CatalogField, choiceField, divisionField, textField } from './field-kinds.ts';

const sponsor = (ctx: FieldContext) => obj(ctx.filing.sponsor);
const answered = (key: string) => (ctx: FieldContext) => str(sponsor(ctx)?.[key]) !== undefined;

/**
 * The photo that answers the certificate's name and number: a business licence (read as a
 * licence), or an individual's resident ID card, which is also the principal's ID front.
 */
const certificatePhoto =
  (licence: PhotoField, idCard: PhotoField) =>
  (ctx: FieldContext): PhotoSource | undefined => {
    const type = str(sponsor(ctx)?.documentType);
    if (type === 'business_license') return { kind: 'sponsor_certificate', reads: licence };
    if (type === 'resident_id') return { kind: 'sponsor_principal_id_front', reads: idCard };
    return undefined;
  };

/** The natures nearly every applicant has come first, so they are on the first page (and the example). */
const COMMON_NATURES: readonly string[] = ['enterprise', 'individual'];
const natureOptions = [
  ...NATURES.filter((n) => COMMON_NATURES.includes(n.key)).sort(
    (a, b) => COMMON_NATURES.indexOf(a.key) - COMMON_NATURES.indexOf(b.key),
  ),
  ...NATURES.filter((n) => !COMMON_NATURES.includes(n.key)),
].map((n) => ({ value: n.key, labelKey: enumLabelKey('nature', n.key), miitCode: n.miit }));

/**
 * A first filing is what most chats start with: one tap. Every other order is made on an existing
 * ICP number, so they are grouped behind "I already have an ICP number" (filing-format.md).
 */
const filingTypeOptions = FILING_TYPES.map((k) => ({
  value: k,
  labelKey: enumLabelKey('filingType', k),
  ...(ORDERS[k].onExistingNumber ? { group: 'existing_number' } : {}),
}));

export const filingFields: CatalogField[] = [
  choiceField(
    { id: 'filingType', section: 'filing' },
    {
      enumName: 'filingType',
      all: FILING_TYPES,
      options: () => filingTypeOptions,
    },
  ),
];

export const sponsorFields: CatalogField[] = [
  divisionField({ id: 'sponsor.province', section: 'sponsor' }, () => provinces()),
  divisionField({ id: 'sponsor.city', section: 'sponsor', when: answered('province') }, (ctx) =>
    citiesOf(str(sponsor(ctx)?.province) ?? ''),
  ),
  // A few cities (东莞, 中山, 儋州, 嘉峪关) have no county level: then the county is not asked.
  divisionField(
    {
      id: 'sponsor.county',
      section: 'sponsor',
      when: (ctx) => countiesOf(str(sponsor(ctx)?.city) ?? '').length > 0,
      // The example is a district of the chosen city, not of some other one.
      help: (ctx) => {
        const example = countiesOf(str(sponsor(ctx)?.city) ?? '')[0]!;
        return {
          params: { exampleZh: example.nameZh, exampleEn: example.nameEn, exampleCode: example.code },
        };
      },
    },
    (ctx) => countiesOf(str(sponsor(ctx)?.city) ?? ''),
  ),
  choiceField(
    { id: 'sponsor.nature', section: 'sponsor' },
    { enumName: 'nature', all: natureOptions.map((o) => o.value), options: () => natureOptions },
  ),
  choiceField(
    { id: 'sponsor.documentType', section: 'sponsor', when: (ctx) => natureOf(ctx.filing) !== undefined },
    {
      enumName: 'documentType',
      all: DOCUMENT_TYPES,
      unavailableCode: 'document_type.not_for_nature',
      options(ctx) {
        const nature = natureOf(ctx.filing);
        if (!nature) return [];
        return documentTypesFor(nature)
          .filter((k) => offeredInChat(nature, k))
          .map((k) => ({ value: k, labelKey: enumLabelKey('documentType', k) }));
      },
    },
  ),
  textField(
    {
      id: 'sponsor.documentNumber',
      section: 'sponsor',
      // An individual's certificate is their ID: the hint speaks of the ID card, not licences.
      help: (ctx) => (natureOf(ctx.filing) === 'individual' ? { variant: 'individual' } : {}),
      photo: certificatePhoto('uscc', 'idNumber'),
    },
    (value, ctx) => {
      const type = str(sponsor(ctx)?.documentType);
      return type ? checkDocumentNumber(type, value, { now: ctx.now }) : { ok: true, value };
    },
  ),
  textField(
    { id: 'sponsor.name', section: 'sponsor', photo: certificatePhoto('companyName', 'name') },
    undefined,
    100,
  ),
  textField({ id: 'sponsor.documentAddress', section: 'sponsor' }),
  textField({
    id: 'sponsor.mailingAddress',
    section: 'sponsor',
    // Most applicants receive mail at the certificate's address: one tap.
    suggest: (ctx) => {
      const address = str(sponsor(ctx)?.documentAddress);
      return address ? [address] : [];
    },
  }),
  // An individual is their own investor (icp-domain.md §1.1): not asked, follows the name.
  textField(
    {
      id: 'sponsor.investor',
      section: 'sponsor',
      derive: (ctx) => (natureOf(ctx.filing) === 'individual' ? str(sponsor(ctx)?.name) : undefined),
    },
    undefined,
    100,
  ),
  textField({ id: 'sponsor.remarks', section: 'sponsor', required: false, onRequest: true }, undefined, 500),
];

/**
 * The organisation code certificate was merged into the business licence (2015–2017) and replaced
 * by the USCC on the other natures' own certificates: the chat offers it to enterprises only, whose
 * label says so. MIIT still lists it for the other natures, so a document that carries it stays
 * valid (`icp check`, sponsor rules).
 */
function offeredInChat(nature: Nature, type: DocumentType): boolean {
  return type !== 'organization_code' || nature === 'enterprise';
}
