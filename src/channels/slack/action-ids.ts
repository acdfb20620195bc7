import { z } from 'zod';
import type { StaffActionType } from '../../services/staff-types.ts';

/** Buttons that act at once. */
export const DIRECT_ACTIONS = [
  'claim',
  'unclaim',
  'approve_first_review',
  'approve_second_review',
  'submitted_to_miit',
  'sms_verified',
  'sms_expired',
] as const satisfies readonly StaffActionType[];

/** Buttons that open a dialog first (a reason, the fields to fix, the ICP number...). */
export const MODAL_ACTIONS = [
  'request_changes',
  'reject',
  'record_interview',
  'approve',
  'administration_reject',
] as const satisfies readonly StaffActionType[];

export type DirectAction = (typeof DIRECT_ACTIONS)[number];
export type ModalAction = (typeof MODAL_ACTIONS)[number];

export const ACTION_ID = /^icp:(act|open):([a-z_]+)$/;
export const DOC_LINK_ACTION_ID = 'icp:doc';
/** A printable form made from the filing; the button's `d` is the form kind. */
export const FORM_ACTION_ID = /^icp:form:[a-z_]+$/;

/** Buttons of one block need distinct action ids: one per form kind. */
export function formActionId(kind: string): string {
  return `icp:form:${kind}`;
}
export const MODAL_CALLBACK_ID = /^icp:modal:([a-z_]+)$/;

export function actionIdOf(type: StaffActionType): string {
  return `icp:${isModalAction(type) ? 'open' : 'act'}:${type}`;
}

export function modalCallbackId(type: ModalAction): string {
  return `icp:modal:${type}`;
}

export function isModalAction(type: string): type is ModalAction {
  return (MODAL_ACTIONS as readonly string[]).includes(type);
}

export function isDirectAction(type: string): type is DirectAction {
  return (DIRECT_ACTIONS as readonly string[]).includes(type);
}

/**
 * What a button carries: the filing and the version the staff member saw, so a click on an
 * outdated message (or a second click) is refused instead of applied twice.
 */
const buttonValue = z.object({ f: z.string().min(1), v: z.number().int().min(0), d: z.string().optional() });
export type ButtonValue = z.infer<typeof buttonValue>;

/** A dialog's private_metadata: the button's value plus where the triage message is. */
const modalMeta = buttonValue.extend({ c: z.string().optional(), t: z.string().optional() });
export type ModalMeta = z.infer<typeof modalMeta>;

export function encodeValue(value: ButtonValue | ModalMeta): string {
  return JSON.stringify(value);
}

export function decodeButtonValue(raw: unknown): ButtonValue | undefined {
  return parseJson(raw, buttonValue);
}

export function decodeModalMeta(raw: unknown): ModalMeta | undefined {
  return parseJson(raw, modalMeta);
}

function parseJson<T>(raw: unknown, schema: z.ZodType<T>): T | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
