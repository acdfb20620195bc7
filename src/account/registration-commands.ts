/**
 * The account commands, `/email [address]` and `/resend`, as typed in any chat. Channels whose
 * command parser only knows the engine's commands pass the line through as text; the
 * registration service recognizes it here.
 */
export type AccountCommand = { command: 'email'; arg?: string } | { command: 'resend' };

export function parseAccountCommand(text: string): AccountCommand | undefined {
  // Telegram appends the bot's name in groups: /email@icp_bot
  const match = /^\/(email|resend)(?:@\w+)?(?:\s+(.*))?$/is.exec(text.trim());
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  if (name === 'resend') return { command: 'resend' };
  const arg = match[2]?.trim();
  return arg ? { command: 'email', arg } : { command: 'email' };
}
