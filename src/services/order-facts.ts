/**
 * The database facts an engine step may need about orders (StepFacts), looked up only for the
 * questions that use them: the order and the sponsor's number (reuse of a filing approved here),
 * and the sponsor's document number (one order in progress per sponsor). Every other answer costs
 * no query. Orders in progress are looked up only for the numbers the step can set: the number
 * asked (as typed, or read from a photo), the approved filings' it can take over, the draft's own
 * when it is submitted.
 */

import { REUSING_PATHS, SPONSOR_NUMBER_PATH } from '../conversation/orders.ts';
import { SUBMIT } from '../conversation/slots.ts';
import type { ConversationState, EngineInput, StepFacts } from '../conversation/types.ts';
import { approvedFilingsOf, ordersInProgress } from '../db/order-queries.ts';
import type { PiiCipher } from '../db/pii-cipher.ts';
import type { SqlSession } from '../db/sql-session.ts';
import { objOrEmpty } from '../filing/catalog/draft.ts';

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
  const inProgress = (numbers: readonly unknown[]) =>
    ordersInProgress(
      sql,
      pii,
      request.filingId,
      numbers.filter((n): n is string => typeof n === 'string'),
    );
  if (submitting) return { ordersInProgress: await inProgress([sponsorNumberOf(request.before?.filing)]) };
  const answering = input.type === 'text' || input.type === 'choice' || input.type === 'done';
  if (!question || !answering) return undefined;
  if (REUSING_PATHS.has(question)) {
    const approved = await approvedFilingsOf(sql, pii, request.applicantId);
    if (approved.length === 0) return { approved };
    return { approved, ordersInProgress: await inProgress(approved.map((a) => sponsorNumberOf(a.filing))) };
  }
  if (question === SPONSOR_NUMBER_PATH) {
    const typed = input.type === 'text' ? input.text : input.type === 'choice' ? input.value : undefined;
    // A tap on the value read from a photo (or its option number typed) answers with that value.
    return {
      ordersInProgress: await inProgress([typed, request.before?.photoValues?.[SPONSOR_NUMBER_PATH]]),
    };
  }
  return undefined;
}

function sponsorNumberOf(filing: unknown): unknown {
  return objOrEmpty(objOrEmpty(filing).sponsor).documentNumber;
}
