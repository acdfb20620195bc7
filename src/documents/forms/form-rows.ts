/** Rows and blocks the three forms share: the sponsor, a principal, the signature area, the instructions. */

import { divisionNames, type FilingView, type PrincipalView } from './filing-view.ts';
import type { FormBlock, FormRow, FormWords } from './form-layout.ts';

export interface FormContext {
  words: FormWords;
  filing: FilingView;
  providerName: string;
  /** The date printed on the form, `YYYY-MM-DD` (Shanghai). */
  date: string;
}

export function row(ctx: FormContext, labelKey: string, value: string): FormRow {
  return { label: ctx.words.label(`forms:labels.${labelKey}`), value };
}

export function section(ctx: FormContext, key: string): FormBlock {
  return { kind: 'section', text: ctx.words.label(`forms:sections.${key}`) };
}

export function sponsorRows(ctx: FormContext): FormRow[] {
  const { sponsor } = ctx.filing;
  const { words } = ctx;
  const rows = [
    row(ctx, 'sponsorName', sponsor.name),
    row(ctx, 'nature', words.enumValue('nature', sponsor.nature || undefined)),
    row(ctx, 'documentType', words.enumValue('documentType', sponsor.documentType || undefined)),
    row(ctx, 'documentNumber', sponsor.documentNumber),
    row(ctx, 'location', divisionNames([sponsor.province, sponsor.city, sponsor.county], words.lang)),
    row(ctx, 'documentAddress', sponsor.documentAddress),
    row(ctx, 'mailingAddress', sponsor.mailingAddress),
  ];
  if (!ctx.filing.individual) rows.push(row(ctx, 'investor', sponsor.investor));
  return rows;
}

/**
 * ID numbers are printed in full: the form is the applicant's own attestation of exactly what was
 * filed, and reviewers compare it digit by digit with the ID photo (a mismatch is among the most
 * common rejections). The PDF goes only to the applicant and, on request, to one staff member.
 */
export function principalRows(ctx: FormContext, p: PrincipalView): FormRow[] {
  const { words } = ctx;
  const validUntil = p.idValidUntil === 'long_term' ? words.label('forms:labels.longTerm') : p.idValidUntil;
  return [
    row(ctx, 'principalName', p.name),
    row(ctx, 'idType', words.enumValue('documentType', p.idType || undefined)),
    row(ctx, 'idNumber', p.idNumber),
    row(ctx, 'idValidUntil', validUntil),
    row(ctx, 'officePhone', p.officePhone),
    row(ctx, 'mobiles', words.list(p.mobiles)),
    row(ctx, 'emergencyPhone', p.emergencyPhone),
    row(ctx, 'emails', words.list(p.emails)),
  ];
}

/** Provider and date under the title (and the ICP number for orders on an existing filing). */
export function metaBlocks(ctx: FormContext, extra?: string): FormBlock[] {
  const { words, filing } = ctx;
  const parts = [
    `${words.label('forms:labels.provider')}: ${ctx.providerName}`,
    `${words.label('forms:labels.date')}: ${ctx.date}`,
  ];
  if (filing.filingType)
    parts.unshift(
      `${words.label('forms:labels.filingType')}: ${words.enumValue('filingType', filing.filingType)}`,
    );
  if (filing.icpNumber) parts.push(`${words.label('forms:labels.icpNumber')}: ${filing.icpNumber}`);
  if (extra) parts.push(extra);
  return [{ kind: 'meta', text: parts.join('   ') }];
}

/** The sponsor's signature boxes: an organisation also stamps its seal. */
export function sponsorBoxes(ctx: FormContext): FormBlock {
  const { words } = ctx;
  const captions = ctx.filing.individual
    ? [words.label('forms:boxes.individualSignature'), words.label('forms:boxes.date')]
    : [
        words.label('forms:boxes.principalSignature'),
        words.label('forms:boxes.seal'),
        words.label('forms:boxes.date'),
      ];
  return { kind: 'boxes', captions };
}

export function instructions(ctx: FormContext, kind: string): FormBlock {
  const { words } = ctx;
  const who = ctx.filing.individual ? 'individual' : 'organisation';
  return {
    kind: 'instructions',
    text: words.text(`forms:instructions.${who}`, { kind: words.text(`documents:kinds.${kind}`) }),
  };
}

export function orDash(value: string): string {
  return value === '' ? '—' : value;
}
