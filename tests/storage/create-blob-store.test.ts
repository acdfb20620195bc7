import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createBlobStore, describeBlobStore } from '../../src/storage/create-blob-store.ts';
import { LocalBlobStore } from '../../src/storage/local-blob-store.ts';
import { S3BlobStore } from '../../src/storage/s3-blob-store.ts';

describe('createBlobStore', () => {
  it('uses a folder under DATA_DIR when S3_BUCKET is unset', async () => {
    const store = await createBlobStore(loadConfig({ DATA_DIR: '/tmp/icp-data' }));
    expect(store).toBeInstanceOf(LocalBlobStore);
    expect(describeBlobStore(store)).toBe('/tmp/icp-data/files');
  });

  it('uses S3 when S3_BUCKET is set', async () => {
    const store = await createBlobStore(
      loadConfig({ S3_BUCKET: 'filings', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true' }),
    );
    expect(store).toBeInstanceOf(S3BlobStore);
    expect(describeBlobStore(store)).toBe('s3://filings');
  });
});
