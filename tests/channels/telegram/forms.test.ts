/**
 * The printable forms on Telegram: once the summary is confirmed (and on /documents) the real
 * engine asks for them and the channel sends each as a PDF document (sendDocument); a form that
 * cannot be made does not cost the applicant the rest of the reply.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPiiCipher } from '../../../src/db/pii-cipher.ts';
import { createFormMaker, type FormMaker } from '../../../src/documents/forms/form-maker.ts';
import { formsFor } from '../../../src/filing/printable-forms.ts';
import { t } from '../../../src/i18n/index.ts';
import {
  createDocumentUploadService,
  inMemoryDocumentRecords,
} from '../../../src/services/document-upload-service.ts';
import { createBlobSealer } from '../../../src/storage/blob-envelope.ts';
import { LocalBlobStore } from '../../../src/storage/local-blob-store.ts';
import { NOW } from '../../conversation/fixtures/driver.ts';
import * as realScripts from '../../conversation/fixtures/real-scripts.ts';
import { pdfPages, squeeze } from '../../documents/forms/pdf-text.ts';
import { type FakeBotApi, startFakeBotApi } from '../../support/fake-bot-api.ts';
import { EngineApplicant } from './engine-applicant.ts';
import { type Harness, startBot } from './helpers.ts';
import { TelegramApplicant } from './telegram-driver.ts';

let fake: FakeBotApi;
let harness: Harness | undefined;

beforeEach(async () => {
  fake = await startFakeBotApi();
});
afterEach(async () => {
  await harness?.runtime.stop('test end');
  harness = undefined;
  await fake.close();
});

async function start(forms: FormMaker) {
  const app = new EngineApplicant(NOW);
  const uploads = createDocumentUploadService({
    blobs: new LocalBlobStore('/nonexistent/never-written'),
    limits: { maxBytes: 10 * 1024 * 1024, minSidePx: 600 },
    records: inMemoryDocumentRecords(),
    applicant: app,
    sealer: createBlobSealer(createPiiCipher(randomBytes(32))),
  });
  harness = await startBot(fake, { applicant: app, uploads, forms });
  return app;
}

const documentsOf = (chatId: number) =>
  fake.callsTo('sendDocument').filter((c) => String(c.params.chat_id) === String(chatId));

describe('printable forms on Telegram', () => {
  it('sends every form the filing needs as a PDF once the summary is confirmed, and again on /documents', async () => {
    const app = await start(createFormMaker({ providerName: '某某云计算有限公司', now: () => NOW }));
    const chat = { id: 7001, languageCode: 'zh-hans' };
    const user = new TelegramApplicant(fake, chat, app);
    await user.type('/start');
    await user.fileUntilSubmit({ answers: realScripts.individual.answers });

    const filing = app.state(chat.id)!.filing;
    const expected = formsFor(filing);
    expect(expected).toEqual(['verification_form', 'commitment_letter']);
    const sent = documentsOf(chat.id);
    expect(sent).toHaveLength(expected.length);
    expect(sent.map((c) => c.params.caption)).toEqual(
      expected.map((kind) => expect.stringContaining(t('zh', `documents:kinds.${kind}`))),
    );
    const form = sent[0]!.params.document as Buffer;
    expect(form.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = squeeze((await pdfPages(form)).join('\n'));
    const sponsor = filing.sponsor as { name: string };
    const principal = filing.sponsorPrincipal as { idNumber: string };
    const domain = (filing.websites as { domains: string[] }[])[0]!.domains[0]!;
    expect(text).toContain(squeeze(sponsor.name));
    expect(text).toContain(principal.idNumber);
    expect(text).toContain(domain);
    // The submit question still came after the forms.
    expect(fake.sentTexts(chat.id).at(-1)).toContain(t('zh', 'conversation:flow.submit.title'));

    await user.type('/documents');
    expect(documentsOf(chat.id)).toHaveLength(2 * expected.length);
  });

  it('a form that cannot be made is announced, and the rest of the reply still arrives', async () => {
    const failing: FormMaker = async () => {
      throw new Error('font missing');
    };
    const app = await start(failing);
    const chat = { id: 7002, languageCode: 'en' };
    const user = new TelegramApplicant(fake, chat, app);
    await user.type('/start');
    await user.fileUntilSubmit({ answers: realScripts.individual.answers });

    expect(documentsOf(chat.id)).toHaveLength(0);
    const texts = fake.sentTexts(chat.id);
    const failed = t('en', 'forms:chat.failed', { title: t('en', 'documents:kinds.verification_form') });
    expect(texts).toContain(failed);
    expect(texts.at(-1)).toContain(t('en', 'conversation:flow.submit.title'));
    // The confirmation itself stands: the answers are kept and the documents step is open.
    expect(app.state(chat.id)?.phase).toBe('documents');
  });
});
