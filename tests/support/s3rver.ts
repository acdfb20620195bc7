import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The small part of s3rver 3.7.1 (CommonJS, untyped) the tests use. */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string; configs: string[] }[];
}) => S3rverInstance;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

export interface RunningS3rver {
  endpoint: string;
  bucket: string;
  /** Where s3rver keeps its files: lets a test look at the bytes it really stored. */
  directory: string;
  /** The stored bytes of an object, read from s3rver's folder (not through the S3 API). */
  storedBytes(key: string): Promise<Buffer>;
  stop(): Promise<void>;
}

/** A real S3-compatible server on 127.0.0.1, a free port, a fresh temp folder and one bucket. */
export async function startS3rver(bucket = 'icp-test'): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 'icp-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    directory,
    storedBytes: (key) => {
      const parts = key.split('/');
      const last = parts.pop()!;
      return readFile(join(directory, bucket, ...parts, `${last}._S3rver_object`));
    },
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
