/**
 * 网站备案信息安全承诺书: one page for the whole filing, naming the sponsor and every website with its
 * domains, the usual commitments (laws, truthful data, showing the ICP number, pre-approvals,
 * security measures, liability) and the sponsor's signature (and seal) boxes.
 */
import type { FormBlock, FormLayout } from './form-layout.ts';
import { type FormContext, instructions, metaBlocks, orDash, section, sponsorBoxes } from './form-rows.ts';

/** Keys under `forms:commitment.items`, in order. */
const ITEMS = ['1', '2', '3', '4', '5', '6'];

export function commitmentLetter(ctx: FormContext): FormLayout {
  const { words, filing } = ctx;
  const title = words.label('forms:titles.commitment_letter');
  const blocks: FormBlock[] = [
    { kind: 'title', text: title },
    ...metaBlocks(ctx),
    {
      kind: 'paragraph',
      text: words.text('forms:commitment.intro', {
        sponsor: orDash(filing.sponsor.name),
        documentType: words.enumValue('documentType', filing.sponsor.documentType || undefined) || '—',
        documentNumber: orDash(filing.sponsor.documentNumber),
        provider: ctx.providerName,
      }),
    },
    section(ctx, 'websites'),
    ...filing.websites.map(
      (site): FormBlock => ({
        kind: 'paragraph',
        text: words.text('forms:commitment.website', {
          n: site.index + 1,
          name: orDash(site.name),
          domains: orDash(words.list(site.domains)),
        }),
      }),
    ),
    section(ctx, 'declaration'),
    ...ITEMS.map(
      (item, i): FormBlock => ({
        kind: 'paragraph',
        text: `${i + 1}. ${words.text(`forms:commitment.items.${item}`)}`,
      }),
    ),
    sponsorBoxes(ctx),
    instructions(ctx, 'commitment_letter'),
  ];
  return { title, pages: [{ blocks }] };
}
