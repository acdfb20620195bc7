import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Keys whose string values are personal ID numbers (filing-format.md): encrypted at rest in events and outbox payloads. */
const PII_KEYS = new Set(['idNumber', 'documentNumber']);
const V1 = 'enc:v1:';
const V2 = 'enc:v2:';
/** The property of a sealed JSON value (a whole filing document or conversation state): `{ "$enc": "enc:v2:..." }`. */
export const SEALED_KEY = '$enc';

/** The key cannot open the stored ciphertext (wrong PII_ENCRYPTION_KEY) or the value is damaged. */
export class PiiKeyError extends Error {
  override readonly name: string = 'PiiKeyError';
}

/**
 * Plaintext found where ciphertext must be: a row written in clear (by hand, by an old version, by
 * someone with database access). The message never quotes the value.
 */
export class PiiPlaintextError extends PiiKeyError {
  override readonly name = 'PiiPlaintextError';
}

/** One 32-byte key and its id (derived from the key, so configuration needs no ids). */
export interface PiiKey {
  id: string;
  key: Buffer;
}

/** The key new values are written with, and older keys still readable (during a rotation). */
export interface PiiKeyring {
  current: PiiKey;
  previous: readonly PiiKey[];
}

export type SealedJson = { [SEALED_KEY]: string } & Record<string, unknown>;

export interface PiiCipher {
  /** Id of the key new values are written with. */
  readonly currentKeyId: string;
  /** Ids of every key this cipher can read (current first). */
  readonly keyIds: readonly string[];
  /**
   * `json` with every `idNumber` / `documentNumber` string encrypted (already-encrypted values are
   * kept): the objects on the way to a changed value are copies, the others are shared with `json`.
   */
  encryptPii<T>(json: T): T;
  /**
   * The plain JSON of a stored value: a sealed one is opened; otherwise its `idNumber` /
   * `documentNumber` values are decrypted (a plaintext ID number there is a PiiPlaintextError).
   */
  decryptPii<T>(json: T): T;
  /**
   * The whole JSON value encrypted as one string (one AES-GCM pass, cheaper than per-field work),
   * with `clear` top-level properties kept readable beside it for SQL (e.g. a state's `phase`).
   */
  seal(json: unknown, clear?: readonly string[]): SealedJson;
  encryptValue(plain: string): string;
  /** Throws PiiPlaintextError for a value that is not ciphertext, PiiKeyError when no key opens it. */
  decryptValue(stored: string): string;
  /** Under a key other than the current one (or the legacy v1 format): what rotation rewrites. */
  needsRewrap(stored: string): boolean;
  /** Keyed hash (HMAC-SHA256 with a subkey of the current key) for exact-match search without the value. */
  searchHash(value: string): string;
  /** The value's hash under every readable key (current first): lookups during a rotation find rows not yet re-hashed. */
  searchHashes(value: string): string[];
  /** A 32-byte subkey for another purpose (e.g. signing document links), derived from the current key. */
  subkey(purpose: string): Buffer;
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(V2) || value.startsWith(V1);
}

export function isSealed(value: unknown): value is SealedJson {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Record<string, unknown>)[SEALED_KEY] === 'string'
  );
}

/** The id of a key: 8 hex digits of an HMAC of a fixed label, which says nothing about the key. */
export function piiKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('icp-pii-key-id').digest('hex').slice(0, 8);
}

