import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import { initialState, migrateState } from '../../src/conversation/state.ts';
import { STATE_VERSION } from '../../src/conversation/types.ts';
import { Applicant, eventsOf } from './fixtures/driver.ts';
import { miniDeps } from './fixtures/mini-catalog.ts';

const engine = createEngine(miniDeps);

/** A state as the flow before `version` existed wrote it: flat answers by path. */
const v0 = {
  language: 'en',
  step: 4,
  answers: {
    'sponsor.province': '310000',
    'sponsor.nature': 'individual',
    'sponsor.documentType': 'business_license',
    'sponsor.investor': '张三',
    'sponsor.name': '张三',
  },
  uploads: [{ kind: 'domain_certificate', website: 0, id: 'doc-1' }],
};

describe('conversation state versions', () => {
  it('reads the current version unchanged', () => {
    const state = { ...initialState('en'), seq: 7 };
    expect(migrateState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it('reads a correction round as written, and falls back to submitted when the round is unreadable', () => {
    const changes = {
      reason: 'fix the name',
      requestedAt: '2026-03-02T02:00:00.000Z',
      fields: [{ fieldId: 'sponsor.name' }],
      pending: [{ fieldId: 'sponsor.name' }],
      asked: [],
      documents: [{ kind: 'domain_certificate', websiteIndex: 0, uploaded: false }],
      before: { sponsor: { name: '张三' } },
    };
    const state = { ...initialState('zh'), phase: 'changes' as const, seq: 3, changes };
    expect(migrateState(JSON.parse(JSON.stringify(state)))).toEqual(state);
    expect(migrateState({ ...state, changes: { reason: 'x' } })).toMatchObject({ phase: 'submitted' });
    expect(migrateState({ ...state, changes: undefined })).toMatchObject({ phase: 'submitted' });
    // A leftover round outside the phase is dropped.
    expect(migrateState({ ...state, phase: 'submitted' })?.changes).toBeUndefined();
  });

  it('refuses what it cannot read (unknown version, not an object) so the service starts afresh', () => {
    expect(migrateState({ ...initialState('zh'), version: STATE_VERSION + 1 })).toBeUndefined();
    expect(migrateState('nonsense')).toBeUndefined();
    expect(migrateState(null)).toBeUndefined();
  });

  it('migrates a v0 state and re-asks what no longer fits, never applying an answer to a changed question', () => {
    const migrated = migrateState(v0);
    expect(migrated).toMatchObject({
      version: STATE_VERSION,
      lang: 'en',
      recheck: true,
      filing: { sponsor: { nature: 'individual', documentType: 'business_license' } },
      documents: [{ kind: 'domain_certificate', websiteIndex: 0, documentId: 'doc-1' }],
    });
    const a = new Applicant(engine, 'en');
    a.state = migrated;
    // Typed for whatever the old flow asked last: must not land on the question asked now.
    a.send({ type: 'text', text: 'Shanghai' });
    expect(eventsOf(a.log, 'state_migrated')).toHaveLength(1);
    expect(a.last.messages[0]).toEqual({ type: 'info', text: { key: 'conversation:migrated' } });
    const cleared = a.last.messages.find((m) => m.type === 'cleared');
    expect(cleared?.type === 'cleared' && cleared.fields.map((f) => [f.path, f.reason])).toEqual([
      ['sponsor.investor', 'not_applicable'],
      ['sponsor.documentType', 'invalid'],
    ]);
    expect(a.state?.recheck).toBeUndefined();
    expect(a.question.path).toBe('sponsor.documentType');
    expect(a.state?.filing).toEqual({ sponsor: { province: '310000', nature: 'individual', name: '张三' } });
    a.choose(a.question, 'resident_id');
    expect(a.question.path).toBe('sponsor.remarks');
  });
});
