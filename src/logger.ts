import { join } from 'node:path';
import pino from 'pino';

/**
 * One pino logger. Callers log codes and ids only; the redaction paths are a safety net for
 * objects that carry personal data by mistake.
 */
const redact = {
  paths: [
    '*.idNumber',
    '*.documentNumber',
    '*.mobiles',
    '*.emergencyPhone',
    '*.officePhone',
    '*.emails',
    '*.email',
    '*.phone',
    'token',
    '*.token',
  ],
  censor: '[redacted]',
};

export const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', redact });

/** Where the console chat's logs go: `<DATA_DIR>/logs/console.log`. */
export function consoleLogPath(dataDir: string): string {
  return join(dataDir, 'logs', 'console.log');
}

/**
 * For the console chat, whose terminal is the conversation: JSON log lines between chat lines
 * would bury it (issue 17 item 11), so they go to a file under the data folder. Synchronous, so
 * the last line before an exit is kept; owner-readable only, like the rest of the data folder.
 */
export function consoleLogger(level: string, dataDir: string): typeof logger {
  return pino(
    { level, redact },
    pino.destination({ dest: consoleLogPath(dataDir), mkdir: true, sync: true, mode: 0o600 }),
  );
}

/** The same logger (level, redaction) writing to `destination`: tests capture and scan its output. */
export function loggerTo(level: string, destination: pino.DestinationStream): typeof logger {
  return pino({ level, redact }, destination);
}

/** Keeps the last 4 characters: enough for staff and logs to tell records apart. */
export function maskTail(value: string, keep = 4): string {
  if (value.length <= keep) return '*'.repeat(value.length);
  return '*'.repeat(value.length - keep) + value.slice(-keep);
}

/** a***@example.cn: the domain helps support, the local part is personal. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return maskTail(email);
  return `${email[0]}***${email.slice(at)}`;
}
