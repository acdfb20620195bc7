/**
 * Where the provider's servers are (issue 17): the server-location question offers these
 * provinces first, the others after them. Set once at start from `SERVER_PROVINCES`; the default
 * is the provider's data-centre provinces, Beijing, Shanghai and Hebei.
 */
import { type Division, matchDivision, provinces } from '../divisions/index.ts';

export const DEFAULT_SERVER_PROVINCES: readonly string[] = ['110000', '310000', '130000'];

let preferred: readonly string[] = DEFAULT_SERVER_PROVINCES;
let ordered: readonly Division[] | undefined;

/** Province names or codes ("北京, Shanghai, 130000") → codes; an unknown or ambiguous name is returned as a problem. */
export function parseServerProvinces(text: string): { codes: string[] } | { unknown: string } {
  const codes: string[] = [];
  for (const item of text.split(/[,，;；\s]+/).filter(Boolean)) {
    const found = matchDivision(item, provinces());
    if (found.length !== 1) return { unknown: item };
    if (!codes.includes(found[0]!.code)) codes.push(found[0]!.code);
  }
  return { codes };
}

export function setServerProvinces(codes: readonly string[]): void {
  preferred = codes.length > 0 ? [...codes] : DEFAULT_SERVER_PROVINCES;
  ordered = undefined;
}

/** The provinces in offering order: the provider's first, then the rest in GB/T 2260 order. */
export function serverProvinceChoices(): readonly Division[] {
  if (!ordered) {
    const all = provinces();
    const first = preferred.map((code) => all.find((p) => p.code === code)).filter((p) => p !== undefined);
    ordered = Object.freeze([...first, ...all.filter((p) => !preferred.includes(p.code))]);
  }
  return ordered;
}
