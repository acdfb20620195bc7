import { describe, expect, it } from 'vitest';
import { describeMailError, isTransientMailError } from '../../src/mail/mail-errors.ts';

const withFields = (fields: Record<string, unknown>) => Object.assign(new Error('failed'), fields);

describe('isTransientMailError', () => {
  it.each([
    ['connection refused', { code: 'ECONNREFUSED' }],
    ['nodemailer socket error over a refused connection', { code: 'ESOCKET', originalCode: 'ECONNREFUSED' }],
    ['connection lost', { code: 'ECONNECTION' }],
    ['timeout', { code: 'ETIMEDOUT' }],
    ['DNS failure', { code: 'EDNS' }],
    ['421 service not available', { code: 'EENVELOPE', responseCode: 421 }],
    ['450 mailbox busy', { code: 'EENVELOPE', responseCode: 450 }],
    ['451 local error', { code: 'EMESSAGE', responseCode: 451 }],
    ['452 insufficient storage', { code: 'EENVELOPE', responseCode: 452 }],
    ['503 bad sequence', { code: 'EPROTOCOL', responseCode: 503 }],
  ])('retries %s', (_name, fields) => {
    expect(isTransientMailError(withFields(fields))).toBe(true);
  });

  it.each([
    ['550 mailbox unavailable', { code: 'EENVELOPE', responseCode: 550 }],
    ['552 too big', { code: 'EMESSAGE', responseCode: 552 }],
    ['554 rejected', { code: 'EMESSAGE', responseCode: 554 }],
    ['535 authentication failed', { code: 'EAUTH', responseCode: 535 }],
    ['a bug', {}],
  ])('gives up on %s', (_name, fields) => {
    expect(isTransientMailError(withFields(fields))).toBe(false);
  });

  it('gives up on values that are not errors', () => {
    expect(isTransientMailError(undefined)).toBe(false);
    expect(isTransientMailError('ECONNREFUSED')).toBe(false);
  });
});

describe('describeMailError', () => {
  it('keeps codes and drops the server text, which may quote the address', () => {
    const err = withFields({
      code: 'EENVELOPE',
      responseCode: 550,
      response: '550 <zhangsan@example.cn> unknown',
    });
    expect(describeMailError(err)).toEqual({ code: 'EENVELOPE', responseCode: 550, transient: false });
    expect(JSON.stringify(describeMailError(err))).not.toContain('zhangsan');
  });
});
