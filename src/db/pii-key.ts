import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PiiKeyError, type PiiKeyring, piiKey } from './pii-cipher.ts';

export const PII_KEY_FILE = 'pii-encryption.key';
/** During a rotation of the generated key: the old key, still readable until the rotation ends. */
export const PII_PREVIOUS_KEY_FILE = 'pii-encryption.previous.key';

function decodeKey(text: string, name: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new PiiKeyError(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

function readKeyFile(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new PiiKeyError(`${file} does not hold a 32-byte base64 key`);
  return key;
}

/** Written whole or not at all, readable by the owner only. */
function writeKeyFile(file: string, key: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'w' });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

export interface PiiKeySource {
  /** PII_ENCRYPTION_KEY (base64); unset = the generated key file under dataDir. */
  configuredKey?: string | undefined;
  /** PII_ENCRYPTION_KEY_PREVIOUS: older keys (base64, comma-separated) still readable during a rotation. */
  previousKeys?: string | undefined;
  dataDir: string;
  warn?: (message: string, file: string) => void;
}

/**
 * The 32-byte key: PII_ENCRYPTION_KEY (base64) when given, otherwise a key file under the data
 * folder, created on first use (mode 0600). `warn` is told when the file is used, never the key.
 */
export function loadPiiKey(opts: PiiKeySource): Buffer {
  return loadPiiKeyring(opts).current.key;
}

/** The current key and the older ones still readable (from the environment, or the key files). */
export function loadPiiKeyring(opts: PiiKeySource): PiiKeyring {
  if (opts.configuredKey !== undefined) {
    const current = piiKey(decodeKey(opts.configuredKey, 'PII_ENCRYPTION_KEY'));
    const previous = (opts.previousKeys ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((k) => piiKey(decodeKey(k, 'PII_ENCRYPTION_KEY_PREVIOUS')));
    return { current, previous };
  }
  const file = join(opts.dataDir, PII_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  opts.warn?.(
    'PII_ENCRYPTION_KEY is not set: personal data is encrypted with a generated key file; back it up, or set PII_ENCRYPTION_KEY in production',
    file,
  );
  const current = piiKey(readKeyFile(file));
  const previousFile = join(opts.dataDir, PII_PREVIOUS_KEY_FILE);
  const previous = existsSync(previousFile) ? [piiKey(readKeyFile(previousFile))] : [];
  return { current, previous: previous.filter((k) => k.id !== current.id) };
}

/**
 * Starts a rotation of the generated key file: the old key moves to the "previous" file, a new one
 * becomes current. Resumable: when the previous file already holds a different key, the rotation is
 * under way and nothing changes; when it holds the current key (a crash between the two writes),
 * only the new key is written.
 */
export function beginKeyFileRotation(dataDir: string): { started: boolean } {
  const file = join(dataDir, PII_KEY_FILE);
  const previousFile = join(dataDir, PII_PREVIOUS_KEY_FILE);
  const current = readKeyFile(file);
  if (existsSync(previousFile)) {
    if (!readKeyFile(previousFile).equals(current)) return { started: false };
  } else {
    writeKeyFile(previousFile, current);
  }
  writeKeyFile(file, randomBytes(32));
  return { started: true };
}

/** Ends a rotation of the key file: the old key is deleted (after every row was re-encrypted). */
export function retireKeyFile(dataDir: string): void {
  rmSync(join(dataDir, PII_PREVIOUS_KEY_FILE), { force: true });
}
