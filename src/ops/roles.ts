/**
 * Which parts one process runs, decided from the configuration (pure). The default is everything
 * that is configured; ICP_ROLES (or `icp start --roles`) lets an operator split them across
 * processes. The console chat is a development surface: it runs only when no applicant channel is
 * configured and stdin is a terminal, or when asked for, so a service never exits because its
 * stdin closed.
 */
import type { Text } from '../i18n/index.ts';

export const ROLE_NAMES = ['telegram', 'slack', 'worker', 'console'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export interface Roles {
  telegram?: 'polling' | 'webhook';
  slack?: 'http' | 'socket';
  /** The outbox worker: replies owed, pings, mails, Slack updates, reminders. */
  worker: boolean;
  console: boolean;
}

export interface RoleInputs {
  telegramToken: boolean;
  telegramWebhook: boolean;
  slackToken: boolean;
  slackSocket: boolean;
  /** ICP_ROLES or `--roles`: a comma-separated subset of ROLE_NAMES; unset = everything configured. */
  requested?: string | undefined;
  /** `--console`: the console chat even without a terminal (scripted driving, tests). */
  forceConsole: boolean;
  stdinIsTty: boolean;
}

export type RolesResult = { ok: true; roles: Roles } | { ok: false; problem: Text };

export function parseRoleList(value: string): { ok: true; names: RoleName[] } | { ok: false; bad: string } {
  const names: RoleName[] = [];
  for (const raw of value.split(/[\s,]+/).filter(Boolean)) {
    const name = raw.toLowerCase();
    if (!(ROLE_NAMES as readonly string[]).includes(name)) return { ok: false, bad: raw };
    names.push(name as RoleName);
  }
  return { ok: true, names };
}

export function decideRoles(input: RoleInputs): RolesResult {
  const telegramMode = input.telegramWebhook ? 'webhook' : 'polling';
  const slackMode = input.slackSocket ? 'socket' : 'http';
  if (input.requested === undefined || input.requested.trim() === '') {
    const applicantChannel = input.telegramToken;
    const console = input.forceConsole || (!applicantChannel && input.stdinIsTty);
    return {
      ok: true,
      roles: {
        ...(input.telegramToken ? { telegram: telegramMode } : {}),
        ...(input.slackToken ? { slack: slackMode } : {}),
        worker: true,
        console,
      },
    };
  }
  const parsed = parseRoleList(input.requested);
  if (!parsed.ok) {
    return {
      ok: false,
      problem: { key: 'ops:roles.unknown', params: { value: parsed.bad, known: ROLE_NAMES.join(',') } },
    };
  }
  const wanted = new Set(parsed.names);
  if (wanted.size === 0) return { ok: false, problem: { key: 'ops:roles.empty' } };
  if (wanted.has('telegram') && !input.telegramToken) {
    return {
      ok: false,
      problem: { key: 'ops:roles.needs', params: { role: 'telegram', variable: 'TELEGRAM_BOT_TOKEN' } },
    };
  }
  if (wanted.has('slack') && !input.slackToken) {
    return {
      ok: false,
      problem: { key: 'ops:roles.needs', params: { role: 'slack', variable: 'SLACK_BOT_TOKEN' } },
    };
  }
  return {
    ok: true,
    roles: {
      ...(wanted.has('telegram') ? { telegram: telegramMode } : {}),
      ...(wanted.has('slack') ? { slack: slackMode } : {}),
      worker: wanted.has('worker'),
      console: wanted.has('console') || input.forceConsole,
    },
  };
}

/** Whether nothing but a signal should end the process (a service, as opposed to the console chat). */
export function runsAsService(roles: Roles): boolean {
  return !roles.console;
}

/** The one line `icp start` prints: what this process runs. */
export function describeRoles(roles: Roles): Text[] {
  const parts: Text[] = [];
  if (roles.telegram) parts.push({ key: `ops:roles.telegram_${roles.telegram}` });
  if (roles.slack) parts.push({ key: `ops:roles.slack_${roles.slack}` });
  if (roles.worker) parts.push({ key: 'ops:roles.worker' });
  if (roles.console) parts.push({ key: 'ops:roles.console' });
  return parts;
}
