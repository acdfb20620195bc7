/**
 * How a guarded step is refused: the statement's final SELECT calls icp_abort_step('<reason>')
 * (a migration), whose error rolls the whole statement back. These turn that error into the
 * exceptions the applicant service acts on.
 */
import { VersionConflict } from './errors.ts';

/** The delivery id was processed by another step: this one wrote nothing. */
export class DuplicateDelivery extends Error {
  override readonly name = 'DuplicateDelivery';
}

/** A check of a step failed (`reason`: duplicate, chat, conversation or filing): nothing was written. */
export class StepsRefused extends Error {
  override readonly name = 'StepsRefused';
  constructor(readonly reason: string) {
    super(`guarded step refused: ${reason}`);
  }
}

/**
 * The parts of a step's write (GuardedStepWrite) a refusal names. Structural, so that this file
 * does not import guarded-step.ts, which imports it.
 */
export interface RefusedWrite {
  conversation: { kind: 'insert'; id: string } | { kind: 'update'; id: string; version: number };
  filing?: { kind: 'insert' | 'check'; id: string } | { kind: 'update'; changes: { id: string } };
}

/** What a refusal means for a step written alone. */
export function refusalError(refused: StepsRefused, write: RefusedWrite): Error {
  if (refused.reason === 'duplicate') return new DuplicateDelivery('delivery id already processed');
  if (refused.reason === 'filing' && write.filing) {
    const id = write.filing.kind === 'update' ? write.filing.changes.id : write.filing.id;
    return new VersionConflict('filing', id, -1);
  }
  const version = write.conversation.kind === 'update' ? write.conversation.version : 0;
  return new VersionConflict('conversation', write.conversation.id, version);
}

/**
 * The reason icp_abort_step gave, or undefined for any other error. A deadlock (two batches that
 * reached the same rows in opposite orders; PostgreSQL aborts one) counts as a refusal too: its
 * steps are written again, alone.
 */
export function abortReason(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === '40P01') return 'deadlock';
  if (code !== 'P0001' || typeof message !== 'string') return undefined;
  const match = /^icp_step:(\w+)$/.exec(message);
  return match?.[1];
}