export function piiKey(key: Buffer): PiiKey {
  if (key.length !== 32) throw new PiiKeyError('PII encryption key must be 32 bytes');
  return { id: piiKeyId(key), key };
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

function openWith(key: Buffer, iv: string, tag: string, data: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}

const WRONG_KEY =
  'Cannot decrypt stored personal data: PII_ENCRYPTION_KEY (or PII_ENCRYPTION_KEY_PREVIOUS) is not the key it was encrypted with';

/**
 * AES-256-GCM, a fresh 12-byte IV per value: `enc:v2:<key id>:<iv>:<tag>:<ciphertext>` (base64
 * parts). `enc:v1:<iv>:<tag>:<ciphertext>` (before key ids) is still read, with whichever key opens it.
 */
export function createPiiCipher(keys: Buffer | PiiKeyring): PiiCipher {
  const ring: PiiKeyring = Buffer.isBuffer(keys) ? { current: piiKey(keys), previous: [] } : keys;
  if (ring.current.key.length !== 32) throw new PiiKeyError('PII encryption key must be 32 bytes');
  const all = [ring.current, ...ring.previous.filter((k) => k.id !== ring.current.id)];
  const byId = new Map(all.map((k) => [k.id, k.key]));
  const current = ring.current;
  const hashKeys = all.map((k) => Buffer.from(hkdfSync('sha256', k.key, '', 'icp-search-hash', 32)));
  const hashWith = (key: Buffer, value: string) =>
    createHmac('sha256', key).update(value).digest('base64url');
  const currentPrefix = `${V2}${current.id}:`;

  const encryptValue = (plain: string): string => {
    if (isEncrypted(plain)) return plain;
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', current.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${currentPrefix}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
  };

  const decryptValue = (stored: string): string => {
    if (typeof stored !== 'string' || !isEncrypted(stored)) {
      throw new PiiPlaintextError('Found plaintext where personal data must be encrypted (value not logged)');
    }
    if (stored.startsWith(V2)) {
      const [id, iv, tag, data] = stored.slice(V2.length).split(':');
      if (id === undefined || iv === undefined || tag === undefined || data === undefined) {
        throw new PiiKeyError('Stored personal data is damaged (not enc:v2:<key>:<iv>:<tag>:<data>)');
      }
      const key = byId.get(id);
      if (!key) throw new PiiKeyError(`${WRONG_KEY} (key id ${id} is not configured)`);
      try {
        return openWith(key, iv, tag, data);
      } catch {
        throw new PiiKeyError(`${WRONG_KEY} (damaged value under key id ${id})`);
      }
    }
    const [iv, tag, data] = stored.slice(V1.length).split(':');
    if (iv === undefined || tag === undefined || data === undefined) {
      throw new PiiKeyError('Stored ID number is damaged (not enc:v1:<iv>:<tag>:<data>)');
    }
    for (const { key } of all) {
      try {
        return openWith(key, iv, tag, data);
      } catch {
        // GCM's tag says whether this was the key: try the next one.
      }
    }
    throw new PiiKeyError(WRONG_KEY);
  };

  // Copies only the objects on the way to a changed value and shares the rest: payloads are
  // mostly text without ID numbers.
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

  const seal = (json: unknown, clear: readonly string[] = []): SealedJson => {
    if (isSealed(json)) return json;
    const sealed: SealedJson = { [SEALED_KEY]: encryptValue(JSON.stringify(json ?? null)) };
    if (json !== null && typeof json === 'object') {
      for (const k of clear) {
        const v = (json as Record<string, unknown>)[k];
        if (v !== undefined) sealed[k] = v;
      }
    }
    return sealed;
  };

  const decryptPii = <T>(json: T): T => {
    if (isSealed(json)) return JSON.parse(decryptValue(json[SEALED_KEY])) as T;
    return walk(json, decryptValue) as T;
  };

  return {
    currentKeyId: current.id,
    keyIds: all.map((k) => k.id),
    encryptPii: <T>(json: T) => walk(json, encryptValue) as T,
    decryptPii,
    seal,
    encryptValue,
    decryptValue,
    needsRewrap: (stored) => isEncrypted(stored) && !stored.startsWith(currentPrefix),
    searchHash: (value) => hashWith(hashKeys[0]!, value),
    searchHashes: (value) => hashKeys.map((key) => hashWith(key, value)),
    subkey: (purpose) => Buffer.from(hkdfSync('sha256', current.key, '', `icp-${purpose}`, 32)),
  };
}
