import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PiiKeyError } from './pii-cipher.ts';

export const PII_KEY_FILE = 'pii-encryption.key';

/**
 * The 32-byte key: PII_ENCRYPTION_KEY (base64) when given, otherwise a key file under the data
 * folder, created on first use (mode 0600). `warn` is told when the file is used, never the key.
 */
export function loadPiiKey(opts: {
  configuredKey?: string | undefined;
  dataDir: string;
  warn?: (message: string, file: string) => void;
}): Buffer {
  if (opts.configuredKey !== undefined) {
    const key = Buffer.from(opts.configuredKey, 'base64');
    if (key.length !== 32) throw new PiiKeyError('PII_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  const file = join(opts.dataDir, PII_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(opts.dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  opts.warn?.(
    'PII_ENCRYPTION_KEY is not set: ID numbers are encrypted with a generated key file; back it up, or set PII_ENCRYPTION_KEY in production',
    file,
  );
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new PiiKeyError(`${file} does not hold a 32-byte base64 key`);
  return key;
}
