import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { S3BlobStore } from '../../src/storage/s3-blob-store.ts';
import { type RunningS3rver, startS3rver } from '../support/s3rver.ts';
import { blobStoreContract } from './blob-store-contract.ts';

let s3: RunningS3rver;
let store: S3BlobStore;

beforeAll(async () => {
  s3 = await startS3rver();
  // Credentials come from the standard variables through the SDK's default chain, as in production.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
  store = S3BlobStore.fromSettings({
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
  });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await s3?.stop();
});

blobStoreContract('S3 (s3rver)', {
  store: () => store,
  follow: async (link) => {
    expect(link.startsWith(`${s3.endpoint}/${s3.bucket}/`)).toBe(true);
    const response = await fetch(link);
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  },
  rawStored: (key) => s3.storedBytes(key),
});

describe('S3 specifics', () => {
  it('signs the link with an expiry', async () => {
    const link = new URL(await store.presignGet('filings/f/other/x.jpg', 120));
    expect(link.searchParams.get('X-Amz-Expires')).toBe('120');
    expect(link.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the content type', async () => {
    await store.put('filings/f/other/ct.png', Buffer.from('png-bytes'), 'image/png');
    const response = await fetch(await store.presignGet('filings/f/other/ct.png', 60));
    expect(response.headers.get('content-type')).toBe('image/png');
  });
});
