/** One rendered email: plain text for every client, simple HTML for the ones that show it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * The mail holds a one-time code: the file mailer says so, since its reader must open the file
   * for the code. Not a header; never sent.
   */
  carriesCode?: boolean;
}

export interface SentMail {
  messageId: string;
  /** Where the message was written, for the file mailer (embedded default). */
  path?: string;
}

/**
 * Sends one message. Rejects on failure; `isTransientMailError` tells whether a retry may help.
 */
export interface Mailer {
  send(message: MailMessage): Promise<SentMail>;
  /** Releases connections; safe to call more than once. */
  close(): void;
}
