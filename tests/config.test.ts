import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('runs on the embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toMatch(/data$/);
    expect(config.UPLOAD_MAX_BYTES).toBe(10 * 1024 * 1024);
    expect(config.SLACK_STAFF_USER_IDS).toEqual([]);
  });

  it('names the variable when a value is bad', () => {
    expect(() => loadConfig({ PII_ENCRYPTION_KEY: 'short' })).toThrow(/PII_ENCRYPTION_KEY/);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.cn/hook' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET/,
    );
  });

  it('reads the server provinces by name or code, Beijing, Shanghai and Hebei by default', () => {
    expect(loadConfig({}).SERVER_PROVINCES).toEqual(['110000', '310000', '130000']);
    expect(loadConfig({ SERVER_PROVINCES: '广东, Zhejiang 320000' }).SERVER_PROVINCES).toEqual([
      '440000',
      '330000',
      '320000',
    ]);
    expect(() => loadConfig({ SERVER_PROVINCES: 'Atlantis' })).toThrow(/SERVER_PROVINCES/);
  });

  it('reads the recovery timings, with the long-standing values by default', () => {
    const defaults = loadConfig({});
    expect([defaults.OUTBOX_LEASE_MS, defaults.REPLY_GRACE_MS, defaults.REMINDER_SWEEP_MS]).toEqual([
      120_000, 30_000, 300_000,
    ]);
    const short = loadConfig({ OUTBOX_LEASE_MS: '8000', REPLY_GRACE_MS: '3000', REMINDER_SWEEP_MS: '1000' });
    expect([short.OUTBOX_LEASE_MS, short.REPLY_GRACE_MS, short.REMINDER_SWEEP_MS]).toEqual([
      8000, 3000, 1000,
    ]);
    expect(() => loadConfig({ OUTBOX_LEASE_MS: '0' })).toThrow(/OUTBOX_LEASE_MS/);
  });

  it('splits the staff list on commas and spaces', () => {
    expect(loadConfig({ SLACK_STAFF_USER_IDS: 'U1, U2 U3' }).SLACK_STAFF_USER_IDS).toEqual([
      'U1',
      'U2',
      'U3',
    ]);
  });
});

describe('loadConfig: the PII key on a server (issue 12 item 3)', () => {
  it('refuses DATABASE_URL without PII_ENCRYPTION_KEY, naming the variable in one line', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://u@db.example.cn:5432/icp' })).toThrow(
      /^Invalid PII_ENCRYPTION_KEY: required when DATABASE_URL is set/,
    );
  });

  it('accepts DATABASE_URL with a key, and the embedded default without one', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(
      loadConfig({ DATABASE_URL: 'postgresql://u@db.example.cn:5432/icp', PII_ENCRYPTION_KEY: key })
        .DATABASE_URL,
    ).toBeDefined();
    expect(loadConfig({}).PII_ENCRYPTION_KEY).toBeUndefined();
  });
});
