import { describe, expect, it } from 'vitest';
import { checkCode, startVerification } from '../../src/account/email-verification.ts';
import { parseAccountCommand } from '../../src/account/registration-commands.ts';
import { codeHashColumn, stateFromRows } from '../../src/account/registration-state.ts';

describe('account commands typed in a chat', () => {
  it('reads /email with or without an address and /resend; anything else is not one', () => {
    expect(parseAccountCommand('/email')).toEqual({ command: 'email' });
    expect(parseAccountCommand(' /email  a@b.cn ')).toEqual({ command: 'email', arg: 'a@b.cn' });
    expect(parseAccountCommand('/email@icp_bot a@b.cn')).toEqual({ command: 'email', arg: 'a@b.cn' });
    expect(parseAccountCommand('/RESEND')).toEqual({ command: 'resend' });
    expect(parseAccountCommand('/emails')).toBeUndefined();
    expect(parseAccountCommand('email a@b.cn')).toBeUndefined();
  });
});

describe('verification state from the table rows', () => {
  it('a code stored as one row (salt and hash in one column) checks as the pure state does', () => {
    const now = new Date('2026-12-01T02:00:00Z');
    const started = startVerification(undefined, 'a@b.cn', { now, randomCode: () => '123456' });
    if (!started.ok) throw new Error('not started');
    const row = {
      id: 'r1',
      email: started.state.email,
      codeHash: codeHashColumn(started.state),
      expiresAt: new Date(started.state.expiresAt!),
      wrongTries: 2,
      createdAt: now,
      consumedAt: null,
    };
    expect(row.codeHash).not.toContain('123456');
    const state = stateFromRows(row, [row], now);
    expect(state?.wrongTries).toBe(2);
    expect(checkCode(state, '123456', { now }).ok).toBe(true);
    expect(checkCode(state, '654321', { now })).toMatchObject({
      ok: false,
      problem: { code: 'account.code_wrong' },
    });
  });

  it('sends of the last hour count even without an open code; older ones do not', () => {
    const now = new Date('2026-12-01T02:00:00Z');
    const at = (minutesAgo: number) => ({ createdAt: new Date(now.getTime() - minutesAgo * 60_000) });
    const state = stateFromRows(null, [at(61), at(59), at(5), at(1)], now);
    expect(state?.sendTimes).toHaveLength(3);
    const again = startVerification(state, 'a@b.cn', { now });
    expect(again).toMatchObject({ ok: false, problem: { code: 'account.resend_limit' } });
    expect(stateFromRows(null, [at(90)], now)).toBeUndefined();
  });
});
