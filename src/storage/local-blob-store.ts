import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BlobNotFoundError, type BlobStore, InvalidObjectKeyError } from './blob-store.ts';
import { assertSafeObjectKey } from './object-key.ts';

/**
 * Blobs as files under one folder (by default `<DATA_DIR>/files`), for a single machine without S3.
 *
 * - Keys must be our generated keys (`isSafeObjectKey`); the resolved path is checked again to be
 *   inside the root, so no key can reach outside it.
 * - Writes go to a temp file in the target folder, are fsynced, then renamed over the target: a
 *   crash leaves either the old file or the new one, never half a file.
 * - `presignGet` returns a `file://` URL of the stored file. Without S3 there is no HTTP server to
 *   sign links for, and the people who can use a link are those on this machine (the operator, the
 *   `icp staff` console). The URL does not expire, so `ttlSeconds` is ignored. Staff on other
 *   machines (Slack) need S3, or the adapter must send the bytes themselves (`get`).
 */
export class LocalBlobStore implements BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The folder the default configuration uses: `<dataDir>/files`. */
  static underDataDir(dataDir: string): LocalBlobStore {
    return new LocalBlobStore(join(dataDir, 'files'));
  }

  async put(key: string, body: Buffer, _contentType: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const temp = join(dirname(target), `.${randomUUID()}.tmp`);
    // Owner-only: the bytes are encrypted, but a readable folder still lists who uploaded when.
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(body);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    try {
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(key);
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async presignGet(key: string, _ttlSeconds: number): Promise<string> {
    return pathToFileURL(this.pathOf(key)).href;
  }

  /** Absolute path of a key; throws InvalidObjectKeyError for anything that is not one of our keys. */
  pathOf(key: string): string {
    assertSafeObjectKey(key);
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new InvalidObjectKeyError(key);
    return path;
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
