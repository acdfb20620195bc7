import type { Config } from '../config.ts';
import type { BlobStore } from './blob-store.ts';
import { LocalBlobStore } from './local-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';

export type BlobStoreConfig = Pick<
  Config,
  'DATA_DIR' | 'S3_BUCKET' | 'S3_ENDPOINT' | 'S3_REGION' | 'S3_FORCE_PATH_STYLE'
>;

/** S3 when `S3_BUCKET` is set, else the folder `<DATA_DIR>/files`. */
export function createBlobStore(config: BlobStoreConfig): BlobStore {
  if (config.S3_BUCKET) {
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
  if (store instanceof S3BlobStore) return `s3://${store.bucket}`;
  if (store instanceof LocalBlobStore) return store.root;
  return 'custom';
}
