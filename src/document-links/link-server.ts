import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { t } from '../i18n/index.ts';
import type { DocumentLinks, DownloadResult } from './document-links.ts';

export interface LinkServerLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

const ROUTE = /^\/documents\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

const STATUS: Record<Exclude<DownloadResult, { ok: true }>['reason'], number> = {
  malformed: 404,
  bad_signature: 403,
  expired: 410,
  too_long: 403,
  not_found: 404,
};

/** A refusal in both languages: the person holding a link may read either. */
function refusal(reason: Exclude<DownloadResult, { ok: true }>['reason']): string {
  const key =
    reason === 'expired' ? 'links:expired' : reason === 'not_found' ? 'links:not_found' : 'links:invalid';
  return `${t('zh', key)}\n${t('en', key)}\n`;
}

/**
 * The app's HTTP route for staff document links: GET /documents/<token> answers the decrypted file
 * as an attachment (never rendered inline: a PDF or image opened in the browser's origin could
 * carry script). Logs carry the outcome and the document id, never the token or a URL.
 */
export function createLinkServer(deps: { links: DocumentLinks; logger: LinkServerLogger }): Server {
  return createServer((req, res) => {
    const match = req.method === 'GET' || req.method === 'HEAD' ? ROUTE.exec(req.url ?? '') : null;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!match) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(refusal('malformed'));
      return;
    }
    deps.links.open(match[1]!).then(
      (result) => {
        if (!result.ok) {
          deps.logger.info({ reason: result.reason }, 'document link refused');
          res.writeHead(STATUS[result.reason], { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end(refusal(result.reason));
          return;
        }
        res.writeHead(200, {
          'Content-Type': result.contentType,
          'Content-Length': String(result.bytes.length),
          'Content-Disposition': `attachment; filename="${result.filename}"`,
          'Content-Security-Policy': "default-src 'none'; sandbox",
        });
        res.end(req.method === 'HEAD' ? undefined : result.bytes);
      },
      (error: unknown) => {
        deps.logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'document link failed');
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end();
      },
    );
  });
}

/** Listens and resolves with the bound port (0 = any free port, for tests). */
export async function listen(server: Server, port: number, host?: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
