import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of document blobs (issue 13): each object gets its own random AES-256-GCM
 * data key; the data key is encrypted ("wrapped") with the PII key and kept in the documents row.
 * A copied bucket or data folder alone reveals nothing, and a key rotation re-wraps the small data
 * keys in the database without touching the objects.
 *
 * Stored object: "ICPB1" | iv (12 bytes) | tag (16 bytes) | ciphertext.
 */
const MAGIC = Buffer.from('ICPB1');
const HEADER = MAGIC.length + 12 + 16;

/** What the envelope needs of the PII cipher: wrap and unwrap a short string. */
export interface KeyWrapper {
  encryptValue(plain: string): string;
  decryptValue(stored: string): string;
}

export interface SealedBlob {
  body: Buffer;
  wrappedKey: string;
}

export class BlobDecryptError extends Error {
  override readonly name = 'BlobDecryptError';
}

export interface BlobSealer {
  seal(plain: Buffer): SealedBlob;
  /** `wrappedKey` null: an object stored before encryption at rest, returned as it is. */
  open(body: Buffer, wrappedKey: string | null): Buffer;
}

export function isSealedBlob(body: Buffer): boolean {
  return body.length >= HEADER && body.subarray(0, MAGIC.length).equals(MAGIC);
}

export function createBlobSealer(wrapper: KeyWrapper): BlobSealer {
  return {
    seal(plain) {
      const dataKey = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
      const data = Buffer.concat([cipher.update(plain), cipher.final()]);
      const body = Buffer.concat([MAGIC, iv, cipher.getAuthTag(), data]);
      return { body, wrappedKey: wrapper.encryptValue(dataKey.toString('base64')) };
    },
    open(body, wrappedKey) {
      if (wrappedKey === null) return body;
      if (!isSealedBlob(body)) throw new BlobDecryptError('stored object is not an encrypted blob');
      const dataKey = Buffer.from(wrapper.decryptValue(wrappedKey), 'base64');
      const iv = body.subarray(MAGIC.length, MAGIC.length + 12);
      const tag = body.subarray(MAGIC.length + 12, HEADER);
      try {
        const decipher = createDecipheriv('aes-256-gcm', dataKey, iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body.subarray(HEADER)), decipher.final()]);
      } catch {
        throw new BlobDecryptError('stored object does not match its data key (damaged or replaced)');
      }
    },
  };
}
