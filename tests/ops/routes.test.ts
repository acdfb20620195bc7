import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { createWebhookServer } from '../../src/channels/telegram/webhook-server.ts';
import { readinessProbe } from '../../src/ops/health.ts';
import { healthRoutes } from '../../src/ops/http-routes.ts';

it('the Telegram webhook port serves the route table before its secret check, and nothing else without it', async () => {
  const probe = readinessProbe({
    database: async () => {},
    migrations: async () => {},
    storage: async () => {},
  });
  const server = createWebhookServer({
    secret: 's3cret',
    path: '/telegram',
    handleUpdate: async () => {},
    onError: () => {},
    routes: healthRoutes(probe),
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/telegram`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${base}/other`)).status).toBe(401);
  } finally {
    server.close();
    server.closeIdleConnections();
  }
});

it('readiness fails with the failing check named, and re-checks only after the cache time', async () => {
  let clock = 0;
  let databaseUp = false;
  let runs = 0;
  const probe = readinessProbe(
    {
      database: async () => {
        runs++;
        if (!databaseUp) throw new Error('down');
      },
      migrations: async () => {},
      storage: async () => {},
    },
    { cacheMs: 1_000, now: () => clock },
  );
  expect(await probe.check()).toEqual({
    ready: false,
    checks: { database: 'failed', migrations: 'ok', storage: 'ok', accepting: 'ok' },
  });
  databaseUp = true;
  expect((await probe.check()).ready).toBe(false);
  clock = 1_000;
  expect((await probe.check()).ready).toBe(true);
  expect(runs).toBe(2);
  probe.markStopping();
  expect(await probe.check()).toMatchObject({ ready: false, checks: { accepting: 'failed' } });
});
