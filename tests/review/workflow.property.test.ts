import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_TYPES,
  type ActionType,
  type Actor,
  ALLOWED_ACTORS,
  type ReviewAction,
} from '../../src/review/actions.ts';
import { createReview } from '../../src/review/review-state.ts';
import { applyAction, availableActions } from '../../src/review/workflow.ts';
import { ctx, sh } from './helpers.ts';

/** A valid instance of each action: refusals can then only come from the state, the actor or time. */
const SAMPLE: Record<ActionType, ReviewAction> = {
  submit: { type: 'submit' },
  claim: { type: 'claim', staffId: 'U_ANY' },
  unclaim: { type: 'unclaim' },
  approve_first_review: { type: 'approve_first_review' },
  request_changes: {
    type: 'request_changes',
    fields: ['sponsor.name'],
    documents: ['id_card_back'],
    reason: 'r',
  },
  resubmit: { type: 'resubmit' },
  choose_interview: { type: 'choose_interview', option: 'phone' },
  record_interview: { type: 'record_interview', outcome: 'passed', option: 'beijing_office' },
  approve_second_review: { type: 'approve_second_review' },
  submitted_to_miit: { type: 'submitted_to_miit' },
  sms_verified: { type: 'sms_verified' },
  sms_expired: { type: 'sms_expired' },
  approve: { type: 'approve', icpNumber: '京ICP备16020626号' },
  reject: { type: 'reject', reason: 'r' },
  administration_reject: { type: 'administration_reject', reason: 'r' },
};

const stepArb = fc.record({
  type: fc.constantFrom(...ACTION_TYPES),
  actor: fc.constantFrom<Actor['kind']>('staff', 'applicant', 'system'),
  minutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  /** When set, steer to one of the available actions so that deep states are reached too. */
  steer: fc.option(fc.nat(), { freq: 8 }),
});

describe('review workflow (properties)', () => {
  const statusesReached: number[] = [];
  it('accepts exactly the available actions, keeps history consistent and never mutates on refusal', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 5, maxLength: 60 }), (steps) => {
        let review = createReview();
        let now = sh('2026-11-02T10:00');
        const reached = new Set<string>();
        for (const { type: randomType, actor: randomActor, minutes, steer } of steps) {
          now = new Date(now.getTime() + minutes * 60_000);
          // Rejections end a run; random picks still try them, steering does not.
          const offered = availableActions(review, now).filter(
            (a) => a !== 'reject' && a !== 'administration_reject',
          );
          const steered = steer !== null && offered.length > 0 ? offered[steer % offered.length] : undefined;
          const type = steered ?? randomType;
          const actor = steered ? ALLOWED_ACTORS[steered][0]! : randomActor;
          const before = structuredClone(review);
          const result = applyAction(review, SAMPLE[type], ctx(now, { kind: actor, id: `${actor}-1` }));
          const expected =
            availableActions(review, now).includes(type) && ALLOWED_ACTORS[type].includes(actor);
          expect(result.ok, `${type} by ${actor} in ${review.status}`).toBe(expected);
          expect(review).toEqual(before);
          if (!result.ok) continue;
          const next = result.review;
          expect(result.event).toMatchObject({
            type,
            from: review.status,
            to: next.status,
            at: now.toISOString(),
          });
          const last = next.history.at(-1);
          if (last) {
            expect(last.status).toBe(next.status);
            expect(last.startedAt).toBe(next.stageStartedAt);
            expect(last.dueAt).toBe(next.stageDueAt);
            if (last.dueAt) expect(Date.parse(last.dueAt)).toBeGreaterThan(Date.parse(last.startedAt));
          }
          expect(next.history.slice(0, -1).every((h) => h.endedAt !== null)).toBe(true);
          expect(JSON.parse(JSON.stringify(next))).toEqual(next);
          review = next;
          reached.add(next.status);
        }
        statusesReached.push(reached.size);
      }),
      { numRuns: 300 },
    );
    // The runs must have gone deep, or the property says little.
    expect(Math.max(...statusesReached)).toBeGreaterThanOrEqual(7);
  });
});
