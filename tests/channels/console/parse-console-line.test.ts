import { describe, expect, it } from 'vitest';
import { parseConsoleLine } from '../../../src/channels/console/parse-console-line.ts';
import type { QuestionMessage } from '../../../src/conversation/types.ts';

function question(overrides: Partial<QuestionMessage> = {}): QuestionMessage {
  return {
    type: 'question',
    token: 'q7',
    fieldId: 'sponsor.nature',
    path: 'sponsor.nature',
    section: 'sponsor',
    title: { key: 'filing:fields.sponsor.nature.label' },
    help: { key: 'filing:fields.sponsor.nature.help' },
    kind: 'choice',
    options: [
      { value: 'enterprise', label: { key: 'filing:enums.nature.enterprise' } },
      { value: 'individual', label: { key: 'filing:enums.nature.individual' } },
    ],
    skippable: false,
    progress: { answered: 3, total: 40 },
    ...overrides,
  };
}

describe('parseConsoleLine', () => {
  it('turns a number into the choice shown under that number', () => {
    expect(parseConsoleLine('2', question())).toEqual({
      type: 'input',
      input: { type: 'choice', token: 'q7', value: 'individual' },
    });
  });

  it('keeps a number outside the options as typed text (a code, say)', () => {
    expect(parseConsoleLine('310000', question())).toEqual({
      type: 'input',
      input: { type: 'text', text: '310000' },
    });
  });

  it('ticks and finishes multi-choice questions', () => {
    const q = question({ multi: true, kind: 'multi_choice' });
    expect(parseConsoleLine('1', q)).toEqual({
      type: 'input',
      input: { type: 'toggle', token: 'q7', value: 'enterprise' },
    });
    expect(parseConsoleLine('0', q)).toEqual({ type: 'input', input: { type: 'done', token: 'q7' } });
  });

  it('pages with n and p only where there is a page to go to', () => {
    const q = question({ page: { index: 0, count: 3 } });
    expect(parseConsoleLine('n', q)).toEqual({
      type: 'input',
      input: { type: 'page', token: 'q7', page: 1 },
    });
    expect(parseConsoleLine('p', q)).toEqual({ type: 'input', input: { type: 'text', text: 'p' } });
  });

  it('maps slash commands, with their argument', () => {
    expect(parseConsoleLine('/edit 12', question())).toEqual({
      type: 'input',
      input: { type: 'command', command: 'edit', arg: '12' },
    });
    expect(parseConsoleLine('/lang en', undefined)).toEqual({
      type: 'input',
      input: { type: 'command', command: 'lang', arg: 'en' },
    });
    expect(parseConsoleLine('/back', undefined)).toEqual({
      type: 'input',
      input: { type: 'command', command: 'back' },
    });
    expect(parseConsoleLine('/exit', undefined)).toEqual({ type: 'quit' });
    expect(parseConsoleLine('/frobnicate', undefined)).toEqual({
      type: 'usage',
      key: 'console:unknownCommand',
    });
  });

  it('reads /upload paths with spaces: as typed, quoted or escaped', () => {
    const expected = {
      type: 'upload',
      upload: { kind: 'domain_certificate', websiteIndex: 1, path: '/home/me/My Documents/cert 2.pdf' },
    };
    expect(
      parseConsoleLine('/upload domain_certificate 2 /home/me/My Documents/cert 2.pdf', undefined),
    ).toEqual(expected);
    expect(
      parseConsoleLine('/upload domain_certificate 2 "/home/me/My Documents/cert 2.pdf"', undefined),
    ).toEqual(expected);
    expect(
      parseConsoleLine("/upload domain_certificate 2 '/home/me/My Documents/cert 2.pdf'", undefined),
    ).toEqual(expected);
    expect(
      parseConsoleLine('/upload domain_certificate 2 /home/me/My\\ Documents/cert\\ 2.pdf', undefined),
    ).toEqual(expected);
    expect(parseConsoleLine('/upload commitment_letter my scan.pdf', undefined)).toEqual({
      type: 'upload',
      upload: { kind: 'commitment_letter', path: 'my scan.pdf' },
    });
  });

  it('reads /upload with an optional website number, the path last', () => {
    expect(parseConsoleLine('/upload domain_certificate 2 ./cert.pdf', undefined)).toEqual({
      type: 'upload',
      upload: { kind: 'domain_certificate', websiteIndex: 1, path: './cert.pdf' },
    });
    expect(parseConsoleLine('/upload pre_approval 1 news ./licence.jpg', undefined)).toEqual({
      type: 'upload',
      upload: { kind: 'pre_approval', websiteIndex: 0, preApprovalType: 'news', path: './licence.jpg' },
    });
    expect(parseConsoleLine('/upload', undefined)).toEqual({ type: 'usage', key: 'console:uploadUsage' });
  });

  it('treats anything else as the answer text, unchanged', () => {
    expect(parseConsoleLine('福州某某科技有限公司', question({ options: [] }))).toEqual({
      type: 'input',
      input: { type: 'text', text: '福州某某科技有限公司' },
    });
  });
});
