import { describe, expect, it } from 'vitest';
import { parseConsoleLine } from '../../src/channels/console/parse-console-line.ts';
import { decodeCallbackData, encodeCallbackData } from '../../src/channels/telegram/callback-data.ts';
import { renderAll } from '../../src/channels/telegram/render.ts';
import { render } from '../../src/i18n/index.ts';
import {
  filingIdOfInterviewToken,
  interviewQuestion,
  interviewToken,
  isInterviewToken,
} from '../../src/notify/interview-question.ts';
import { INTERVIEW_OPTIONS } from '../../src/review/review-state.ts';

const FILING = '0F8FAD5B-D9CB-469F-A165-70867728950E';

describe('the interview question sent with the first-review ping', () => {
  it('its token names the filing and comes back from a button press', () => {
    const token = interviewToken(FILING);
    expect(isInterviewToken(token)).toBe(true);
    expect(filingIdOfInterviewToken(token)).toBe(FILING.toLowerCase());
    expect(filingIdOfInterviewToken('ivnothex')).toBeUndefined();
    // Engine tokens (`q<n>`) are never taken for it.
    expect(isInterviewToken('q1z')).toBe(false);
  });

  it('every option fits Telegram callback data and decodes to the same choice', () => {
    const q = interviewQuestion(FILING);
    for (const option of INTERVIEW_OPTIONS) {
      const data = encodeCallbackData({ token: q.token, action: 'o', value: option });
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeCallbackData(data)).toEqual({ token: q.token, action: 'o', value: option });
    }
  });

  it('Telegram shows one button per option, labelled in the language; the console maps a number to it', () => {
    const q = interviewQuestion(FILING);
    const [message] = renderAll('zh', [q]);
    expect(message?.text).toContain(render('zh', { key: 'notify:interview.question' }));
    expect(message?.keyboard?.flat().map((b) => b.text)).toEqual(
      INTERVIEW_OPTIONS.map((o) => render('zh', { key: `review:interview.labels.${o}` })),
    );
    expect(parseConsoleLine('2', q)).toEqual({
      type: 'input',
      input: { type: 'choice', token: q.token, value: 'shanghai_office' },
    });
  });
});
