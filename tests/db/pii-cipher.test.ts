import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createPiiCipher,
  isEncrypted,
  isSealed,
  PiiKeyError,
  PiiPlaintextError,
  piiKey,
  piiKeyId,
} from '../../src/db/pii-cipher.ts';
import { loadPiiKey, PII_KEY_FILE } from '../../src/db/pii-key.ts';

const doc = {
  sponsor: { name: '福州某某科技有限公司', documentNumber: '91350100M000100Y43' },
  sponsorPrincipal: { name: '张三', idNumber: '11010519491231002X', mobiles: ['13800138000'] },
  websites: [
    { domains: ['example.cn'], principal: { idNumber: '110105194912310037' } },
    { principal: 'same' },
  ],
};

describe('PII cipher', () => {
  const cipher = createPiiCipher(randomBytes(32));

  it('encrypts idNumber and documentNumber anywhere in the tree and nothing else', () => {
    const stored = cipher.encryptPii(doc);
    const text = JSON.stringify(stored);
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('110105194912310037');
    expect(text).not.toContain('91350100M000100Y43');
    expect(stored.sponsor.name).toBe(doc.sponsor.name);
    expect(stored.sponsorPrincipal.mobiles).toEqual(['13800138000']);
    expect(stored.sponsorPrincipal.idNumber).toMatch(
      /^enc:v2:[0-9a-f]{8}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/,
    );
    expect(cipher.decryptPii(stored)).toEqual(doc);
  });

  it('is idempotent and leaves the input untouched', () => {
    const once = cipher.encryptPii(doc);
    expect(cipher.encryptPii(once)).toEqual(once);
    expect(doc.sponsorPrincipal.idNumber).toBe('11010519491231002X');
  });

  it('uses a fresh IV per value, also past one pooled block of IVs', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const value = cipher.encryptValue('11010519491231002X');
      ivs.add(value.split(':')[3]!);
      expect(cipher.decryptValue(value)).toBe('11010519491231002X');
    }
    expect(ivs.size).toBe(1000);
  });

  it('copies only the objects that hold ID numbers; the input stays as it was', () => {
    const before = structuredClone(doc);
    const stored = cipher.encryptPii(doc);
    expect(doc).toEqual(before);
    expect(stored.sponsorPrincipal).not.toBe(doc.sponsorPrincipal);
    expect(stored.websites[0]).not.toBe(doc.websites[0]);
    // Parts without ID numbers are shared, not copied.
    expect(stored.sponsorPrincipal.mobiles).toBe(doc.sponsorPrincipal.mobiles);
    expect(stored.websites[1]).toBe(doc.websites[1]);
    const plain = { a: { b: [1, { c: 'x' }] } };
    expect(cipher.encryptPii(plain)).toBe(plain);
    const opened = cipher.decryptPii(stored);
    expect(opened).toEqual(doc);
    expect(stored.sponsorPrincipal.idNumber).toMatch(/^enc:v2:/);
  });

  it('refuses to decrypt with another key, with a clear error', () => {
    const stored = cipher.encryptPii(doc);
    const other = createPiiCipher(randomBytes(32));
    expect(() => other.decryptPii(stored)).toThrow(PiiKeyError);
    expect(() => other.decryptPii(stored)).toThrow(/PII_ENCRYPTION_KEY/);
  });

  it('detects a damaged value', () => {
    const value = cipher.encryptValue('11010519491231002X');
    const damaged = `${value.slice(0, -4)}AAAA`;
    expect(isEncrypted(damaged)).toBe(true);
    expect(() => cipher.decryptValue(damaged)).toThrow(PiiKeyError);
    expect(() => cipher.decryptValue('enc:v1:only-one-part')).toThrow(PiiKeyError);
  });
});

