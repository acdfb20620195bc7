import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.ts';
import {
  CONSENT_TEXT_KEYS,
  CONSENT_VERSION,
  consentStanding,
  consentToken,
  scopeOfConsentToken,
  typedDecision,
} from '../../src/privacy/rules/consent.ts';

describe('consent rules', () => {
  it('asks the general text first, then the sensitive one, at the current version only', () => {
    expect(consentStanding([])).toEqual({ kind: 'ask', scope: 'general' });
    const general = { scope: 'general', decision: 'agreed', version: CONSENT_VERSION } as const;
    expect(consentStanding([general])).toEqual({ kind: 'ask', scope: 'sensitive' });
    const sensitive = { scope: 'sensitive', decision: 'agreed', version: CONSENT_VERSION } as const;
    expect(consentStanding([general, sensitive])).toEqual({ kind: 'given' });
    // Agreed to an older text: asked again.
    expect(consentStanding([general, sensitive], CONSENT_VERSION + 1)).toEqual({
      kind: 'ask',
      scope: 'general',
    });
    // The latest decision counts: a refusal after an agreement withdraws it.
    expect(consentStanding([general, sensitive, { ...general, decision: 'refused' }])).toEqual({
      kind: 'ask',
      scope: 'general',
    });
  });

  it('tokens name the scope and the version; a stale one names nothing', () => {
    expect(scopeOfConsentToken(consentToken('general'))).toBe('general');
    expect(scopeOfConsentToken(consentToken('sensitive'))).toBe('sensitive');
    expect(scopeOfConsentToken(consentToken('general', CONSENT_VERSION - 1))).toBeUndefined();
    expect(scopeOfConsentToken('pcforged')).toBeUndefined();
  });

  it('reads typed answers in both languages', () => {
    expect(typedDecision('I agree')).toBe('agreed');
    expect(typedDecision(' 同意。')).toBe('agreed');
    expect(typedDecision('不同意')).toBe('refused');
    expect(typedDecision('I do not agree')).toBe('refused');
    expect(typedDecision('maybe')).toBeUndefined();
  });

  it('the texts are those of this version: changing them needs a new CONSENT_VERSION (and a new fingerprint here)', () => {
    const hash = createHash('sha256');
    for (const lang of ['en', 'zh'] as const)
      for (const key of CONSENT_TEXT_KEYS)
        hash.update(`${lang}:${key}:${t(lang, key, { draftDays: 'D', documentDays: 'F' })}\n`);
    expect({ version: CONSENT_VERSION, texts: hash.digest('hex').slice(0, 16) }).toEqual({
      version: 1,
      texts: '3a080cf1734b2a0f',
    });
  });
});
