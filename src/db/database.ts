import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { AddressKeyer } from '../account/address-key.ts';
import type { Prisma, PrismaClient } from './generated/client.ts';
import type { PiiCipher } from './pii-cipher.ts';

export type Backend = 'pglite' | 'postgres';

/** Prisma inside an interactive transaction; repositories take this (a PrismaClient works too). */
export type Tx = Prisma.TransactionClient;

export interface Database {
  prisma: PrismaClient;
  backend: Backend;
  /** Encrypts/decrypts ID numbers; repositories apply it on write/read. */
  pii: PiiCipher;
  /** Keyed hash of a normalised email address (counters and locks never hold the address). */
  addressKey: AddressKeyer;
  /** The embedded instance (for pg-boss: `fromPglite(db.pglite)`); undefined on PostgreSQL. */
  pglite?: PGlite;
  /** The pool behind Prisma on PostgreSQL (pg-boss can share it); undefined on PGlite. */
  pool?: pg.Pool;
  /** The PostgreSQL schema the tables live in ('public' unless the URL says `?schema=`). */
  schema: string;
  /** Ends Prisma and the embedded database or pool, so the process can exit. */
  close(): Promise<void>;
}

// Generous waits: PGlite runs one transaction at a time, so a burst of inputs queues here.
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

/** Runs `fn` in one interactive transaction: all its writes commit together or none do. */
export function runInTransaction<T>(db: Pick<Database, 'prisma'>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.prisma.$transaction(fn, TRANSACTION_OPTIONS);
}
