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

export const principalContacts: Rule = (doc, _now, report) => {
  const principals = principalsOf(doc);
  for (const p of principals) {
    const emergency = str(p.value.emergencyPhone);
    if (emergency !== undefined && strings(p.value.mobiles).includes(emergency)) {
      report(`${p.path}.emergencyPhone`, 'principal.emergency_same_as_mobile');
    }
  }
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
};

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
