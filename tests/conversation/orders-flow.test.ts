/** The chat asks each order only what it needs (the order descriptions drive the catalog's conditions). */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import type { EngineDeps } from '../../src/conversation/types.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { Applicant, NOW, type Script } from './fixtures/driver.ts';

const deps: EngineDeps = { catalog, validateDraft, validateFiling, requiredMaterials };
const engine = createEngine(deps);

const identity = {
  icpNumber: { text: '闽ICP备2026001234号' },
  'sponsor.province': { text: '福建' },
  'sponsor.city': { text: '福州' },
  'sponsor.county': { text: '鼓楼' },
  'sponsor.nature': { choice: 'enterprise' },
  'sponsor.documentType': { choice: 'business_license' },
  'sponsor.documentNumber': { text: '91350100M000100Y43' },
  'sponsor.name': { text: '福州某某科技有限公司' },
} as const;

function submitted(script: Script) {
  const a = new Applicant(engine, 'zh');
  a.run(script);
  const done = a.last.messages.find((m) => m.type === 'submitted');
  if (done?.type !== 'submitted') throw new Error(`not submitted: ${JSON.stringify(a.last.messages)}`);
  return done.filing;
}

describe('orders through the chat', () => {
  it('a sponsor cancellation asks the number, who the sponsor is and why: nothing else', () => {
    const filing = submitted({
      websites: 1,
      uploadAll: true,
      answers: {
        filingType: { choice: 'cancel_sponsor' },
        ...identity,
        reason: { choice: 'no_longer_operated' },
      },
    });
    expect(filing).toEqual({
      filingType: 'cancel_sponsor',
      icpNumber: '闽ICP备2026001234号',
      sponsor: {
        province: '350000',
        city: '350100',
        county: '350102',
        nature: 'enterprise',
        documentType: 'business_license',
        documentNumber: '91350100M000100Y43',
        name: '福州某某科技有限公司',
      },
      reason: 'no_longer_operated',
    });
    expect(validateFiling(filing, { now: NOW })).toEqual({ valid: true, errors: [] });
  });

  it('a website cancellation asks each website’s number and refuses one of another sponsor', () => {
    const script = (number: string): Script => ({
      websites: 1,
      uploadAll: true,
      answers: {
        filingType: { choice: 'cancel_website' },
        ...identity,
        'websites.0.icpNumber': { text: number },
        reason: { choice: 'domain_expired' },
      },
    });
    // The scripted applicant stops at a refused answer.
    expect(() => submitted(script('闽ICP备2026009999号-1'))).toThrow(/icp_number\.other_sponsor/);
    expect(submitted(script('闽ICP备2026001234号-2')).websites).toEqual([
      { icpNumber: '闽ICP备2026001234号-2' },
    ]);
  });
});
