/**
 * Tolerant readers over a draft or an unchecked document: they answer `undefined` instead of
 * throwing when a part is missing or has the wrong type, so conditions and rules can run on
 * anything the applicant has given so far.
 */
import type { DraftFiling, FieldContext } from '../catalog-types.ts';
import { isNature, type Nature, SAME_AS_SPONSOR_PRINCIPAL } from '../enums.ts';

export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

/** `obj`, with a missing or mistyped part read as an empty object (for chains of lookups). */
export function objOrEmpty(value: unknown): Obj {
  return obj(value) ?? {};
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function websitesOf(filing: DraftFiling): unknown[] {
  return Array.isArray(filing.websites) ? filing.websites : [];
}

export function natureOf(filing: DraftFiling): Nature | undefined {
  const nature = obj(filing.sponsor)?.nature;
  return isNature(nature) ? nature : undefined;
}

export function websiteOf(ctx: FieldContext): Obj | undefined {
  return ctx.websiteIndex === undefined ? undefined : obj(websitesOf(ctx.filing)[ctx.websiteIndex]);
}

/** A website's own principal object, or undefined when it is the sponsor principal (or not answered). */
export function ownPrincipalOf(website: Obj | undefined): Obj | undefined {
  const principal = website?.principal;
  return principal === SAME_AS_SPONSOR_PRINCIPAL ? undefined : obj(principal);
}
