/**
 * Every filing order (filing-format.md, "Other filing types") as one declarative description: which
 * sections it carries, which ICP numbers it needs and what the review does with it. The zod
 * structure, the catalog's field conditions (so the chat and `icp check`), the review's stages and
 * the staff views all read these descriptions; none of them branches on an order type by hand.
 */
import type { DocumentKind } from '../document-kinds.ts';
import type { FilingType } from '../enums.ts';

/** `full`: every sponsor field; `identity`: only who the sponsor is (the rest may be given and is then checked). */
export type SponsorScope = 'full' | 'identity';
/** `full`: every website question; `numbers`: only each website's ICP number; `none`: no websites. */
export type WebsiteScope = 'full' | 'numbers' | 'none';
export type Presence = 'required' | 'optional' | 'absent';

export interface OrderDescription {
  type: FilingType;
  /** The sponsor's ICP number (`沪ICP备2026012345号`): every order on an existing filing. */
  icpNumber: Presence;
  sponsor: SponsorScope;
  sponsorPrincipal: boolean;
  websites: WebsiteScope;
  /** Each website's own number (`…号-N`): none yet for a new website, required for one filed elsewhere. */
  websiteNumber: Presence;
  /** A change names the sections it corrects (`sponsor`, `sponsorPrincipal`, `websites.N`). */
  changedSections: boolean;
  /** Cancellations say why (`reason`, and `reasonText` for `other`). */
  reason: boolean;
  /** Whether the provider's verification (the interview) is part of this order's review. */
  interview: boolean;
  /** Whether the applicant must already hold an ICP number for this order (all but the first filing). */
  onExistingNumber: boolean;
  /** The material kinds this order asks for, among those a first filing would; undefined = all of them. */
  materials?: readonly DocumentKind[];
}

/** Cancellations: the sponsor principal's ID photo and (organisations) the sponsor certificate. */
const CANCELLATION_MATERIALS: readonly DocumentKind[] = [
  'sponsor_certificate',
  'sponsor_principal_id_front',
  'sponsor_principal_id_back',
];

const base = {
  icpNumber: 'required',
  sponsor: 'identity',
  sponsorPrincipal: false,
  websites: 'none',
  websiteNumber: 'absent',
  changedSections: false,
  reason: false,
  interview: false,
  onExistingNumber: true,
  materials: CANCELLATION_MATERIALS,
} as const satisfies Omit<OrderDescription, 'type'>;

export const ORDERS: Readonly<Record<FilingType, OrderDescription>> = {
  first_filing: {
    ...base,
    type: 'first_filing',
    icpNumber: 'absent',
    sponsor: 'full',
    sponsorPrincipal: true,
    websites: 'full',
    interview: true,
    onExistingNumber: false,
    materials: undefined,
  },
  new_website: {
    ...base,
    type: 'new_website',
    sponsorPrincipal: true,
    websites: 'full',
    interview: true,
    materials: undefined,
  },
  new_access: {
    ...base,
    type: 'new_access',
    sponsorPrincipal: true,
    websites: 'full',
    websiteNumber: 'required',
    interview: true,
    // The verification form, the principals' ID photos and the domain certificate.
    materials: [
      'sponsor_principal_id_front',
      'sponsor_principal_id_back',
      'website_principal_id_front',
      'website_principal_id_back',
      'domain_certificate',
      'verification_form',
    ],
  },
  change: {
    ...base,
    type: 'change',
    sponsor: 'full',
    sponsorPrincipal: true,
    websites: 'full',
    websiteNumber: 'optional',
    changedSections: true,
    interview: true,
    materials: undefined,
  },
  cancel_website: {
    ...base,
    type: 'cancel_website',
    websites: 'numbers',
    websiteNumber: 'required',
    reason: true,
  },
  cancel_sponsor: { ...base, type: 'cancel_sponsor', reason: true },
  remove_access: { ...base, type: 'remove_access', websites: 'numbers', websiteNumber: 'required' },
};

export const DEFAULT_ORDER: FilingType = 'first_filing';

/** The order a draft or document is for; a draft that has not said yet is a first filing. */
export function orderOf(filing: Record<string, unknown>): OrderDescription {
  const type = filing.filingType;
  return (
    (typeof type === 'string' && Object.hasOwn(ORDERS, type) ? ORDERS[type as FilingType] : undefined) ??
    ORDERS[DEFAULT_ORDER]
  );
}

/** The sponsor fields that say who the sponsor is; the only ones an order on an existing number needs. */
export const SPONSOR_IDENTITY_KEYS = [
  'province',
  'city',
  'county',
  'nature',
  'documentType',
  'documentNumber',
  'name',
] as const;
