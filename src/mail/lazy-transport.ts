/**
 * A nodemailer transport made on the first mail: most starts send none, and loading nodemailer
 * is not free. Both mailers (SMTP, .eml files) take theirs from here.
 */
import type { Transporter } from 'nodemailer';

type TransportOptions = Parameters<typeof import('nodemailer').createTransport>[0];

export interface LazyTransport {
  get(): Promise<Transporter>;
  /** Closes it if it was ever made. */
  close(): void;
}

export function lazyTransport(options: TransportOptions): LazyTransport {
  let transport: Promise<Transporter> | undefined;
  return {
    get: () => (transport ??= import('nodemailer').then(({ createTransport }) => createTransport(options))),
    close: () => void transport?.then((made) => made.close()),
  };
}
