/**
 * The applicant side wired as start-app wires it (consent gate, privacy commands, registration,
 * engine, staff service on submission), over a test database and a local folder of files, with a
 * settable clock. Drives one chat at a time through `send` / `press` / `type`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplicantFront } from '../../src/app/applicant-front.ts';
import { createEngine } from '../../src/conversation/engine.ts';
import type { EngineInput, Outgoing, QuestionMessage } from '../../src/conversation/types.ts';
import type { Database } from '../../src/db/database.ts';
import { addDocument } from '../../src/db/documents.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { render } from '../../src/i18n/index.ts';
import { createConsentGate } from '../../src/privacy/consent-gate.ts';
import { createErasureRunner } from '../../src/privacy/erasure.ts';
import { createPrivacyFront } from '../../src/privacy/privacy-front.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import { createApplicantService } from '../../src/services/applicant-service.ts';
import { createRegistrationService } from '../../src/services/registration-service.ts';
import { createStaffService } from '../../src/services/staff-service.ts';
import type { BlobStore } from '../../src/storage/blob-store.ts';
import { LocalBlobStore } from '../../src/storage/local-blob-store.ts';
import type { Answer, Script } from '../conversation/fixtures/driver.ts';

export const RETENTION = { draftDays: 90, documentDays: 180 };
export const CODE = '428613';

export function settableClock(start: Date) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (at: Date) => {
      current = at.getTime();
    },
    advanceDays: (days: number) => {
      current += days * 86_400_000;
    },
  };
}

export function wiredApp(db: Database, options: { now: () => Date; blobs?: BlobStore; dataDir?: string }) {
  const { now } = options;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'icp-privacy-'));
  const blobs = options.blobs ?? new LocalBlobStore(join(dataDir, 'files'));
  const calendar = chineseWorkingDayCalendar();
  const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });
  const staff = createStaffService({ db, calendar, now, staffIds: ['U_STAFF1'], blobStore: blobs });
  const applicant = createApplicantService({
    db,
    engine,
    now,
    onSubmitted: async (tx, { filing }) => {
      const submitted = await staff.onSubmitted(filing.id, { tx });
      if (!submitted.ok) throw new Error(`review refused the submission: ${submitted.problem.code}`);
    },
  });
  const registration = createRegistrationService({ db, now, randomCode: () => CODE });
  const erasure = createErasureRunner({ db, blobs, dataDir, now });
  const front = createApplicantFront({
    db,
    applicant,
    registration,
    calendar,
    now,
    wake: () => {},
    interview: staff,
    consent: createConsentGate({ db, now, retention: RETENTION }),
    privacy: createPrivacyFront({ db, erasure, now, dataDir, wake: () => {} }),
  });
  return { front, staff, applicant, erasure, blobs, dataDir, engine, db };
}

export type WiredApp = ReturnType<typeof wiredApp>;

/** One chat in front of the wired app. */
export class ChatDriver {
  last: Outgoing[] = [];
  constructor(
    readonly app: WiredApp,
    readonly chat: { channel: 'telegram' | 'console'; chatId: string; lang?: 'zh' | 'en' },
  ) {}

  async send(input: EngineInput): Promise<Outgoing[]> {
    this.last = await this.app.front.handleInput(this.chat, input);
    return this.last;
  }

  type(text: string) {
    return this.send({ type: 'text', text });
  }

  get question(): QuestionMessage {
    const q = this.last.filter((m): m is QuestionMessage => m.type === 'question').at(-1);
    if (!q) throw new Error(`no question in ${JSON.stringify(this.last)}`);
    return q;
  }

  press(value: string, q: QuestionMessage = this.question) {
    return this.send({ type: 'choice', token: q.token, value });
  }

  /** Everything the last reply says, rendered in English. */
  texts(lang: 'zh' | 'en' = 'en'): string {
    return this.last
      .flatMap((m) => {
        if (m.type === 'info') return [m.text];
        if (m.type === 'notice') return m.texts;
        if (m.type === 'question') return [m.title, m.help];
        if (m.type === 'error') return m.problems.map((p) => p.text);
        return [];
      })
      .map((text) => render(lang, text))
      .join('\n');
  }

  /** Both consents given, then the account registered with the fixed code. */
  async consentAndRegister(email: string) {
    await this.type('hello');
    await this.press('agreed');
    await this.press('agreed');
    await this.type(email);
    await this.type(CODE);
  }

  async answer(answer: Answer): Promise<void> {
    if ('text' in answer) await this.type(answer.text);
    else if ('skip' in answer) await this.send({ type: 'command', command: 'skip' });
    else if ('choice' in answer) await this.choose(answer.choice);
    else {
      const token = this.question.token;
      for (const value of answer.ticks) await this.choose(value, true);
      await this.send({ type: 'done', token });
    }
  }

  async choose(value: string, toggle = false): Promise<void> {
    for (let i = 0; i < 30; i++) {
      const q = this.question;
      if (q.options?.some((o) => o.value === value)) {
        await this.send({ type: toggle ? 'toggle' : 'choice', token: q.token, value });
        return;
      }
      if (!q.page || q.page.index + 1 >= q.page.count) throw new Error(`${q.path}: no option ${value}`);
      await this.send({ type: 'page', token: q.token, page: q.page.index + 1 });
    }
  }

  /** Answers from the script until `stopAt` returns true or the filing is submitted. */
  async file(script: Script, stopAt: (q: QuestionMessage) => boolean = () => false): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const q = this.question;
      if (stopAt(q)) return;
      if (q.fieldId === '@add_website') await this.press('no');
      else if (q.fieldId === '@confirm') await this.press('confirm');
      else if (q.fieldId === '@submit') {
        await this.uploadMissing();
        await this.press('submit', this.question);
        return;
      } else {
        const answer = script.answers[q.path] ?? script.answers[q.fieldId];
        if (!answer) throw new Error(`script has no answer for ${q.path}`);
        await this.answer(answer);
      }
    }
    throw new Error('script did not finish');
  }

  /** Stores a file for every material still missing (its bytes quote `marker`), as the upload service would. */
  async uploadMissing(marker = 'document'): Promise<string[]> {
    const listed = await this.send({ type: 'command', command: 'documents' });
    const list = listed.find((m) => m.type === 'documents');
    if (list?.type !== 'documents') return [];
    const { filingId } = await this.app.applicant.currentFiling(this.chat);
    const keys: string[] = [];
    for (const required of list.required.filter((r) => !r.uploaded)) {
      const key = `uploads/${filingId}/${randomUUID()}.jpg`;
      const bytes = Buffer.from(`JPEG of ${required.kind}: ${marker}`);
      await this.app.blobs.put(key, bytes, 'image/jpeg');
      keys.push(key);
      const { document } = await this.app.db.prisma.$transaction((tx) =>
        addDocument(
          tx,
          {
            filingId,
            kind: required.kind,
            storageKey: key,
            sha256: randomUUID(),
            size: bytes.length,
            contentType: 'image/jpeg',
          },
          new Date(),
        ),
      );
      await this.send({
        type: 'document',
        kind: required.kind,
        ...(required.websiteIndex === undefined ? {} : { websiteIndex: required.websiteIndex }),
        ...(required.preApprovalType === undefined ? {} : { preApprovalType: required.preApprovalType }),
        documentId: document.id,
      });
    }
    return keys;
  }
}
