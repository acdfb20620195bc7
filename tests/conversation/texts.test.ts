/**
 * Every Text the engine emits along complete filings and every command must exist in zh and en:
 * adapters render keys, so a missing key would reach the applicant as `conversation:…`.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import { COMMANDS, type EngineDeps, type StepResult } from '../../src/conversation/types.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { hasText } from '../../src/i18n/index.ts';
import { Applicant } from './fixtures/driver.ts';
import { enterprise, individual } from './fixtures/real-scripts.ts';

const deps: EngineDeps = { catalog, validateDraft, validateFiling, requiredMaterials };

function textsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) textsIn(v, out);
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.key === 'string') out.add(record.key);
    // A submitted filing is data, not texts.
    for (const [k, v] of Object.entries(record)) if (k !== 'filing') textsIn(v, out);
  }
  return out;
}

function keysOf(results: readonly StepResult[]): string[] {
  return [...textsIn(results.map((r) => r.messages))].sort();
}

describe('engine texts', () => {
  it('exist in both languages for complete filings, refusals and every command', () => {
    const engine = createEngine(deps);
    const a = new Applicant(engine);
    a.send({ type: 'command', command: 'start' });
    a.send({ type: 'text', text: 'not a filing type' });
    for (const command of COMMANDS) a.send({ type: 'command', command });
    a.send({ type: 'command', command: 'edit', arg: '99' });
    a.send({ type: 'command', command: 'remove_website', arg: '9' });
    a.send({ type: 'document_rejected', problems: [{ code: 'upload.too_small' }] });
    a.send({ type: 'command', command: 'restart' });
    a.run({ ...enterprise, uploadAll: false });
    a.send({ type: 'command', command: 'status' });
    a.uploadMissing();
    a.send({ type: 'command', command: 'submit' });
    a.send({ type: 'text', text: 'more' });
    a.send({ type: 'command', command: 'status' });
    const b = new Applicant(engine, 'en');
    b.run(individual);
    const keys = keysOf([...a.log, ...b.log]);
    expect(keys.length).toBeGreaterThan(60);
    const missing = keys.filter((k) => !hasText('zh', k) || !hasText('en', k));
    expect(missing).toEqual([]);
  });
});
