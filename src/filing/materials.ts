import type { Text } from '../i18n/index.ts';
import { obj } from './catalog/draft.ts';
import type { DraftFiling } from './catalog-types.ts';
import type { DocumentKind } from './document-kinds.ts';
import { PER_WEBSITE_KINDS } from './document-kinds.ts';
import { orderOf } from './orders/descriptions.ts';
import { OUT_OF_PROVINCE_INDIVIDUALS } from './rules/province-rules.ts';

/**
 * Which documents a filing needs, from the sponsor's nature and the principals (icp-domain.md §4).
 * Pure: reads the draft document only. Reasons are texts under `documents:reasons.*`.
 *
 * Decisions the domain notes leave open, made concrete here:
 * - A personal ID has a back side when it is a card: resident ID, the HK/Macao and Taiwan travel
 *   permits (cards since 2013 / 2015), both residence permits and the foreign permanent residence
 *   ID. A passport has none: its personal data page is the one image asked for. An ID type not yet
 *   answered counts as a card (the resident ID is by far the most common).
 * - A website principal's ID is needed when the website has its own principal (an object) who is
 *   a different person from the sponsor principal (another ID number, or no number yet).
 * - Authorisation letter (法人授权书), organisations only: needed when any website has such a
 *   principal of its own, since that person then acts for the organisation. The document format
 *   does not record the legal representative, so a sponsor principal who is not the legal
 *   representative cannot be detected here; staff ask for the letter in review.
 * - Individuals whose resident ID was issued in another province, filing in a province that then
 *   asks for a local residence permit (icp-domain.md §5.4), need that permit (kind `other`).
 * - One domain certificate per website (covering all its domains), one pre-approval document per
 *   pre-approval listed.
 * - A nature not yet answered: neither the organisation-only nor the individual-only items.
 */
export interface RequiredMaterial {
  kind: DocumentKind;
  /** For per-website kinds: index into `websites`. */
  websiteIndex?: number;
  /** For `pre_approval`: which pre-approval (`preApprovals[].type`). */
  preApprovalType?: string;
  reason: Text;
}

export interface UploadedMaterial {
  kind: string;
  websiteIndex?: number;
  preApprovalType?: string;
}

/** Provinces asking out-of-province individuals for a local residence permit (the province rules' table). */
const RESIDENCE_PERMIT_PROVINCES: ReadonlySet<string> = new Set(
  Object.entries(OUT_OF_PROVINCE_INDIVIDUALS)
    .filter(([, policy]) => policy === 'residence_permit')
    .map(([prefix]) => prefix),
);

export function requiredMaterials(filing: DraftFiling): RequiredMaterial[] {
  const sponsor = obj(filing.sponsor);
  const sponsorPrincipal = obj(filing.sponsorPrincipal);
  const nature = text(sponsor?.nature);
  const individual = nature === 'individual';
  const organisation = nature !== undefined && !individual;
  const websites = list(filing.websites).map(obj);
  const out: RequiredMaterial[] = [];
  const need = (
    kind: DocumentKind,
    reason: string,
    params?: Text['params'],
    extra?: Partial<RequiredMaterial>,
  ) =>
    out.push({
      kind,
      ...extra,
      reason: { key: `documents:reasons.${reason}`, ...(params ? { params } : {}) },
    });

  if (organisation) need('sponsor_certificate', 'sponsor_certificate');

  const who = individual ? 'individual' : 'sponsor_principal';
  const sponsorIdType =
    text(sponsorPrincipal?.idType) ?? (individual ? text(sponsor?.documentType) : undefined);
  if (sponsorIdType === 'passport') need('sponsor_principal_id_front', `${who}_passport`);
  else {
    need('sponsor_principal_id_front', `${who}_id_front`);
    need('sponsor_principal_id_back', `${who}_id_back`);
  }
  if (individual && needsResidencePermit(sponsor, sponsorPrincipal, sponsorIdType))
    need('other', 'residence_permit');

  const ownPrincipalSites: string[] = [];
  websites.forEach((site, websiteIndex) => {
    const principal = obj(site?.principal);
    if (!principal || samePerson(principal, sponsorPrincipal)) return;
    const website = websiteLabel(site, websiteIndex);
    ownPrincipalSites.push(website);
    if (text(principal.idType) === 'passport') {
      need('website_principal_id_front', 'website_principal_passport', { website }, { websiteIndex });
    } else {
      need('website_principal_id_front', 'website_principal_id_front', { website }, { websiteIndex });
      need('website_principal_id_back', 'website_principal_id_back', { website }, { websiteIndex });
    }
  });

  websites.forEach((site, websiteIndex) => {
    const website = websiteLabel(site, websiteIndex);
    const domains = list(site?.domains).filter((d): d is string => typeof d === 'string');
    need(
      'domain_certificate',
      'domain_certificate',
      { website, domains: domains.join(', ') || website },
      { websiteIndex },
    );
    for (const approval of list(site?.preApprovals).map(obj)) {
      const type = text(approval?.type);
      if (!type) continue;
      const reason = KNOWN_PRE_APPROVALS.has(type) ? `pre_approval.${type}` : 'pre_approval.generic';
      need(
        'pre_approval',
        reason,
        { website, licenceNumber: text(approval?.licenceNumber) ?? '—' },
        { websiteIndex, preApprovalType: type },
      );
    }
  });

  need('verification_form', individual ? 'verification_form_individual' : 'verification_form');
  need('commitment_letter', individual ? 'commitment_letter_individual' : 'commitment_letter');
  if (organisation && ownPrincipalSites.length > 0) {
    need('authorisation_letter', 'authorisation_letter', { websites: ownPrincipalSites.join(', ') });
  }
  // Orders on an existing number need only part of a first filing's materials (filing-format.md).
  const kinds = orderOf(filing).materials;
  return kinds ? out.filter((m) => kinds.includes(m.kind)) : out;
}

