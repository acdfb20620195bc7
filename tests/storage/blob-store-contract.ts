import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlobNotFoundError, type BlobStore } from '../../src/storage/blob-store.ts';
import { objectKey } from '../../src/storage/object-key.ts';

export interface ContractHarness {
  store: () => BlobStore;
  /** Fetches what `presignGet` returned and gives back the bytes it leads to. */
  follow: (link: string) => Promise<Buffer>;
  /** The bytes as the backend stored them, bypassing the store (to catch transfer framing). */
  rawStored: (key: string) => Promise<Buffer>;
}

/** The behaviour every BlobStore must have; run once per adapter. */
export function blobStoreContract(name: string, h: ContractHarness): void {
  describe(`${name}: BlobStore contract`, () => {
    const key = (kind = 'other', ext: 'jpg' | 'png' | 'pdf' = 'jpg') =>
      objectKey({ filingId: 'f-contract', kind, ext });
    // Every byte value, including CR LF and bytes that look like chunk headers, plus random data.
    const binary = Buffer.concat([
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      Buffer.from('\r\n0;chunk-signature=abc\r\n'),
      randomBytes(200_000),
    ]);

    it('stores and returns binary data byte for byte', async () => {
      const k = key();
      await h.store().put(k, binary, 'image/jpeg');
      const back = await h.store().get(k);
      expect(back.equals(binary)).toBe(true);
    });

    it('stores the plain bytes, without any transfer framing', async () => {
      const k = key('sponsor_certificate', 'pdf');
      await h.store().put(k, binary, 'application/pdf');
      const raw = await h.rawStored(k);
      expect(raw.length).toBe(binary.length);
      expect(raw.equals(binary)).toBe(true);
    });

    it('knows whether a key exists, and forgets it after delete', async () => {
      const k = key();
      expect(await h.store().exists(k)).toBe(false);
      await h.store().put(k, Buffer.from('x'), 'image/jpeg');
      expect(await h.store().exists(k)).toBe(true);
      await h.store().delete(k);
      expect(await h.store().exists(k)).toBe(false);
      await expect(h.store().get(k)).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it('deleting a missing key is not an error', async () => {
      await expect(h.store().delete(key())).resolves.toBeUndefined();
    });

    it('replaces the content when the same key is written again', async () => {
      const k = key('other', 'png');
      await h.store().put(k, Buffer.from('first version, longer'), 'image/png');
      await h.store().put(k, Buffer.from('second'), 'image/png');
      expect((await h.store().get(k)).toString()).toBe('second');
    });

    it('gives a link that leads to the stored bytes', async () => {
      const k = key();
      await h.store().put(k, binary, 'image/jpeg');
      const link = await h.store().presignGet(k, 300);
      expect((await h.follow(link)).equals(binary)).toBe(true);
    });

    it('refuses keys that are not generated keys', async () => {
      for (const bad of ['../outside.jpg', 'filings/../../etc/passwd', '/abs/path.jpg', 'a//b.jpg', '']) {
        await expect(h.store().put(bad, Buffer.from('x'), 'image/jpeg'), bad).rejects.toThrow(
          /invalid object key/,
        );
        await expect(h.store().get(bad), bad).rejects.toThrow(/invalid object key/);
      }
    });
  });
}
