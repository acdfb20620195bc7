import { describe, expect, it } from 'vitest';
import {
  type AccountProblemCode,
  accountProblem,
  askCodeText,
  askEmailText,
  askNewEmailText,
  codeSentText,
} from '../../src/account/account-texts.ts';
import { emailAccountKey } from '../../src/account/email-address.ts';
import {
  CODE_TTL_MINUTES,
  checkCode,
  type EmailVerificationState,
  hasLiveCode,
  isVerified,
  MAX_WRONG_TRIES,
  startVerification,
} from '../../src/account/email-verification.ts';
import { hasText, LANGS, render } from '../../src/i18n/index.ts';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function started(code = '482913', email = 'Zhang.San@Example.cn', now = T0, prior?: EmailVerificationState) {
  const result = startVerification(prior, email, { now, randomCode: () => code });
  if (!result.ok) throw new Error(`start failed: ${result.problem.code}`);
  return result;
}

function problemOf(result: ReturnType<typeof checkCode>): AccountProblemCode {
  if (result.ok) throw new Error('expected a problem');
  return result.problem.code;
}

describe('startVerification', () => {
  it('sends a 6-digit code valid 10 minutes to the normalized address', () => {
    const { state, code, text } = started();
    expect(code).toBe('482913');
    // The domain is case-insensitive, the local part kept as typed (the filing form's email rule).
    expect(state.email).toBe('Zhang.San@example.cn');
    expect(state.expiresAt).toBe(minutes(CODE_TTL_MINUTES).toISOString());
    expect(state.wrongTries).toBe(0);
    expect(state.sendTimes).toEqual([T0.toISOString()]);
    expect(text).toEqual({
      key: 'account:prompts.code_sent',
      params: { email: 'Z***@example.cn', minutes: 10 },
    });
  });

  it('stores the code only as a salted hash', () => {
    const first = started('482913');
    const second = started('482913', 'zhang.san@example.cn', minutes(1), first.state);
    for (const { state } of [first, second]) {
      const json = JSON.stringify(state);
      expect(json).not.toContain('482913');
      expect(state.codeHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    }
    // Same code, new salt: equal codes do not show as equal hashes.
    expect(second.state.codeHash).not.toBe(first.state.codeHash);
    expect(JSON.parse(JSON.stringify(first.state))).toEqual(first.state);
  });

  it('draws a fresh 6-digit code from the CSPRNG by default', () => {
    const codes = new Set<string>();
    let state: EmailVerificationState | undefined;
    for (let i = 0; i < 3; i++) {
      const result = startVerification(state, 'a@example.cn', { now: minutes(i * 61) });
      if (!result.ok) throw new Error(result.problem.code);
      expect(result.code).toMatch(/^[0-9]{6}$/);
      codes.add(result.code);
      state = result.state;
    }
    expect(codes.size).toBeGreaterThan(1);
  });

  it('accepts an address typed on a Chinese keyboard: full-width characters, 。 and spaces around', () => {
    expect(started('111111', ' li.si＠example.COM.cn ').state.email).toBe('li.si@example.com.cn');
    expect(started('111111', 'ｌｉ．ｓｉ＠ｅｘａｍｐｌｅ。ｃｎ').state.email).toBe('li.si@example.cn');
  });

  it('gives one account key to addresses differing only in letter case', () => {
    expect(emailAccountKey(started().state.email)).toBe(emailAccountKey('zhang.san@EXAMPLE.cn'));
  });

  it.each(['', 'zhangsan', 'zhang san@example.cn', 'a@b', 'a@@example.cn', 'a@example.c', '@example.cn'])(
    'refuses %j as an address',
    (email) => {
      const result = startVerification(undefined, email, { now: T0, randomCode: () => '123456' });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem.text).toEqual({ key: 'account:problems.email_invalid' });
    },
  );

  it('allows 3 sends per hour, refuses the 4th with the time it is possible again, then allows it', () => {
    let state = started('100001', 'a@example.cn', T0).state;
    state = started('100002', 'a@example.cn', minutes(10), state).state;
    state = started('100003', 'a@example.cn', minutes(20), state).state;

    const refused = startVerification(state, 'a@example.cn', {
      now: minutes(30),
      randomCode: () => '100004',
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.problem.code).toBe('account.resend_limit');
    expect(refused.problem.params).toEqual({ minutes: 30, max: 3, retryAt: minutes(60).toISOString() });

    // One minute before the first send leaves the hour: still refused.
    expect(
      startVerification(state, 'a@example.cn', { now: minutes(59), randomCode: () => '100004' }).ok,
    ).toBe(false);
    const allowed = started('100004', 'a@example.cn', minutes(60), state);
    expect(allowed.state.sendTimes).toEqual(
      [minutes(10), minutes(20), minutes(60)].map((d) => d.toISOString()),
    );
    // The next slot opens when the second send leaves the hour.
    const again = startVerification(allowed.state, 'a@example.cn', {
      now: minutes(61),
      randomCode: () => '1',
    });
    expect(!again.ok && again.problem.params?.retryAt).toBe(minutes(70).toISOString());
  });

  it('counts sends to every address: changing the address does not reset the hour', () => {
    let state = started('100001', 'a@example.cn', T0).state;
    state = started('100002', 'b@example.cn', minutes(1), state).state;
    state = started('100003', 'c@example.cn', minutes(2), state).state;
    const refused = startVerification(state, 'd@example.cn', { now: minutes(3), randomCode: () => '100004' });
    expect(!refused.ok && refused.problem.code).toBe('account.resend_limit');
  });

  it('keeps the previous code usable when a resend is refused (the caller keeps the old state)', () => {
    let state = started('100001', 'a@example.cn', T0).state;
    state = started('100002', 'a@example.cn', minutes(1), state).state;
    state = started('100003', 'a@example.cn', minutes(2), state).state;
    expect(startVerification(state, 'a@example.cn', { now: minutes(3) }).ok).toBe(false);
    expect(checkCode(state, '100003', { now: minutes(4) }).ok).toBe(true);
  });

  it('starts over for a new address: fresh tries, the old code is gone', () => {
    const first = started('111111', 'a@example.cn');
    const wrong = checkCode(first.state, '000000', { now: minutes(1) });
    const changed = started('222222', 'b@example.cn', minutes(2), wrong.state);
    expect(changed.state.email).toBe('b@example.cn');
    expect(changed.state.wrongTries).toBe(0);
    expect(problemOf(checkCode(changed.state, '111111', { now: minutes(3) }))).toBe('account.code_wrong');
    expect(checkCode(changed.state, '222222', { now: minutes(3) }).ok).toBe(true);
  });

  it('refuses a code source that does not give 6 digits (a bug, not user input)', () => {
    expect(() =>
      startVerification(undefined, 'a@example.cn', { now: T0, randomCode: () => '12345' }),
    ).toThrow();
  });
});

describe('checkCode', () => {
  it('verifies the right code and reports the address', () => {
    const { state } = started('482913');
    const result = checkCode(state, '482913', { now: minutes(9) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.email).toBe('Zhang.San@example.cn');
    expect(result.state.verifiedAt).toBe(minutes(9).toISOString());
    expect(result.state.codeHash).toBeUndefined();
    expect(isVerified(result.state)).toBe(true);
    expect(result.text).toEqual({ key: 'account:prompts.verified', params: { email: 'Z***@example.cn' } });
  });

  it('counts wrong tries down, then declares the code dead after 5', () => {
    let { state } = started('482913');
    for (let remaining = MAX_WRONG_TRIES - 1; remaining > 0; remaining--) {
      const result = checkCode(state, '000000', { now: minutes(1) });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problem).toMatchObject({ code: 'account.code_wrong', params: { remaining } });
      state = result.state!;
    }
    const fifth = checkCode(state, '000000', { now: minutes(1) });
    expect(problemOf(fifth)).toBe('account.too_many_tries');
    state = fifth.state!;
    expect(state.wrongTries).toBe(5);
    expect(hasLiveCode(state, minutes(1))).toBe(false);
    // Dead: even the right code no longer works; only a resend helps.
    expect(problemOf(checkCode(state, '482913', { now: minutes(2) }))).toBe('account.too_many_tries');
    const resent = started('654321', 'zhang.san@example.cn', minutes(3), state);
    expect(checkCode(resent.state, '654321', { now: minutes(4) }).ok).toBe(true);
  });

  it('refuses an expired code, even the right one', () => {
    const { state } = started('482913');
    expect(checkCode(state, '482913', { now: minutes(9.99) }).ok).toBe(true);
    const late = checkCode(state, '482913', { now: minutes(11) });
    expect(late.ok).toBe(false);
    if (late.ok) return;
    expect(late.problem).toMatchObject({ code: 'account.code_expired', params: { minutes: 10 } });
    expect(late.state).toEqual(state);
    expect(problemOf(checkCode(state, '482913', { now: minutes(10) }))).toBe('account.code_expired');
  });

  it('accepts a code once only', () => {
    const { state } = started('482913');
    const first = checkCode(state, '482913', { now: minutes(1) });
    expect(first.ok).toBe(true);
    expect(problemOf(checkCode(first.state, '482913', { now: minutes(2) }))).toBe('account.code_used');
  });

  it.each(['４８２９１３', '482 913', ' 482-913 ', '４８２　９１３'])('accepts %j', (input) => {
    const { state } = started('482913');
    expect(checkCode(state, input, { now: minutes(1) }).ok).toBe(true);
  });

  it('answers text that is not a code with the format hint, without spending a try', () => {
    const { state } = started('482913');
    for (const input of ['hello', '48291', '4829130', '']) {
      const result = checkCode(state, input, { now: minutes(1) });
      expect(problemOf(result)).toBe('account.code_format');
      expect(result.state?.wrongTries).toBe(0);
    }
  });

  it('says there is no code when none was sent', () => {
    const result = checkCode(undefined, '482913', { now: T0 });
    expect(problemOf(result)).toBe('account.no_code');
    expect(result.state).toBeUndefined();
  });
});

describe('account texts', () => {
  const problems: AccountProblemCode[] = [
    'account.email_invalid',
    'account.resend_limit',
    'account.code_format',
    'account.code_wrong',
    'account.code_expired',
    'account.too_many_tries',
    'account.code_used',
    'account.no_code',
  ];

  it('has every problem and prompt in both languages, with the way out where a code failed', () => {
    const texts = [
      ...problems.map((code) => accountProblem(code, { remaining: 3, minutes: 7, max: 3 }).text),
      askEmailText(),
      askNewEmailText(),
      askCodeText('a@example.cn'),
      codeSentText('a@example.cn', 10),
    ];
    for (const lang of LANGS) {
      for (const text of texts) {
        expect(hasText(lang, text.key), `${lang} ${text.key}`).toBe(true);
        expect(render(lang, text)).not.toMatch(/\{\{/);
      }
      for (const code of ['account.code_wrong', 'account.code_expired', 'account.too_many_tries'] as const) {
        const rendered = render(lang, accountProblem(code, { remaining: 3, minutes: 10 }).text);
        expect(rendered).toContain('/resend');
        expect(rendered).toContain('/email');
      }
    }
  });

  it('shows the masked address and the validity in the code-sent prompt', () => {
    expect(render('en', codeSentText('alice@example.cn', 10))).toContain(
      'We sent a 6-digit code to a***@example.cn, valid 10 minutes',
    );
    expect(render('zh', codeSentText('alice@example.cn', 10))).toContain('a***@example.cn');
    expect(render('en', accountProblem('account.code_wrong', { remaining: 2 }).text)).toContain(
      '2 tries left',
    );
  });
});
