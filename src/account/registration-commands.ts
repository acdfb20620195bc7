/**
 * The account commands, `/email [address]` and `/resend`, as typed in any chat. Channels whose
 * command parser only knows the engine's commands pass the line through as text; the
 * registration service recognizes it here.
 */
export type AccountCommand =
  | { command: 'email'; arg?: string }
  | { command: 'resend' }
  /** Refuses a pending move of the address to another chat (issue 12): bare in the current chat, with the mailed code anywhere. */
  | { command: 'refuse'; arg?: string };

export function parseAccountCommand(text: string): AccountCommand | undefined {
  // Telegram appends the bot's name in groups: /email@icp_bot
  const match = /^\/(email|resend|refuse)(?:@\w+)?(?:\s+(.*))?$/is.exec(text.trim());
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  if (name === 'resend') return { command: 'resend' };
  const arg = match[2]?.trim();
  const command = name === 'refuse' ? 'refuse' : 'email';
  return arg ? { command, arg } : { command };
}
