import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Keys whose string values are personal ID numbers (filing-format.md): encrypted at rest. */
const PII_KEYS = new Set(['idNumber', 'documentNumber']);
const PREFIX = 'enc:v1:';

/** The key cannot open the stored ciphertext (wrong PII_ENCRYPTION_KEY) or the value is damaged. */
export class PiiKeyError extends Error {
  override readonly name = 'PiiKeyError';
}

export interface PiiCipher {
  /**
   * `json` with every `idNumber` / `documentNumber` string encrypted (already-encrypted values are
   * kept): the objects on the way to a changed value are copies, the others are shared with `json`.
   */
  encryptPii<T>(json: T): T;
  /** `json` with those values decrypted (copied on the way to them, shared elsewhere); plaintext passes through. */
  decryptPii<T>(json: T): T;
  encryptValue(plain: string): string;
  decryptValue(stored: string): string;
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

// IVs come from a pooled block of random bytes (one getrandom call per 341 values, not one each).
const IV_POOL_SIZE = 12 * 341;
let ivPool = Buffer.alloc(0);
let ivOffset = IV_POOL_SIZE;

function nextIv(): Buffer {
  if (ivOffset >= IV_POOL_SIZE) {
    // A new block each time: handed-out IVs are views of the old one and must never change.
    ivPool = randomBytes(IV_POOL_SIZE);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + 12);
  ivOffset += 12;
  return iv;
}

/** AES-256-GCM, a fresh 12-byte IV per value: `enc:v1:<iv>:<tag>:<ciphertext>` (base64 parts). */
export function createPiiCipher(key: Buffer): PiiCipher {
  if (key.length !== 32) throw new PiiKeyError('PII encryption key must be 32 bytes');

  const encryptValue = (plain: string): string => {
    if (isEncrypted(plain)) return plain;
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
  };

  const decryptValue = (stored: string): string => {
    if (!isEncrypted(stored)) return stored;
    const [iv, tag, data] = stored.slice(PREFIX.length).split(':');
    if (iv === undefined || tag === undefined || data === undefined) {
      throw new PiiKeyError('Stored ID number is damaged (not enc:v1:<iv>:<tag>:<data>)');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new PiiKeyError(
        'Cannot decrypt stored ID numbers: PII_ENCRYPTION_KEY is not the key they were encrypted with',
      );
    }
  };

  // Copies only the objects on the way to a changed value and shares the rest: a conversation
  // state is mostly text without ID numbers, walked four times per answer.
  const walk = (value: unknown, transform: (s: string) => string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const next = walk(item, transform);
        if (next !== item) {
          copy ??= value.slice();
          copy[i] = next;
        }
      }
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      const next = PII_KEYS.has(k) && typeof v === 'string' ? transform(v) : walk(v, transform);
      if (next !== v) {
        copy ??= { ...(value as Record<string, unknown>) };
        copy[k] = next;
      }
    }
    return copy ?? value;
  };

  return {
    encryptPii: <T>(json: T) => walk(json, encryptValue) as T,
    decryptPii: <T>(json: T) => walk(json, decryptValue) as T,
    encryptValue,
    decryptValue,
  };
}
