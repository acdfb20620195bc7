/** Rules between the sponsor's answers: certificate vs nature, and the division chain. */
import { obj, str } from '../catalog/draft.ts';
import { checkDivisionChain } from '../divisions/index.ts';
import { DOCUMENT_TYPES_BY_NATURE, isNature } from '../enums.ts';
import type { Rule } from './report.ts';

export const documentTypeForNature: Rule = (doc, _now, report) => {
  const sponsor = obj(doc.sponsor);
  const nature = sponsor?.nature;
  const type = str(sponsor?.documentType);
  if (!isNature(nature) || type === undefined) return;
  if (!DOCUMENT_TYPES_BY_NATURE[nature].some((e) => e.key === type)) {
    report('sponsor.documentType', 'document_type.not_for_nature', { nature, documentType: type });
  }
};

/** County in city in province (GB/T 2260); each broken link is reported at its own field. */
export const divisionChain: Rule = (doc, _now, report) => {
  const sponsor = obj(doc.sponsor);
  const province = str(sponsor?.province);
  if (province === undefined) return;
  const levels = { province, city: str(sponsor?.city), county: str(sponsor?.county) };
  const result = checkDivisionChain(province, levels.city, levels.county);
  if (result.ok) return;
  for (const p of result.problems) {
    const level =
      (['county', 'city', 'province'] as const).find((l) => levels[l] === p.params?.code) ?? 'province';
    report(`sponsor.${level}`, p.code, p.params);
  }
};
