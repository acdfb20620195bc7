/**
 * 网站备案信息真实性核验单: one page per website, as providers issue it (each website's form is
 * signed and checked on its own). Every page repeats the sponsor and its principal, then the
 * website, its principal and its access, the sponsor's declaration with empty signature (and seal)
 * boxes, and the provider's verification boxes.
 */

import { divisionNames, type WebsiteView } from './filing-view.ts';
import type { FormLayout, FormPage } from './form-layout.ts';
import {
  type FormContext,
  instructions,
  metaBlocks,
  principalRows,
  row,
  section,
  sponsorBoxes,
  sponsorRows,
} from './form-rows.ts';

export function verificationForm(ctx: FormContext): FormLayout {
  const title = ctx.words.label('forms:titles.verification_form');
  const { websites } = ctx.filing;
  // A filing with no website yet (a draft) still gets its sponsor page.
  const pages =
    websites.length === 0
      ? [page(ctx, title, undefined, 0)]
      : websites.map((site) => page(ctx, title, site, websites.length));
  return { title, pages };
}

function page(ctx: FormContext, title: string, site: WebsiteView | undefined, count: number): FormPage {
  const { words } = ctx;
  const pageLabel =
    site && count > 1 ? words.label('forms:labels.page', { n: site.index + 1, count }) : undefined;
  const blocks: FormPage['blocks'] = [
    { kind: 'title', text: title },
    ...metaBlocks(ctx, pageLabel),
    section(ctx, 'sponsor'),
    { kind: 'rows', rows: sponsorRows(ctx) },
    section(ctx, 'sponsorPrincipal'),
    { kind: 'rows', rows: principalRows(ctx, ctx.filing.sponsorPrincipal) },
  ];
  if (site) blocks.push(...websiteBlocks(ctx, site));
  blocks.push(
    section(ctx, 'declaration'),
    { kind: 'paragraph', text: words.text('forms:verification.declaration') },
    sponsorBoxes(ctx),
    section(ctx, 'provider'),
    { kind: 'paragraph', text: words.text('forms:verification.providerNote') },
    { kind: 'boxes', captions: [words.label('forms:boxes.verifier'), words.label('forms:boxes.verifiedOn')] },
    instructions(ctx, 'verification_form'),
  );
  return { blocks };
}

function websiteBlocks(ctx: FormContext, site: WebsiteView): FormPage['blocks'] {
  const { words } = ctx;
  const none = words.label('forms:labels.none');
  const preApprovals = site.preApprovals.map((p) =>
    words.text('forms:labels.preApproval', {
      type: words.enumValue('preApprovalType', p.type),
      licenceNumber: p.licenceNumber || '—',
    }),
  );
  const websiteRows = [
    row(ctx, 'websiteName', site.name),
    ...(site.icpNumber ? [row(ctx, 'icpNumber', site.icpNumber)] : []),
    row(ctx, 'domains', site.domains.join('\n')),
    row(ctx, 'homepageUrl', site.homepageUrl),
    row(ctx, 'services', words.list(site.services.map((s) => words.enumValue('service', s)))),
    row(ctx, 'preApprovals', preApprovals.length > 0 ? words.list(preApprovals) : none),
    row(ctx, 'languages', words.list(site.languages.map((l) => words.enumValue('language', l)))),
    ...(site.remarks ? [row(ctx, 'remarks', site.remarks)] : []),
  ];
  const principal = site.ownPrincipal
    ? principalRows(ctx, site.principal)
    : [
        row(
          ctx,
          'principalName',
          `${site.principal.name} (${words.label('forms:labels.sameAsSponsorPrincipal')})`,
        ),
      ];
  return [
    section(ctx, 'website'),
    { kind: 'rows', rows: websiteRows },
    section(ctx, 'websitePrincipal'),
    { kind: 'rows', rows: principal },
    section(ctx, 'access'),
    {
      kind: 'rows',
      rows: [
        row(ctx, 'provider', ctx.providerName),
        row(ctx, 'accessMethod', words.enumValue('accessMethod', site.accessMethod || undefined)),
        row(ctx, 'ips', site.ips.join('\n')),
        row(ctx, 'serverProvince', divisionNames([site.serverProvince], words.lang)),
      ],
    },
  ];
}
