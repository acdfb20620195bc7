import { describe, expect, it } from 'vitest';
import { VersionConflict } from '../../src/db/errors.ts';
import type { GuardedStepWrite } from '../../src/db/guarded-step.ts';
import { abortReason, DuplicateDelivery, refusalError, StepsRefused } from '../../src/db/step-refusal.ts';

const write: GuardedStepWrite = {
  chat: { channel: 'telegram', chatId: '1' },
  applicantId: 'a',
  conversation: { kind: 'update', id: 'c', version: 4, filingIdBefore: null, state: {}, filingId: 'f' },
  filing: { kind: 'check', id: 'f', version: 2 },
  lang: 'en',
  events: [],
};

describe('guarded step refusals', () => {
  it('reads the reason icp_abort_step gave, and a deadlock, and nothing else', () => {
    expect(abortReason({ code: 'P0001', message: 'icp_step:conversation' })).toBe('conversation');
    expect(abortReason({ code: '40P01', message: 'deadlock detected' })).toBe('deadlock');
    expect(abortReason({ code: 'P0001', message: 'something else' })).toBeUndefined();
    expect(abortReason({ code: '23505', message: 'icp_step:conversation' })).toBeUndefined();
    expect(abortReason(new Error('connection refused'))).toBeUndefined();
  });

  it('tells a step written alone what its refusal means', () => {
    expect(refusalError(new StepsRefused('duplicate'), write)).toBeInstanceOf(DuplicateDelivery);
    const filing = refusalError(new StepsRefused('filing'), write) as VersionConflict;
    expect([filing.entity, filing.id]).toEqual(['filing', 'f']);
    for (const reason of ['conversation', 'chat', 'deadlock']) {
      const conflict = refusalError(new StepsRefused(reason), write) as VersionConflict;
      expect(conflict).toBeInstanceOf(VersionConflict);
      expect([conflict.entity, conflict.id, conflict.expectedVersion]).toEqual(['conversation', 'c', 4]);
    }
  });
});
