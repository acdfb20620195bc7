/**
 * The shape of an applicant's export (`/export`, PIPL art. 45): everything kept about them, ID
 * numbers in full since the data is theirs. Pure: the loader gathers plain records, this orders
 * them into one JSON document with a format version, so a change of shape is visible to readers.
 */
export const EXPORT_FORMAT = 'icp-filing-assistant/personal-data-export';
export const EXPORT_VERSION = 1;

export interface ExportInput {
  generatedAt: Date;
  applicant: {
    id: string;
    lang: string;
    email: string | null;
    emailVerifiedAt: Date | null;
    createdAt: Date;
  };
  chats: { channel: string; chatId: string; createdAt: Date }[];
  consents: { channel: string; scope: string; decision: string; version: number; lang: string; at: Date }[];
  /** The draft being filled in (the conversation's copy), when there is one. */
  conversation: { phase: string; filingId: string | null; draft: unknown; updatedAt: Date } | null;
  filings: {
    id: string;
    status: string;
    icpNumber: string | null;
    createdAt: Date;
    submittedAt: Date | null;
    erasedAt: Date | null;
    documentsErasedAt: Date | null;
    document: unknown;
    review: unknown;
    documents: {
      id: string;
      kind: string;
      contentType: string;
      size: number;
      createdAt: Date;
      supersededAt: Date | null;
    }[];
  }[];
  events: { filingId: string | null; actor: string; type: string; data: unknown; at: Date }[];
  /** Status pings and reminders, rendered in the applicant's language. */
  pings: { topic: string; filingId: string | null; text: string; queuedAt: Date; sentAt: Date | null }[];
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function buildExport(input: ExportInput): Record<string, unknown> {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    generatedAt: input.generatedAt.toISOString(),
    account: {
      id: input.applicant.id,
      language: input.applicant.lang,
      email: input.applicant.email,
      emailVerifiedAt: iso(input.applicant.emailVerifiedAt),
      createdAt: input.applicant.createdAt.toISOString(),
      chats: input.chats.map((c) => ({
        channel: c.channel,
        chatId: c.chatId,
        since: c.createdAt.toISOString(),
      })),
    },
    consents: input.consents.map((c) => ({ ...c, at: c.at.toISOString() })),
    draft: input.conversation
      ? {
          phase: input.conversation.phase,
          filingId: input.conversation.filingId,
          answers: input.conversation.draft,
          updatedAt: input.conversation.updatedAt.toISOString(),
        }
      : null,
    filings: input.filings.map((f) => ({
      id: f.id,
      status: f.status,
      icpNumber: f.icpNumber,
      createdAt: f.createdAt.toISOString(),
      submittedAt: iso(f.submittedAt),
      erasedAt: iso(f.erasedAt),
      documentsErasedAt: iso(f.documentsErasedAt),
      answers: f.document,
      review: f.review,
      documents: f.documents.map((d) => ({
        id: d.id,
        kind: d.kind,
        contentType: d.contentType,
        size: d.size,
        uploadedAt: d.createdAt.toISOString(),
        replacedAt: iso(d.supersededAt),
      })),
    })),
    events: input.events.map((e) => ({
      filingId: e.filingId,
      actor: e.actor,
      type: e.type,
      data: e.data,
      at: e.at.toISOString(),
    })),
    pings: input.pings.map((p) => ({ ...p, queuedAt: p.queuedAt.toISOString(), sentAt: iso(p.sentAt) })),
  };
}
