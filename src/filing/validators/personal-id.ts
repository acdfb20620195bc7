/** A principal's (or an individual sponsor's) ID number, checked by the rule of its document type. */
import type { FieldResult } from '../catalog-types.ts';
import { PERSONAL_ID_TYPES, type PersonalIdType } from '../enums.ts';
import { checkResidencePermit, checkResidentId } from './resident-id.ts';
import { fail } from './result.ts';
import {
  checkForeignPermanentResidenceId,
  checkHkMacaoTravelPermit,
  checkPassport,
  checkTaiwanTravelPermit,
} from './travel-permits.ts';

// The personal document type keys of filing-format.md live with the other enumerations.
export { PERSONAL_ID_TYPES, type PersonalIdType } from '../enums.ts';

export function isPersonalIdType(value: string): value is PersonalIdType {
  return (PERSONAL_ID_TYPES as readonly string[]).includes(value);
}

export function checkPersonalId(idType: string, value: string, opts: { now: Date }): FieldResult<string> {
  if (!isPersonalIdType(idType)) return fail('personal_id.unknown_type', { type: idType });
  switch (idType) {
    case 'resident_id':
      return checkResidentId(value, opts);
    case 'passport':
      return checkPassport(value);
    case 'taiwan_travel_permit':
      return checkTaiwanTravelPermit(value);
    case 'hk_macao_travel_permit':
      return checkHkMacaoTravelPermit(value);
    case 'foreign_permanent_residence_id':
      return checkForeignPermanentResidenceId(value, opts);
    case 'hk_macao_residence_permit':
      return checkResidencePermit(value, 'hk_macao', opts);
    case 'taiwan_residence_permit':
      return checkResidencePermit(value, 'taiwan', opts);
  }
}
