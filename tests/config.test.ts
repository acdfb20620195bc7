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

  it('splits the staff list on commas and spaces', () => {
    expect(loadConfig({ SLACK_STAFF_USER_IDS: 'U1, U2 U3' }).SLACK_STAFF_USER_IDS).toEqual([
      'U1',
      'U2',
      'U3',
    ]);
  });
});
