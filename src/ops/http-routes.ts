/**
 * The app's HTTP routes other than the channels' own endpoints, as a table: ops adds /healthz,
 * /readyz and /metrics, and any other part adds its route to the same list (e.g. a document
 * download). The same table is served by the Telegram webhook server, by Slack's HTTPReceiver
 * (its `customRoutes` take this exact shape) and by the standalone METRICS_PORT server.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReadinessProbe } from './health.ts';
import { metricsRegistry } from './metrics.ts';

export interface HttpRoute {
  path: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/** Serves the request when a route matches (true), else leaves it to the caller (false). */
export function routeRequest(
  routes: readonly HttpRoute[],
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const route = routes.find(
    (r) => r.path === path && (r.method === req.method || (r.method === 'GET' && req.method === 'HEAD')),
  );
  if (!route) return false;
  route.handler(req, res);
  return true;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
}

export function healthRoutes(probe: ReadinessProbe): HttpRoute[] {
  return [
    { path: '/healthz', method: 'GET', handler: (_req, res) => json(res, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_req, res) => {
        probe.check().then(
          (readiness) => json(res, readiness.ready ? 200 : 503, readiness),
          () => json(res, 503, { ready: false }),
        );
      },
    },
  ];
}

export const metricsRoute: HttpRoute = {
  path: '/metrics',
  method: 'GET',
  handler: (_req, res) => {
    metricsRegistry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  },
};

/** A server of routes alone (METRICS_PORT); anything else is 404. */
export async function startRouteServer(
  routes: readonly HttpRoute[],
  listen: { port: number; host?: string },
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (!routeRequest(routes, req, res)) {
      res.writeHead(404).end();
      req.resume();
    }
  });
  server.listen(listen.port, listen.host);
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
