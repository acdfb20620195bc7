import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../../src/storage/local-blob-store.ts';
import { blobStoreContract } from './blob-store-contract.ts';

let dataDir: string;
let store: LocalBlobStore;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'icp-local-blobs-'));
  store = LocalBlobStore.underDataDir(dataDir);
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

blobStoreContract('local folder', {
  store: () => store,
  follow: async (link) => {
    expect(link.startsWith('file://')).toBe(true);
    return readFile(fileURLToPath(link));
  },
  rawStored: (key) => readFile(join(dataDir, 'files', key)),
});

describe('local folder specifics', () => {
  it('keeps files under <dataDir>/files', async () => {
    await store.put('filings/f1/other/a.pdf', Buffer.from('%PDF-'), 'application/pdf');
    expect((await stat(join(dataDir, 'files', 'filings', 'f1', 'other', 'a.pdf'))).isFile()).toBe(true);
  });

  it('leaves no temp files behind after writes', async () => {
    await store.put('filings/f2/other/b.jpg', Buffer.alloc(1000, 1), 'image/jpeg');
    await store.put('filings/f2/other/b.jpg', Buffer.alloc(10, 2), 'image/jpeg');
    expect(await readdir(join(dataDir, 'files', 'filings', 'f2', 'other'))).toEqual(['b.jpg']);
  });

  it('cannot be led outside its folder, even by keys that look harmless', () => {
    for (const bad of ['..', 'filings/..', 'filings/.hidden', 'filings\\..\\x', 'C:/x', 'filings/a b.jpg']) {
      expect(() => store.pathOf(bad), bad).toThrow(/invalid object key/);
    }
  });
});
