/**
 * The shape of the canonical document (filing-format.md) as zod schemas: keys, types and
 * enumerations. Values are judged by the field checks and rules added in `../schema.ts`.
 */
import { z } from 'zod';
import {
  ACCESS_METHODS,
  DOCUMENT_TYPES,
  FILING_TYPES,
  LANGUAGES,
  NATURES,
  PERSONAL_ID_TYPES,
  PRE_APPROVAL_TYPES,
  SAME_AS_SPONSOR_PRINCIPAL,
  SERVICES,
} from '../enums.ts';
import { LIST_LIMITS } from '../limits.ts';

const keys = <K extends string>(list: readonly { key: K }[]) => list.map((e) => e.key) as [K, ...K[]];

export const sponsorSchema = z.strictObject({
  province: z.string(),
  city: z.string(),
  /** Absent only for the few cities without a county level (东莞, 中山...). */
  county: z.string().optional(),
  nature: z.enum(keys(NATURES)),
  documentType: z.enum(DOCUMENT_TYPES),
  documentNumber: z.string(),
  name: z.string(),
  documentAddress: z.string(),
  mailingAddress: z.string(),
  investor: z.string(),
  remarks: z.string().optional(),
});

export const principalSchema = z.strictObject({
  name: z.string(),
  idType: z.enum(PERSONAL_ID_TYPES),
  idNumber: z.string(),
  /** ISO date or "long_term". */
  idValidUntil: z.string(),
  officePhone: z.string(),
  mobiles: z.array(z.string()).min(1).max(LIST_LIMITS.mobilesPerPrincipal),
  emergencyPhone: z.string(),
  emails: z.array(z.string()).min(1).max(LIST_LIMITS.emailsPerPrincipal),
  remarks: z.string().optional(),
});

export const preApprovalSchema = z.strictObject({
  type: z.enum(keys(PRE_APPROVAL_TYPES)),
  licenceNumber: z.string(),
});

export const websiteSchema = z.strictObject({
  name: z.string(),
  domains: z.array(z.string()).min(1).max(LIST_LIMITS.domainsPerWebsite),
  homepageUrl: z.string(),
  services: z.array(z.enum(keys(SERVICES))).min(1),
  /** Empty or absent when no chosen service needs a licence. */
  preApprovals: z.array(preApprovalSchema).max(LIST_LIMITS.preApprovalsPerWebsite).optional(),
  languages: z.array(z.enum(keys(LANGUAGES))).min(1),
  principal: z.union([z.literal(SAME_AS_SPONSOR_PRINCIPAL), principalSchema]),
  access: z.strictObject({
    ips: z.array(z.string()).min(1).max(LIST_LIMITS.ipsPerWebsite),
    method: z.enum(keys(ACCESS_METHODS)),
    serverProvince: z.string(),
  }),
  remarks: z.string().optional(),
});

export const filingStructure = z.strictObject({
  filingType: z.enum(FILING_TYPES),
  sponsor: sponsorSchema,
  sponsorPrincipal: principalSchema,
  websites: z.array(websiteSchema).min(1).max(LIST_LIMITS.websites),
});

export type Filing = z.infer<typeof filingStructure>;
export type Principal = z.infer<typeof principalSchema>;
export type Website = z.infer<typeof websiteSchema>;
