/**
 * The dialogs behind the buttons that need more than a click, and how their submissions become
 * staff actions. Block ids double as the keys of `response_action: 'errors'`.
 */
import type { types } from '@slack/bolt';
import { DOCUMENT_KINDS } from '../../filing/document-kinds.ts';
import { INTERVIEW_OPTIONS, isInterviewOption } from '../../review/review-state.ts';
import type { StaffAction, StaffFilingView, StaffProblem } from '../../services/staff-types.ts';
import { encodeValue, type ModalAction, type ModalMeta, modalCallbackId } from './action-ids.ts';
import { plainText, type Tr } from './slack-text.ts';

type Block = types.KnownBlock;
type Option = types.PlainTextOption;

/** Slack allows 100 options in a select. */
const MAX_OPTIONS = 100;

export const BLOCK = {
  fields: 'fields',
  documents: 'documents',
  reason: 'reason',
  icpNumber: 'icp_number',
  option: 'option',
  outcome: 'outcome',
  note: 'note',
} as const;

const VALUE = 'value';

export function modalView(
  type: ModalAction,
  view: StaffFilingView,
  meta: ModalMeta,
  tr: Tr,
): types.ModalView {
  return {
    type: 'modal',
    callback_id: modalCallbackId(type),
    private_metadata: encodeValue(meta),
    title: plainText(tr({ key: `slack:modals.${type}.title` }), 24),
    submit: plainText(tr({ key: `slack:modals.${type}.submit` }), 24),
    close: plainText(tr({ key: 'slack:modals.cancel' }), 24),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: tr({ key: 'slack:modals.filing', params: { sponsor: view.sponsorName ?? view.id } }),
        },
      },
      ...modalBlocks(type, view, tr),
    ],
  };
}

function modalBlocks(type: ModalAction, view: StaffFilingView, tr: Tr): Block[] {
  switch (type) {
    case 'request_changes':
      return [
        {
          type: 'input',
          block_id: BLOCK.fields,
          optional: true,
          label: plainText(tr({ key: 'slack:modals.request_changes.fields' })),
          element: {
            type: 'multi_static_select',
            action_id: VALUE,
            placeholder: plainText(tr({ key: 'slack:modals.request_changes.fields_placeholder' })),
            options: fieldOptions(view, tr),
          },
        },
        {
          type: 'input',
          block_id: BLOCK.documents,
          optional: true,
          label: plainText(tr({ key: 'slack:modals.request_changes.documents' })),
          element: {
            type: 'multi_static_select',
            action_id: VALUE,
            placeholder: plainText(tr({ key: 'slack:modals.request_changes.documents_placeholder' })),
            options: DOCUMENT_KINDS.map((kind) => option(kind, tr({ key: `documents:kinds.${kind}` }))),
          },
        },
        reasonInput(tr, 'slack:modals.request_changes.reason', false),
      ];
    case 'reject':
    case 'administration_reject':
      return [reasonInput(tr, `slack:modals.${type}.reason`, false)];
    case 'approve':
      return [
        {
          type: 'input',
          block_id: BLOCK.icpNumber,
          label: plainText(tr({ key: 'slack:modals.approve.icp_number' })),
          hint: plainText(tr({ key: 'slack:modals.approve.hint' }), 150),
          element: {
            type: 'plain_text_input',
            action_id: VALUE,
            max_length: 40,
            // An order on an existing number is approved with that number (the workflow checks it).
            ...(view.orderIcpNumber ? { initial_value: view.orderIcpNumber } : {}),
          },
        },
      ];
    case 'record_interview': {
      const chosen = view.review.interview?.option ?? undefined;
      const options = INTERVIEW_OPTIONS.map((o) => option(o, tr({ key: `review:interview.labels.${o}` })));
      const initial = options.find((o) => o.value === chosen);
      const outcomes = (['passed', 'failed'] as const).map((o) =>
        option(o, tr({ key: `slack:modals.record_interview.${o}` })),
      );
      return [
        {
          type: 'input',
          block_id: BLOCK.option,
          label: plainText(tr({ key: 'slack:modals.record_interview.option' })),
          element: {
            type: 'static_select',
            action_id: VALUE,
            options,
            ...(initial ? { initial_option: initial } : {}),
          },
        },
        {
          type: 'input',
          block_id: BLOCK.outcome,
          label: plainText(tr({ key: 'slack:modals.record_interview.outcome' })),
          element: { type: 'radio_buttons', action_id: VALUE, options: outcomes },
        },
        reasonInput(tr, 'slack:modals.record_interview.reason', true),
        {
          type: 'input',
          block_id: BLOCK.note,
          optional: true,
          label: plainText(tr({ key: 'slack:modals.record_interview.note' })),
          element: { type: 'plain_text_input', action_id: VALUE, multiline: true, max_length: 2000 },
        },
      ];
    }
  }
}

