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

/** For the console chat, whose stdout is the conversation: logs go to stderr. */
export function consoleLogger(level: string): typeof logger {
  return pino({ level, redact }, pino.destination(2));
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
