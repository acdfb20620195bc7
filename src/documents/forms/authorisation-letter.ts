/**
 * 网站负责人授权书: one page per website whose principal is another person than the sponsor
 * principal. The sponsor (through its principal, who signs and stamps) authorises that person to
 * act as the website's principal; both sign.
 */

import type { WebsiteView } from './filing-view.ts';
import type { FormBlock, FormLayout, FormPage } from './form-layout.ts';
import { type FormContext, instructions, metaBlocks, orDash } from './form-rows.ts';

export function authorisationLetter(ctx: FormContext): FormLayout {
  const title = ctx.words.label('forms:titles.authorisation_letter');
  const sponsorId = ctx.filing.sponsorPrincipal.idNumber.toUpperCase();
  const sites = ctx.filing.websites.filter(
    (site) => site.ownPrincipal && site.principal.idNumber.toUpperCase() !== sponsorId,
  );
  return { title, pages: sites.map((site) => page(ctx, title, site)) };
}

function page(ctx: FormContext, title: string, site: WebsiteView): FormPage {
  const { words, filing } = ctx;
  const idType = (type: string) => words.enumValue('documentType', type || undefined) || '—';
  const blocks: FormBlock[] = [
    { kind: 'title', text: title },
    ...metaBlocks(ctx),
    {
      kind: 'paragraph',
      text: words.text('forms:authorisation.body', {
        grantee: orDash(site.principal.name),
        idType: idType(site.principal.idType),
        idNumber: orDash(site.principal.idNumber),
        website: orDash(site.name),
        domains: orDash(words.list(site.domains)),
      }),
    },
    {
      kind: 'paragraph',
      text: words.text('forms:authorisation.grantor', {
        sponsor: orDash(filing.sponsor.name),
        documentType: idType(filing.sponsor.documentType),
        documentNumber: orDash(filing.sponsor.documentNumber),
      }),
    },
    {
      kind: 'paragraph',
      text: words.text('forms:authorisation.grantorPrincipal', {
        name: orDash(filing.sponsorPrincipal.name),
        idType: idType(filing.sponsorPrincipal.idType),
        idNumber: orDash(filing.sponsorPrincipal.idNumber),
      }),
    },
    {
      kind: 'boxes',
      captions: [
        words.label('forms:boxes.grantorSignature'),
        words.label('forms:boxes.seal'),
        words.label('forms:boxes.granteeSignature'),
        words.label('forms:boxes.date'),
      ],
    },
    instructions(ctx, 'authorisation_letter'),
  ];
  return { blocks };
}
