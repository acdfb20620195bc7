import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SERVER_PROVINCES, parseServerProvinces } from './filing/catalog/server-provinces.ts';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const optionalUrl = optionalString.pipe(z.url().optional());
const bool = optionalString.pipe(
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? undefined : ['1', 'true', 'yes'].includes(v))),
);
const positiveInt = <F extends number | undefined>(fallback: F) =>
  optionalString.transform((v, ctx): number | F => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a positive whole number' });
      return z.NEVER;
    }
    return n;
  });

/** Environment → typed configuration, read once at start. Every variable is optional on the embedded default. */
export const configSchema = z.object({
  DATA_DIR: optionalString.transform((v) => resolve(v ?? './data')),
  DATABASE_URL: optionalUrl,
  PII_ENCRYPTION_KEY: optionalString.pipe(
    z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
      .optional(),
  ),
  /** Older keys (base64, comma-separated) still readable while `icp keys rotate` re-encrypts. */
  PII_ENCRYPTION_KEY_PREVIOUS: optionalString.pipe(
    z
      .string()
      .refine(
        (v) => v.split(/[\s,]+/).every((k) => Buffer.from(k, 'base64').length === 32),
        'must be 32-byte base64 keys, separated by commas',
      )
      .optional(),
  ),
  /** Port of the app's short-lived document links (staff downloads); default PORT + 2. */
  DOCUMENT_LINK_PORT: positiveInt(undefined),
  /** Public base URL of those links (e.g. https://icp.example.com/files); default http://127.0.0.1:<port>. */
  DOCUMENT_LINK_URL: optionalUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: positiveInt(3000),
  /** Slack's HTTP port when the Telegram webhook already listens on PORT (default PORT + 1). */
  SLACK_PORT: positiveInt(undefined),

  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'may use only A-Z, a-z, 0-9, _ and - (Telegram rule)')
      .optional(),
  ),

  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalUrl,
  /** Language of the staff surface in Slack (triage messages, modals, App Home, /icp, thread log). */
  SLACK_LANG: optionalString.pipe(z.enum(['zh', 'en']).optional()).transform((v) => v ?? 'zh'),
  /** Comma-separated roles of this process (telegram,slack,worker,console); unset = everything configured. */
  ICP_ROLES: optionalString,
  /** A separate port for /metrics, /healthz and /readyz; unset = the HTTP port when one runs. */
  METRICS_PORT: positiveInt(undefined),
  SLACK_TRIAGE_CHANNEL: optionalString,
  SLACK_STAFF_USER_IDS: optionalString.transform((v) =>
    (v ?? '')
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),

  S3_BUCKET: optionalString,
  S3_ENDPOINT: optionalUrl,
  S3_REGION: optionalString.transform((v) => v ?? 'us-east-1'),
  S3_FORCE_PATH_STYLE: bool.transform((v) => v ?? false),

  SMTP_URL: optionalString,
  MAIL_FROM: optionalString.transform((v) => v ?? 'ICP filing assistant <noreply@localhost>'),

  /** Issue 12: updates one Telegram chat may send per second on average, and at once. */
  TELEGRAM_RATE_PER_SECOND: positiveInt(5),
  TELEGRAM_RATE_BURST: positiveInt(20),

  UPLOAD_MAX_BYTES: positiveInt(10 * 1024 * 1024),
  UPLOAD_MIN_SIDE_PX: positiveInt(600),
  /** Reading ID cards and licences with the local OCR model (a worker thread); `off`: the QR code only. */
  OCR: z.enum(['on', 'off']).default('on'),
  /**
   * How long one OCR reading may take, queue included, before it counts as "not read"; a photo sent
   * instead of typing waits this long for its values. Raise it on a slow or crowded machine.
   */
  OCR_TIMEOUT_MS: positiveInt(20_000),

  /**
   * How long a worker holds the outbox rows it claimed: a worker that dies mid-delivery leaves
   * them to the others once this passes. Longer than a delivery can take (a 429 included).
   */
  OUTBOX_LEASE_MS: positiveInt(120_000),
  /**
   * How long a live reply may take to be sent and marked before a worker sends it (or the current
   * question) instead: after a crash, the chat waits this long for its answer.
   */
  REPLY_GRACE_MS: positiveInt(30_000),
  /** How often each worker looks for idle drafts, overdue reviews and retention work. */
  REMINDER_SWEEP_MS: positiveInt(5 * 60_000),

  /** The access provider named on the printed forms (verification form, letters). */
  PROVIDER_NAME: optionalString.pipe(
    z
      .string()
      .max(100, 'must be at most 100 characters')
      .optional()
      .transform((v) => v ?? 'ICP filing assistant'),
  ),

  /** Issue 13: idle drafts erased after this many days (warned 7 days before). */
  DRAFT_RETENTION_DAYS: positiveInt(90),
  /** Issue 13: document files of approved or rejected filings erased this many days after the decision. */
  DOCUMENT_RETENTION_DAYS: positiveInt(180),
  /** Provinces of the provider's data centres, offered first for the server location (names or codes). */
  SERVER_PROVINCES: optionalString.transform((v, ctx): string[] => {
    if (v === undefined) return [...DEFAULT_SERVER_PROVINCES];
    const parsed = parseServerProvinces(v);
    if ('codes' in parsed) return parsed.codes;
    ctx.addIssue({ code: 'custom', message: `unknown province "${parsed.unknown}"` });
    return z.NEVER;
  }),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; a bad value becomes one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`Invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const config = result.data;
  // A generated key file sits next to the data it protects: fine for one machine, not for a server.
  if (config.DATABASE_URL && !config.PII_ENCRYPTION_KEY) {
    throw new ConfigError(
      'Invalid PII_ENCRYPTION_KEY: required when DATABASE_URL is set (openssl rand -base64 32)',
    );
  }
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError('Invalid TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set');
  }
  if (config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'Invalid SLACK_SIGNING_SECRET: required for Slack HTTP mode (or set SLACK_APP_TOKEN)',
    );
  }
  return config;
}
