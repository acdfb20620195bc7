import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../../src/channels/console/console-chat.ts';
import { terminalSafe } from '../../../src/channels/console/terminal-safe.ts';

describe('terminalSafe', () => {
  it('strips ANSI sequences, C0 and C1 controls and bidi overrides; keeps text, newlines, tabs and CJK', () => {
    expect(terminalSafe('\u001b[31mred\u001b[0m')).toBe('red');
    expect(terminalSafe('a\u001b[2J\u001b[Hb')).toBe('ab');
    expect(terminalSafe('\u001b]0;owned\u0007title')).toBe('title');
    expect(terminalSafe('\u001b]52;c;ZXZpbA==\u001b\\clip')).toBe('clip');
    expect(terminalSafe('x\u009b31my')).toBe('xy');
    expect(terminalSafe('over\rwrite\u0008\u0007\u0000')).toBe('overwrite');
    expect(terminalSafe('c1\u0085\u0090\u009fend\u007f')).toBe('c1end');
    expect(terminalSafe('abc\u202edcba\u2066')).toBe('abcdcba');
    expect(terminalSafe('深圳市\n\t第1行 ✓ — “ok”')).toBe('深圳市\n\t第1行 ✓ — “ok”');
    expect(terminalSafe('\u001b')).toBe('');
  });
});

describe('the console chat', () => {
  it('prints an answer that held escape sequences without them', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    });
    const evil = 'Acme\u001b[2J\u001b]0;pwned\u0007\u009b1m\r';
    const chat = runConsoleChat({
      ports: {
        handleInput: async (action) => ({
          lang: 'en',
          messages:
            action.type === 'text'
              ? [{ type: 'info', text: { key: 'telegram:question.chosen', params: { value: action.text } } }]
              : [],
        }),
        acceptUpload: async () => ({ lang: 'en', messages: [] }),
      },
      lang: 'en',
      dataDir: '/tmp/x',
      input,
      output,
    });
    input.write(`${evil}\n`);
    input.end();
    await chat;
    expect(printed).toContain('✓ Acme');
    for (const control of ['\u001b', '\u009b', '\r', '\u0007']) expect(printed).not.toContain(control);
  });
});
