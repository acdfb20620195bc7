import { expect, it } from 'vitest';
import { metrics, metricsRegistry } from '../../src/ops/metrics.ts';
import { ChatRateLimiter, registerLimiter } from '../../src/rate-limit/token-bucket.ts';

it('exposes the rate limiter’s verdicts, read at scrape time, under the channel only', async () => {
  const limiter = new ChatRateLimiter({ perSecond: 1, burst: 1, now: () => 0 });
  registerLimiter('test_channel', limiter);
  limiter.take('chat-zhangsan');
  limiter.take('chat-zhangsan');
  limiter.take('chat-zhangsan');
  const text = await metricsRegistry.metrics();
  expect(text).toContain('icp_rate_limited_updates_total{channel="test_channel",verdict="passed"} 1');
  expect(text).toContain('icp_rate_limited_updates_total{channel="test_channel",verdict="warned"} 1');
  expect(text).toContain('icp_rate_limited_updates_total{channel="test_channel",verdict="dropped"} 1');
  expect(text).not.toContain('zhangsan');
});

it('counts outbox deliveries and Telegram 429s under fixed labels', async () => {
  metrics.deliveries.inc({ topic: 'status_ping', outcome: 'retried' });
  metrics.telegram429.inc({ path: 'outbox' });
  const text = await metricsRegistry.metrics();
  expect(text).toMatch(/icp_outbox_deliveries_total\{topic="status_ping",outcome="retried"\} [1-9]/);
  expect(text).toMatch(/icp_telegram_429_total\{path="outbox"\} [1-9]/);
});
