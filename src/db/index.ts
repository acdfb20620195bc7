/** The persistence layer's public surface: open the database, then use the repositories in a transaction. */
export * from './applicants.ts';
export * from './conversations.ts';
export * from './database.ts';
export * from './documents.ts';
export * from './email-verifications.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './filings.ts';
export * from './open-database.ts';
export * from './outbox.ts';
export { createPiiCipher, isEncrypted, type PiiCipher, PiiKeyError } from './pii-cipher.ts';
export * from './processed-updates.ts';
