/**
 * The last snapshot each recently active chat committed, so its next answer needs no read: the
 * step is computed from it and written with a check of every version it relied on. It is only a
 * guess about the database: a write that finds a version moved (another instance, a staff action,
 * a chat moved to another account) drops the entry and the step runs again from a fresh read.
 * Bounded: the least recently used chats are forgotten first.
 */
import type { ConversationSnapshot } from '../db/guarded-step.ts';

export class ConversationCache {
  private readonly entries = new Map<string, ConversationSnapshot>();

  constructor(private readonly capacity = 5_000) {}

  get(key: string): ConversationSnapshot | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Most recently used last, so the first key is the one to forget.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, snapshot: ConversationSnapshot): void {
    this.entries.delete(key);
    this.entries.set(key, snapshot);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every chat of the applicant (its conversation changed outside a chat step). */
  forgetApplicant(applicantId: string): void {
    for (const [key, entry] of this.entries) if (entry.applicantId === applicantId) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