/**
 * What is still missing. Each upload satisfies one requirement: kind and, for per-website kinds,
 * website index must match. An upload of a pre-approval that names its type goes to that type; one
 * that does not counts for any pre-approval of its website still open.
 */
export function missingMaterials(filing: DraftFiling, uploaded: UploadedMaterial[]): RequiredMaterial[] {
  const required = requiredMaterials(filing);
  const used = new Set<number>();
  const satisfied = new Set<number>();
  const pass = (matches: (need: RequiredMaterial, upload: UploadedMaterial) => boolean) => {
    required.forEach((need, i) => {
      if (satisfied.has(i)) return;
      const j = uploaded.findIndex(
        (upload, k) => !used.has(k) && upload.kind === need.kind && matches(need, upload),
      );
      if (j < 0) return;
      used.add(j);
      satisfied.add(i);
    });
  };
  const sameSite = (need: RequiredMaterial, upload: UploadedMaterial) =>
    !PER_WEBSITE_KINDS.has(need.kind) || upload.websiteIndex === need.websiteIndex;
  pass((need, upload) => sameSite(need, upload) && upload.preApprovalType === need.preApprovalType);
  pass((need, upload) => sameSite(need, upload) && upload.preApprovalType === undefined);
  return required.filter((_, i) => !satisfied.has(i));
}

const KNOWN_PRE_APPROVALS: ReadonlySet<string> = new Set([
  'news',
  'publishing',
  'education',
  'medical',
  'drugs_medical_devices',
  'bulletin_board',
  'culture',
  'radio_film_tv',
  'ride_hailing',
  'internet_finance',
  'off_campus_training',
  'religion',
]);

function needsResidencePermit(
  sponsor: Record<string, unknown> | undefined,
  principal: Record<string, unknown> | undefined,
  idType: string | undefined,
): boolean {
  const province = text(sponsor?.province)?.slice(0, 2);
  const idNumber = text(principal?.idNumber) ?? text(sponsor?.documentNumber);
  if (idType !== 'resident_id' || !province || !idNumber || !/^\d{2}/.test(idNumber)) return false;
  return idNumber.slice(0, 2) !== province && RESIDENCE_PERMIT_PROVINCES.has(province);
}

function samePerson(a: Record<string, unknown>, b: Record<string, unknown> | undefined): boolean {
  const idA = text(a.idNumber)?.toUpperCase();
  return idA !== undefined && idA === text(b?.idNumber)?.toUpperCase();
}

/** How a reason names a website: its name, else its first domain, else its number. */
function websiteLabel(site: Record<string, unknown> | undefined, index: number): string {
  const firstDomain = list(site?.domains).find((d): d is string => typeof d === 'string' && d.trim() !== '');
  return text(site?.name) ?? firstDomain ?? `#${index + 1}`;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
