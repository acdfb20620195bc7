import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Keys whose string values are personal ID numbers (filing-format.md): encrypted at rest. */
const PII_KEYS = new Set(['idNumber', 'documentNumber']);
const PREFIX = 'enc:v1:';

/** The key cannot open the stored ciphertext (wrong PII_ENCRYPTION_KEY) or the value is damaged. */
export class PiiKeyError extends Error {
  override readonly name = 'PiiKeyError';
}

export interface PiiCipher {
  /** Copy of `json` with every `idNumber` / `documentNumber` string encrypted; already-encrypted values are kept. */
  encryptPii<T>(json: T): T;
  /** Copy of `json` with those values decrypted; plaintext values pass through. */
  decryptPii<T>(json: T): T;
  encryptValue(plain: string): string;
  decryptValue(stored: string): string;
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** AES-256-GCM, a fresh 12-byte IV per value: `enc:v1:<iv>:<tag>:<ciphertext>` (base64 parts). */
export function createPiiCipher(key: Buffer): PiiCipher {
  if (key.length !== 32) throw new PiiKeyError('PII encryption key must be 32 bytes');

  const encryptValue = (plain: string): string => {
    if (isEncrypted(plain)) return plain;
    const iv = randomBytes(12);
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

  const walk = (value: unknown, transform: (s: string) => string): unknown => {
    if (Array.isArray(value)) return value.map((item) => walk(item, transform));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = PII_KEYS.has(k) && typeof v === 'string' ? transform(v) : walk(v, transform);
    }
    return out;
  };

  return {
    encryptPii: <T>(json: T) => walk(json, encryptValue) as T,
    decryptPii: <T>(json: T) => walk(json, decryptValue) as T,
    encryptValue,
    decryptValue,
  };
}
