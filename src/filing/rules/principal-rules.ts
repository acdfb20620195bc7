/**
 * Rules between principals: two different people may not share a mobile or an email (a common
 * rejection, icp-domain.md §6.9), and the emergency phone must be another number than the mobile.
 */
import { obj, ownPrincipalOf, str, strings, websitesOf } from '../catalog/draft.ts';
import { DOCUMENT_TYPES, PERSONAL_ID_TYPES } from '../enums.ts';
import type { Rule } from './report.ts';

interface Principal {
  path: string;
  value: Record<string, unknown>;
}

function principalsOf(doc: Record<string, unknown>): Principal[] {
  const out: Principal[] = [];
  const sponsorPrincipal = obj(doc.sponsorPrincipal);
  if (sponsorPrincipal) out.push({ path: 'sponsorPrincipal', value: sponsorPrincipal });
  websitesOf(doc).forEach((website, i) => {
    const own = ownPrincipalOf(obj(website));
    if (own) out.push({ path: `websites.${i}.principal`, value: own });
  });
  return out;
}

/** Same person: same ID number when both are known, else the same name. */
function samePerson(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const idA = str(a.idNumber)?.toUpperCase();
  const idB = str(b.idNumber)?.toUpperCase();
  if (idA !== undefined && idB !== undefined) return idA === idB;
  const nameA = str(a.name)?.trim();
  const nameB = str(b.name)?.trim();
  return nameA !== undefined && nameA === nameB;
}

/** Who a principal is, for `samePerson`: it reads only the ID number and the name. */
function personKey(value: Record<string, unknown>): string {
  return `${str(value.idNumber)?.toUpperCase() ?? '\u0000'}\u0001${str(value.name)?.trim() ?? '\u0000'}`;
}

interface Holder {
  /** Index of the earliest principal with this contact among those of the same ID and name. */
  first: number;
  value: Record<string, unknown>;
}

interface Holders {
  list: Holder[];
  persons: Set<string>;
}

/**
 * For every contact (mobile or email) of every principal, the earliest EARLIER principal that is
 * another person and has it. Indexed by contact, so a document with thousands of websites is
 * linear (comparing every pair of principals took seconds); holders are grouped by ID and name,
 * which is all `samePerson` reads, so one person repeated on every website is one entry.
 */
function firstSharers(
  principals: Principal[],
  contactsOf: (p: Principal) => string[],
): { b: number; j: number; a: number }[] {
  const holders = new Map<string, Holders>();
  const found: { b: number; j: number; a: number }[] = [];
  principals.forEach((later, b) => {
    const contacts = contactsOf(later);
    contacts.forEach((contact, j) => {
      const other = holders.get(contact)?.list.find((h) => !samePerson(h.value, later.value));
      if (other) found.push({ b, j, a: other.first });
    });
    const key = personKey(later.value);
    for (const contact of new Set(contacts)) {
      let entry = holders.get(contact);
      if (!entry) {
        entry = { list: [], persons: new Set() };
        holders.set(contact, entry);
      }
      if (entry.persons.has(key)) continue;
      entry.persons.add(key);
      entry.list.push({ first: b, value: later.value });
    }
  });
  return found;
}

export const principalContacts: Rule = (doc, _now, report) => {
  const principals = principalsOf(doc);
  for (const p of principals) {
    const emergency = str(p.value.emergencyPhone);
    if (emergency !== undefined && strings(p.value.mobiles).includes(emergency)) {
      report(`${p.path}.emergencyPhone`, 'principal.emergency_same_as_mobile');
    }
  }
  if (principals.length <= PAIRWISE_MAX) pairwiseContacts(principals, report);
  else indexedContacts(principals, report);
};

/**
 * Up to this many principals (nearly every filing: one or two) comparing each pair allocates
 * nothing and is the faster way; past it the index of `firstSharers` keeps the rule linear.
 */
export const PAIRWISE_MAX = 8;

function pairwiseContacts(principals: Principal[], report: Parameters<Rule>[2]): void {
  for (let b = 1; b < principals.length; b++) {
    const later = principals[b]!;
    for (let a = 0; a < b; a++) {
      const earlier = principals[a]!;
      if (samePerson(earlier.value, later.value)) continue;
      const mobiles = new Set(strings(earlier.value.mobiles));
      strings(later.value.mobiles).forEach((mobile, j) => {
        if (mobiles.has(mobile))
          report(`${later.path}.mobiles.${j}`, 'principal.shared_mobile', { other: earlier.path });
      });
      const emails = new Set(strings(earlier.value.emails).map((e) => e.toLowerCase()));
      strings(later.value.emails).forEach((email, j) => {
        if (emails.has(email.toLowerCase())) {
          report(`${later.path}.emails.${j}`, 'principal.shared_email', { other: earlier.path });
        }
      });
    }
  }
}

/** The same problems (the first sharer of each contact), found through an index of contacts. */
function indexedContacts(principals: Principal[], report: Parameters<Rule>[2]): void {
  const mobiles = firstSharers(principals, (p) => strings(p.value.mobiles)).map((c) => ({ ...c, kind: 0 }));
  const emails = firstSharers(principals, (p) => strings(p.value.emails).map((e) => e.toLowerCase())).map(
    (c) => ({ ...c, kind: 1 }),
  );
  // The order a pairwise walk reports them in: by later principal, earlier one, mobiles first.
  const shared = [...mobiles, ...emails].sort(
    (x, y) => x.b - y.b || x.a - y.a || x.kind - y.kind || x.j - y.j,
  );
  for (const { b, j, a, kind } of shared) {
    const later = principals[b]!.path;
    const other = principals[a]!.path;
    if (kind === 0) report(`${later}.mobiles.${j}`, 'principal.shared_mobile', { other });
    else report(`${later}.emails.${j}`, 'principal.shared_email', { other });
  }
}

const PERSONAL = new Set<string>(PERSONAL_ID_TYPES);
const KNOWN = new Set<string>(DOCUMENT_TYPES);

/** A principal is a person: an organisation's certificate is not an ID for one. */
export const personalIdTypes: Rule = (doc, _now, report) => {
  for (const p of principalsOf(doc)) {
    const type = str(p.value.idType);
    if (type !== undefined && KNOWN.has(type) && !PERSONAL.has(type)) {
      report(`${p.path}.idType`, 'id_type.not_personal', { idType: type });
    }
  }
};
