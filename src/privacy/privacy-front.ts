import type { EngineInput, Outgoing } from '../conversation/types.ts';
import { type ChatRef, findApplicantByChat } from '../db/applicants.ts';
import { type Database, runInTransaction } from '../db/database.ts';
import { isLang, type Lang } from '../i18n/index.ts';
import { type ErasureRunner, filingKeepsMinimum, queueErasure } from './erasure.ts';
import { exportFileName, loadExport } from './export.ts';
import { writeExport } from './local-copies.ts';
import {
  deleteConfirmation,
  erasedMessages,
  isDeleteToken,
  type KeptFiling,
  privacyCommandOf,
} from './rules/delete-confirmation.ts';

export interface PrivacyFrontDeps {
  db: Pick<Database, 'prisma' | 'pii'>;
  erasure: Pick<ErasureRunner, 'run'>;
  now: () => Date;
  /** The console writes exports under DATA_DIR/exports/<applicant id> (mode 0600); Telegram sends them as a document. */
  dataDir: string;
  /** After a commit that queued outbox rows (the erasure job). */
  wake: () => void;
}

export interface PrivacyReply {
  lang: Lang;
  messages: Outgoing[];
}

export interface PrivacyFront {
  handle(chat: ChatRef & { lang?: Lang }, input: EngineInput): Promise<PrivacyReply | undefined>;
}

function requestOf(input: EngineInput): 'export' | 'delete' | 'confirm' | 'keep' | undefined {
  if (input.type === 'text') return privacyCommandOf(input.text);
  if (input.type === 'choice' && isDeleteToken(input.token))
    return input.value === 'confirm' ? 'confirm' : 'keep';
  return undefined;
}

export function createPrivacyFront(deps: PrivacyFrontDeps): PrivacyFront {
  const { db } = deps;

  async function keptFilings(applicantId: string): Promise<KeptFiling[]> {
    const filings = await db.prisma.filing.findMany({
      where: { applicantId },
      select: { status: true, review: true, domains: true, sponsorName: true, icpNumber: true },
    });
    return filings
      .filter((f) => filingKeepsMinimum(f))
      .map((f) => ({ label: f.domains[0] ?? f.sponsorName ?? f.icpNumber ?? '—' }));
  }

  async function exportReply(chat: ChatRef, applicantId: string): Promise<Outgoing[]> {
    const now = deps.now();
    const record = await loadExport(db, applicantId, now);
    const fileName = exportFileName(now);
    if (chat.channel === 'console') {
      const path = await writeExport(deps.dataDir, applicantId, fileName, record);
      return [{ type: 'info', text: { key: 'privacy:export.written', params: { path } } }];
    }
    return [
      {
        type: 'file',
        fileName,
        mimeType: 'application/json',
        content: `${JSON.stringify(record, null, 2)}\n`,
        caption: { key: 'privacy:export.caption' },
      },
    ];
  }

  return {
    async handle(chat, input) {
      const request = requestOf(input);
      if (!request) return undefined;
      const applicant = await findApplicantByChat(db.prisma, chat);
      const lang: Lang = isLang(applicant?.lang) ? applicant.lang : (chat.lang ?? 'zh');
      if (!applicant) return { lang, messages: [{ type: 'info', text: { key: 'privacy:nothing_stored' } }] };
      switch (request) {
        case 'export':
          return { lang, messages: await exportReply(chat, applicant.id) };
        case 'delete':
          return { lang, messages: deleteConfirmation(await keptFilings(applicant.id)) };
        case 'keep':
          return { lang, messages: [{ type: 'info', text: { key: 'privacy:delete.cancelled' } }] };
        case 'confirm': {
          const kept = await keptFilings(applicant.id);
          const job = await runInTransaction(db, (tx) =>
            queueErasure(tx, db.pii, {
              scope: { kind: 'applicant', applicantId: applicant.id },
              actor: 'applicant',
              reason: 'applicant_request',
              at: deps.now(),
            }),
          );
          deps.wake();
          // Done now when it can be; if this run fails, the worker runs the queued job again.
          const done = await (job ? deps.erasure.run(job) : Promise.resolve()).then(
            () => true,
            () => false,
          );
          if (!done) return { lang, messages: [{ type: 'info', text: { key: 'privacy:delete.queued' } }] };
          return { lang, messages: erasedMessages(kept) };
        }
      }
    },
  };
}