describe('PII key', () => {
  it('takes PII_ENCRYPTION_KEY when given and rejects a key of the wrong size', () => {
    const key = randomBytes(32);
    expect(loadPiiKey({ configuredKey: key.toString('base64'), dataDir: '/nonexistent' })).toEqual(key);
    expect(() => loadPiiKey({ configuredKey: randomBytes(16).toString('base64'), dataDir: '/x' })).toThrow(
      /32 bytes/,
    );
  });

  it('otherwise generates a 0600 key file under the data folder once, warning without the key', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'icp-key-')), 'nested');
    const warnings: string[] = [];
    const first = loadPiiKey({ dataDir, warn: (message, file) => warnings.push(`${message} ${file}`) });
    const second = loadPiiKey({ dataDir });
    expect(second).toEqual(first);
    const file = join(dataDir, PII_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(warnings[0]).not.toContain(readFileSync(file, 'utf8').trim());
  });
});

describe('PII cipher: plaintext is not ciphertext (issue 12 item 3)', () => {
  const cipher = createPiiCipher(randomBytes(32));

  it('refuses a value written in clear, without quoting it', () => {
    expect(() => cipher.decryptValue('11010519491231002X')).toThrow(PiiPlaintextError);
    try {
      cipher.decryptValue('11010519491231002X');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('11010519491231002X');
    }
  });

  it('refuses a document whose ID number was written in clear', () => {
    expect(() => cipher.decryptPii(doc)).toThrow(PiiPlaintextError);
  });
});

describe('PII cipher: whole documents sealed (issue 12 item 4)', () => {
  const cipher = createPiiCipher(randomBytes(32));

  it('seals names, phones, emails and ID numbers alike, keeping only the listed fields readable', () => {
    const state = { phase: 'asking', draft: { ...doc, email: 'zhang@example.cn' } };
    const sealed = cipher.seal(state, ['phase']);
    const text = JSON.stringify(sealed);
    for (const value of ['张三', '13800138000', 'zhang@example.cn', '11010519491231002X', '福州某某科技']) {
      expect(text).not.toContain(value);
    }
    expect(sealed.phase).toBe('asking');
    expect(isSealed(sealed)).toBe(true);
    expect(cipher.decryptPii(sealed)).toEqual(state);
  });

  it('a sealed value from another key is refused', () => {
    const sealed = cipher.seal(doc);
    expect(() => createPiiCipher(randomBytes(32)).decryptPii(sealed)).toThrow(PiiKeyError);
  });
});

describe('PII keyring (key rotation)', () => {
  it('writes under the current key id and reads values of a previous key and of the v1 format', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = createPiiCipher(oldKey);
    const oldValue = before.encryptValue('11010519491231002X');
    // enc:v1 (before key ids): the same AES-GCM parts without the id.
    const [, , , iv, tag, data] = oldValue.split(':');
    const v1 = `enc:v1:${iv}:${tag}:${data}`;
    const ring = createPiiCipher({ current: piiKey(newKey), previous: [piiKey(oldKey)] });
    expect(ring.decryptValue(oldValue)).toBe('11010519491231002X');
    expect(ring.decryptValue(v1)).toBe('11010519491231002X');
    expect(ring.needsRewrap(oldValue)).toBe(true);
    expect(ring.needsRewrap(v1)).toBe(true);
    const fresh = ring.encryptValue('11010519491231002X');
    expect(fresh.startsWith(`enc:v2:${piiKeyId(newKey)}:`)).toBe(true);
    expect(ring.needsRewrap(fresh)).toBe(false);
    // The old key alone cannot read the new value, and says which key id it lacks.
    expect(() => before.decryptValue(fresh)).toThrow(piiKeyId(newKey));
  });

  it('search hashes are keyed: equal for equal values, unrelated across keys', () => {
    const a = createPiiCipher(randomBytes(32));
    const b = createPiiCipher(randomBytes(32));
    expect(a.searchHash('zhang@example.cn')).toBe(a.searchHash('zhang@example.cn'));
    expect(a.searchHash('zhang@example.cn')).not.toBe(b.searchHash('zhang@example.cn'));
    expect(a.searchHash('zhang@example.cn')).not.toContain('zhang');
  });
});
