/**
 * A text question's suggestion (the mailing address offered as the registered address, the
 * principal's email offered as the account's) is a button. Its value can be far longer than the
 * 64 bytes Telegram allows a button's data: the button carries a marker, and the press answers the
 * whole value.
 */
import { describe, expect, it } from 'vitest';
import { decodeCallbackData } from '../../../src/channels/telegram/callback-data.ts';
import { renderAll } from '../../../src/channels/telegram/render.ts';
import { createEngine } from '../../../src/conversation/engine.ts';
import { catalog } from '../../../src/filing/catalog.ts';
import { requiredMaterials } from '../../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../../src/filing/validate-filing.ts';
import { Applicant } from '../../conversation/fixtures/driver.ts';
import { enterprise } from '../../conversation/fixtures/real-scripts.ts';

const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });
const LONG_ADDRESS = '福建省福州市鼓楼区五四路某某大厦东座二十八层二八零一至二八零五室';

describe('a long suggestion on a Telegram button', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`renders within 64 bytes and answers the whole value when pressed (${lang})`, () => {
      const a = new Applicant(engine, lang);
      a.send({ type: 'command', command: 'start' });
      for (let i = 0; i < 80 && a.question.path !== 'sponsor.documentAddress'; i++) {
        a.answer(a.question, enterprise.answers[a.question.path]!);
      }
      a.send({ type: 'text', text: LONG_ADDRESS });
      expect(a.question.path).toBe('sponsor.mailingAddress');
      expect(Buffer.byteLength(LONG_ADDRESS, 'utf8')).toBeGreaterThan(64);

      const [message] = renderAll(lang, [a.question]);
      const buttons = (message?.keyboard ?? []).flat();
      const offered = buttons.find((b) => b.text === LONG_ADDRESS);
      expect(offered).toBeDefined();
      const data = decodeCallbackData(
        offered && 'callback_data' in offered ? offered.callback_data : undefined,
      );
      expect(data).toBeDefined();

      a.send({ type: 'choice', token: data!.token, value: data!.value });
      expect(a.state?.filing).toMatchObject({ sponsor: { mailingAddress: LONG_ADDRESS } });
      expect(a.question.path).not.toBe('sponsor.mailingAddress');
    });
  }
});
