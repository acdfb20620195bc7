/**
 * Sorting delivery failures for the outbox: transient ones (the server is down, slow, or says
 * "try later") are retried with backoff; permanent ones (the server refuses the message or the
 * address for good) are not, since every retry would get the same answer.
 */

// Socket and DNS failures from Node, and nodemailer's codes for a lost or timed-out connection.
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'EAI_AGAIN',
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'EPROXY',
  // The file mailer: a full disk or too many open files may clear up.
  'ENOSPC',
  'EMFILE',
  'ENFILE',
  'EBUSY',
  'EAGAIN',
]);

interface ErrorFields {
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
}

export function isTransientMailError(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const { code, originalCode, responseCode } = err as ErrorFields;
  if (typeof responseCode === 'number') {
    if (responseCode >= 400 && responseCode < 500) return true;
    // 503 "bad sequence of commands" blames the session, not the message: a new connection can pass.
    if (responseCode >= 500 && responseCode < 600) return responseCode === 503;
  }
  return (
    (typeof code === 'string' && TRANSIENT_CODES.has(code)) ||
    (typeof originalCode === 'string' && TRANSIENT_CODES.has(originalCode))
  );
}

/**
 * Fields safe to log: codes only. The server's response text is left out because it often quotes
 * the recipient address.
 */
export function describeMailError(err: unknown): {
  code?: string;
  responseCode?: number;
  transient: boolean;
} {
  const fields = (err !== null && typeof err === 'object' ? err : {}) as ErrorFields;
  return {
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(typeof fields.responseCode === 'number' ? { responseCode: fields.responseCode } : {}),
    transient: isTransientMailError(err),
  };
}
