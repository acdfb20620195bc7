/**
 * The database facts an engine step may need about orders (StepFacts), looked up only for the
 * questions that use them: the order and the sponsor's number (reuse of a filing approved here),
 * and the sponsor's document number (one order in progress per sponsor). Every other answer costs
 * no query.
 */
import { SUBMIT } from '../conversation/slots.ts';
import type { ConversationState, EngineInput, StepFacts } from '../conversation/types.ts';
import { approvedFilingsOf, ordersInProgress } from '../db/order-queries.ts';
import type { PiiCipher } from '../db/pii-cipher.ts';
import type { SqlSession } from '../db/sql-session.ts';

/** Questions whose answer can name an approved filing (and so set the sponsor's document number). */
const REUSING = new Set(['filingType', 'icpNumber']);
const SPONSOR_NUMBER = 'sponsor.documentNumber';

export interface FactsRequest {
  applicantId: string;
  /** The conversation's own filing: never "another order in progress". */
  filingId: string | null;
  before: ConversationState | undefined;
  input: EngineInput;
}

export async function lookUpOrderFacts(
  sql: SqlSession,
  pii: PiiCipher,
  request: FactsRequest,
): Promise<StepFacts | undefined> {
  const question = request.before?.current?.fieldId;
  const { input } = request;
  // Submitting checks again: another chat may have sent an order for this sponsor meanwhile.
  const submitting =
    (input.type === 'command' && input.command === 'submit') ||
    (question === SUBMIT && (input.type === 'choice' || input.type === 'text'));
  if (submitting) return { ordersInProgress: await ordersInProgress(sql, pii, request.filingId) };
  const answering = input.type === 'text' || input.type === 'choice' || input.type === 'done';
  if (!question || !answering) return undefined;
  if (REUSING.has(question)) {
    const approved = await approvedFilingsOf(sql, pii, request.applicantId);
    if (approved.length === 0) return { approved };
    return { approved, ordersInProgress: await ordersInProgress(sql, pii, request.filingId) };
  }
  if (question === SPONSOR_NUMBER) {
    return { ordersInProgress: await ordersInProgress(sql, pii, request.filingId) };
  }
  return undefined;
}
