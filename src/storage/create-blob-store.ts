import type { Config } from '../config.ts';
import type { BlobStore } from './blob-store.ts';
import { LocalBlobStore } from './local-blob-store.ts';

export type BlobStoreConfig = Pick<
  Config,
  'DATA_DIR' | 'S3_BUCKET' | 'S3_ENDPOINT' | 'S3_REGION' | 'S3_FORCE_PATH_STYLE'
>;

/**
 * S3 when `S3_BUCKET` is set, else the folder `<DATA_DIR>/files`. The S3 client is loaded only
 * then: it is a large package that a process on local files would load for nothing at each start.
 */
export async function createBlobStore(config: BlobStoreConfig): Promise<BlobStore> {
  if (config.S3_BUCKET) {
    const { S3BlobStore } = await import('./s3-blob-store.ts');
    return S3BlobStore.fromSettings({
      bucket: config.S3_BUCKET,
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
  }
  return LocalBlobStore.underDataDir(config.DATA_DIR);
}

/** For start-up logs: where files go, without credentials. */
export function describeBlobStore(store: BlobStore): string {
  if (store instanceof LocalBlobStore) return store.root;
  const bucket = (store as { bucket?: unknown }).bucket;
  if (typeof bucket === 'string') return `s3://${bucket}`;
  return 'custom';
}
