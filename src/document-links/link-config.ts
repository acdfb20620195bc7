import type { Config } from '../config.ts';

/** Where the link server listens and the URL staff are given (DOCUMENT_LINK_PORT / DOCUMENT_LINK_URL). */
export function documentLinkAddress(
  config: Pick<Config, 'PORT' | 'DOCUMENT_LINK_PORT' | 'DOCUMENT_LINK_URL'>,
): {
  port: number;
  baseUrl: string;
} {
  // PORT is the Telegram webhook's or Slack's, PORT + 1 Slack's when both run: the next one is free.
  const port = config.DOCUMENT_LINK_PORT ?? config.PORT + 2;
  return { port, baseUrl: config.DOCUMENT_LINK_URL ?? `http://127.0.0.1:${port}` };
}
