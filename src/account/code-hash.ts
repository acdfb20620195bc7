import { randomBytes, randomInt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * A 6-digit code has only a million values, so a fast hash (HMAC) stored next to its salt could be
 * reversed in a second by whoever reads the database. scrypt makes each guess cost ~tens of ms,
 * far more than the code's 10-minute life allows.
 */
const SCRYPT = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

export function hashCode(code: string, salt: string): string {
  return scryptSync(code, Buffer.from(salt, 'base64'), KEY_LENGTH, SCRYPT).toString('base64');
}

export function codeMatches(code: string, salt: string, expectedHash: string): boolean {
  const expected = Buffer.from(expectedHash, 'base64');
  const actual = Buffer.from(hashCode(code, salt), 'base64');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** How many codes there are: a guess hits with probability 1 / CODE_SPACE. */
export const CODE_SPACE = 1_000_000;

/** Default code source: uniform over 000000–999999 from the OS CSPRNG. */
export function secureRandomCode(): string {
  return String(randomInt(0, CODE_SPACE)).padStart(6, '0');
}

export function randomSalt(): string {
  return randomBytes(16).toString('base64');
}
