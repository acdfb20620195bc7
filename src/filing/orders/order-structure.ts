/**
 * The document's shape per order, built from the descriptions: one strict object per filing type,
 * joined on `filingType`, so a cancellation carries no principal and a first filing no ICP number
 * (an extra key is an `unknown_field` at its path, a missing one `required`). Values are judged by
 * the field checks and rules, as for a first filing.
 */
import { z } from 'zod';
import { CANCEL_REASONS, FILING_TYPES, type FilingType } from '../enums.ts';
import { LIST_LIMITS } from '../limits.ts';
import { principalSchema, sponsorSchema, websiteSchema } from '../schema/structure.ts';
import { ORDERS, type OrderDescription, type Presence, SPONSOR_IDENTITY_KEYS } from './descriptions.ts';

/** Only who the sponsor is is required; the other sponsor keys may be given (and are then checked). */
const sponsorIdentitySchema = sponsorSchema.partial(
  Object.fromEntries(
    Object.keys(sponsorSchema.shape)
      .filter((key) => !(SPONSOR_IDENTITY_KEYS as readonly string[]).includes(key))
      .map((key) => [key, true]),
  ) as { documentAddress: true; mailingAddress: true; investor: true },
);

function withPresence(schema: z.ZodType, presence: Presence): z.ZodType | undefined {
  if (presence === 'absent') return undefined;
  return presence === 'optional' ? schema.optional() : schema;
}

function websitesOf(order: OrderDescription): z.ZodType | undefined {
  if (order.websites === 'none') return undefined;
  const number = withPresence(z.string(), order.websiteNumber);
  if (order.websites === 'numbers')
    return z
      .array(z.strictObject({ icpNumber: z.string() }))
      .min(1)
      .max(LIST_LIMITS.websites);
  const website = number ? z.strictObject({ icpNumber: number, ...websiteSchema.shape }) : websiteSchema;
  return z.array(website).min(1).max(LIST_LIMITS.websites);
}

function structureOf(order: OrderDescription) {
  const shape: Record<string, z.ZodType> = { filingType: z.literal(order.type) };
  const icpNumber = withPresence(z.string(), order.icpNumber);
  if (icpNumber) shape.icpNumber = icpNumber;
  if (order.changedSections) shape.changedSections = z.array(z.string()).min(1);
  shape.sponsor = order.sponsor === 'full' ? sponsorSchema : sponsorIdentitySchema;
  if (order.sponsorPrincipal) shape.sponsorPrincipal = principalSchema;
  const websites = websitesOf(order);
  if (websites) shape.websites = websites;
  if (order.reason) {
    shape.reason = z.enum(CANCEL_REASONS);
    shape.reasonText = z.string().optional();
  }
  return z.strictObject(shape);
}

const options = FILING_TYPES.map((type: FilingType) => structureOf(ORDERS[type]));

/** The shape of one order's document (used to explain the rest of a document whose type is missing). */
export function orderStructureOf(type: FilingType) {
  return options[FILING_TYPES.indexOf(type)]!;
}

/** Every order's shape, chosen by `filingType` (an unknown or missing type is reported at `filingType`). */
export const orderStructure = z.discriminatedUnion(
  'filingType',
  options as [(typeof options)[0], ...typeof options],
);
