import { describe, expect, it } from 'vitest';
import { decideRoles, describeRoles, type RoleInputs } from '../../src/ops/roles.ts';

const none: RoleInputs = {
  telegramToken: false,
  telegramWebhook: false,
  slackToken: false,
  slackSocket: false,
  forceConsole: false,
  stdinIsTty: false,
};

describe('decideRoles', () => {
  it('runs the console chat only with no applicant channel and a terminal', () => {
    expect(decideRoles({ ...none, stdinIsTty: true })).toEqual({
      ok: true,
      roles: { worker: true, console: true },
    });
    expect(decideRoles({ ...none, stdinIsTty: false })).toEqual({
      ok: true,
      roles: { worker: true, console: false },
    });
    expect(decideRoles({ ...none, forceConsole: true })).toEqual({
      ok: true,
      roles: { worker: true, console: true },
    });
  });

  it('never adds the console to a Slack process whose stdin is not a terminal', () => {
    const decided = decideRoles({ ...none, slackToken: true, stdinIsTty: false });
    expect(decided).toEqual({ ok: true, roles: { slack: 'http', worker: true, console: false } });
  });

  it('never adds the console when Telegram serves applicants, even on a terminal', () => {
    const decided = decideRoles({ ...none, telegramToken: true, telegramWebhook: true, stdinIsTty: true });
    expect(decided).toEqual({ ok: true, roles: { telegram: 'webhook', worker: true, console: false } });
  });

  it('takes an explicit split from ICP_ROLES', () => {
    const all = { ...none, telegramToken: true, slackToken: true, slackSocket: true, stdinIsTty: true };
    expect(decideRoles({ ...all, requested: 'worker' })).toEqual({
      ok: true,
      roles: { worker: true, console: false },
    });
    expect(decideRoles({ ...all, requested: 'telegram, Slack' })).toEqual({
      ok: true,
      roles: { telegram: 'polling', slack: 'socket', worker: false, console: false },
    });
  });

  it('refuses an unknown role, an empty list, and a role whose channel is not configured', () => {
    expect(decideRoles({ ...none, requested: 'telegram,web' })).toMatchObject({
      ok: false,
      problem: { key: 'ops:roles.unknown', params: { value: 'web' } },
    });
    expect(decideRoles({ ...none, requested: ',' })).toMatchObject({
      ok: false,
      problem: { key: 'ops:roles.empty' },
    });
    expect(decideRoles({ ...none, requested: 'slack' })).toMatchObject({
      ok: false,
      problem: { key: 'ops:roles.needs', params: { variable: 'SLACK_BOT_TOKEN' } },
    });
  });
});

it('describes the roles in order, one text each', () => {
  expect(describeRoles({ telegram: 'webhook', slack: 'http', worker: true, console: false })).toEqual([
    { key: 'ops:roles.telegram_webhook' },
    { key: 'ops:roles.slack_http' },
    { key: 'ops:roles.worker' },
  ]);
});
