import { describe, expect, it } from 'vitest';
import type { ConversationSnapshot } from '../../src/db/guarded-step.ts';
import { ConversationCache } from '../../src/services/conversation-cache.ts';

const snapshot = (applicantId: string): ConversationSnapshot => ({
  applicantId,
  applicantLang: 'zh',
  conversation: null,
  filing: null,
});

describe('conversation cache', () => {
  it('forgets the least recently used chat first when full', () => {
    const cache = new ConversationCache(2);
    cache.set('telegram:1', snapshot('a'));
    cache.set('telegram:2', snapshot('b'));
    expect(cache.get('telegram:1')?.applicantId).toBe('a');
    cache.set('telegram:3', snapshot('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('telegram:2')).toBeUndefined();
    expect(cache.get('telegram:1')?.applicantId).toBe('a');
    expect(cache.get('telegram:3')?.applicantId).toBe('c');
  });

  it('forgets every chat of an applicant at once', () => {
    const cache = new ConversationCache();
    cache.set('telegram:1', snapshot('a'));
    cache.set('console:x', snapshot('a'));
    cache.set('telegram:2', snapshot('b'));
    cache.forgetApplicant('a');
    expect(cache.get('telegram:1')).toBeUndefined();
    expect(cache.get('console:x')).toBeUndefined();
    expect(cache.get('telegram:2')?.applicantId).toBe('b');
  });
});