function reasonInput(tr: Tr, key: string, optional: boolean): Block {
  return {
    type: 'input',
    block_id: BLOCK.reason,
    optional,
    label: plainText(tr({ key })),
    element: { type: 'plain_text_input', action_id: VALUE, multiline: true, max_length: 2000 },
  };
}

function option(value: string, label: string): Option {
  return { text: plainText(label), value };
}

/** The filing's field paths with their labels ("Website 2 · Domain(s)"). */
function fieldOptions(view: StaffFilingView, tr: Tr): Option[] {
  return view.details.slice(0, MAX_OPTIONS).map((line) => {
    const label = tr(line.label);
    const text =
      line.websiteIndex === undefined
        ? label
        : tr({
            key: 'slack:modals.request_changes.website_field',
            params: { n: line.websiteIndex + 1, label },
          });
    return option(line.path, text);
  });
}

/** The submitted values, keyed by block id (what Bolt hands over as `view.state.values`). */
export type ModalValues = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: { value: string }[];
    }
  >
>;

function text(values: ModalValues, block: string): string {
  return values[block]?.[VALUE]?.value?.trim() ?? '';
}

function selected(values: ModalValues, block: string): string | undefined {
  return values[block]?.[VALUE]?.selected_option?.value;
}

function selectedMany(values: ModalValues, block: string): string[] {
  return (values[block]?.[VALUE]?.selected_options ?? []).map((o) => o.value);
}

/** A submitted dialog as the staff action it asks for. The workflow checks the contents. */
export function actionFromModal(type: ModalAction, values: ModalValues): StaffAction {
  switch (type) {
    case 'request_changes':
      return {
        type,
        fields: selectedMany(values, BLOCK.fields),
        documents: selectedMany(values, BLOCK.documents),
        reason: text(values, BLOCK.reason),
      };
    case 'reject':
    case 'administration_reject':
      return { type, reason: text(values, BLOCK.reason) };
    case 'approve':
      return { type, icpNumber: text(values, BLOCK.icpNumber) };
    case 'record_interview': {
      const outcome = selected(values, BLOCK.outcome) === 'failed' ? 'failed' : 'passed';
      const chosen = selected(values, BLOCK.option);
      const action: StaffAction = { type, outcome };
      if (chosen && isInterviewOption(chosen)) action.option = chosen;
      const reason = text(values, BLOCK.reason);
      if (reason) action.reason = reason;
      const note = text(values, BLOCK.note);
      if (note) action.note = note;
      return action;
    }
  }
}

/** Which input a refusal belongs to, so Slack shows it under that input. */
export function errorBlock(type: ModalAction, problem: StaffProblem): string {
  if (type === 'approve') return BLOCK.icpNumber;
  if (problem.code === 'review.changes_empty' || problem.code === 'review.field_path_invalid')
    return BLOCK.fields;
  if (problem.code === 'review.document_kind_invalid') return BLOCK.documents;
  if (problem.code.startsWith('review.interview_option')) return BLOCK.option;
  if (
    type === 'record_interview' &&
    problem.code !== 'review.reason_required' &&
    problem.code !== 'review.reason_too_long'
  )
    return BLOCK.option;
  return BLOCK.reason;
}
