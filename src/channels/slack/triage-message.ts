/**
 * The triage message: one per filing in SLACK_TRIAGE_CHANNEL, re-rendered in place after every
 * action. ID numbers arrive masked from the staff service; only the buttons valid now are shown.
 */
import type { types } from '@slack/bolt';
import { renderValue } from '../../conversation/display.ts';
import { readingSummary } from '../../documents/reading/staff-summary.ts';
import type { Lang, Text } from '../../i18n/index.ts';
import { stageAgeText } from '../../review/eta.ts';
import { needsInterview } from '../../review/order-stages.ts';
import { shanghaiDate, shanghaiDateTime } from '../../review/shanghai-time.ts';
import { MIIT_BEIAN_URL } from '../../review/status-message.ts';
import type { DetailLine, StaffFilingView } from '../../services/staff-types.ts';
import { actionIdOf, DOC_LINK_ACTION_ID, encodeValue, formActionId } from './action-ids.ts';
import { eraseButton } from './erase-button.ts';
import { esc, mrkdwn, plainText, type Tr, translator, truncate } from './slack-text.ts';

type Block = types.KnownBlock;

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

const MAX_DOCUMENTS = 15;
const DANGER: ReadonlySet<string> = new Set(['reject', 'administration_reject', 'request_changes']);
const PRIMARY: ReadonlySet<string> = new Set([
  'approve_first_review',
  'approve_second_review',
  'submitted_to_miit',
  'sms_verified',
  'approve',
]);

export function triageMessage(view: StaffFilingView, lang: Lang): SlackMessage {
  const tr = translator(lang);
  const sponsor = view.sponsorName ?? tr({ key: 'slack:triage.unnamed' });
  const status = tr({ key: `review:stages.${view.status}` });
  const blocks: Block[] = [
    { type: 'header', text: plainText(tr({ key: 'slack:triage.title', params: { sponsor } }), 150) },
    { type: 'section', fields: statusFields(view, tr) },
  ];
  const outcome = outcomeLine(view, tr);
  if (outcome) blocks.push({ type: 'section', text: mrkdwn(outcome) });
  blocks.push(...icpLookupBlocks(view, tr), ...changeBlocks(view, lang, tr));
  blocks.push(...detailSections(view.details, lang, tr));
  blocks.push(...documentBlocks(view, tr));
  // Issue 13: erasure on request is possible at any stage (the privacy service keeps what the law requires).
  const buttons = [...actionButtons(view, tr), eraseButton(view.id, view.version, tr)];
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'icp_actions', elements: buttons });
  blocks.push(...formBlocks(view, tr));
  blocks.push({
    type: 'context',
    elements: [mrkdwn(tr({ key: 'slack:triage.footer', params: { id: view.id, version: view.version } }))],
  });
  return { text: tr({ key: 'slack:triage.fallback', params: { sponsor, status } }), blocks };
}

function statusFields(view: StaffFilingView, tr: Tr) {
  const fields = [
    mrkdwn(`*${tr({ key: 'slack:triage.order' })}*\n${orderLabel(view, tr)}`),
    mrkdwn(`*${tr({ key: 'slack:triage.status' })}*\n${tr({ key: `review:stages.${view.status}` })}`),
    mrkdwn(
      `*${tr({ key: 'slack:triage.claimed_by' })}*\n${
        view.claimedBy ? `<@${view.claimedBy}>` : tr({ key: 'slack:triage.unclaimed' })
      }`,
    ),
  ];
  if (view.domains.length > 0) {
    fields.push(mrkdwn(`*${tr({ key: 'slack:triage.domains' })}*\n${esc(view.domains.join(', '))}`));
  }
  if (view.submittedAt) {
    fields.push(
      mrkdwn(`*${tr({ key: 'slack:triage.submitted' })}*\n${shanghaiDateTime(new Date(view.submittedAt))}`),
    );
  }
  fields.push(mrkdwn(`*${tr({ key: 'slack:triage.sla' })}*\n${slaLine(view, tr)}`));
  if (view.eta) {
    const key = view.eta.estimate ? 'slack:triage.finish_estimate' : 'slack:triage.finish';
    fields.push(
      mrkdwn(
        `*${tr({ key: 'slack:triage.eta' })}*\n${tr({ key, params: { date: shanghaiDate(view.eta.finishAt) } })}`,
      ),
    );
  }
  return fields;
}

/** Due date, age in the stage and the overdue flag (staff view of the working-day clock). */
export function slaLine(view: StaffFilingView, tr: Tr): string {
  const parts: string[] = [];
  if (view.stageDueAt) {
    const key = view.dueIsEstimate ? 'slack:triage.due_estimate' : 'slack:triage.due';
    parts.push(tr({ key, params: { date: shanghaiDateTime(new Date(view.stageDueAt)) } }));
  } else if (view.status === 'changes_requested') {
    parts.push(tr({ key: 'slack:triage.waiting_applicant' }));
  }
  if (view.age) parts.push(tr(stageAgeText(view.age)));
  if (view.overdue) parts.unshift(tr({ key: 'slack:triage.overdue' }));
  return parts.length > 0 ? parts.join('\n') : '—';
}

function outcomeLine(view: StaffFilingView, tr: Tr): string | undefined {
  const { review } = view;
  if (review.status === 'approved' && review.icpNumber) {
    return tr({ key: 'slack:triage.approved', params: { icpNumber: review.icpNumber } });
  }
  if (review.status === 'rejected' && review.rejection) {
    return tr({
      key: `slack:triage.rejected_by_${review.rejection.by}`,
      params: { reason: esc(review.rejection.reason) },
    });
  }
  if (
    review.requestedChanges &&
    (review.status === 'changes_requested' || review.status === 'first_review')
  ) {
    const c = review.requestedChanges;
    const key =
      review.status === 'changes_requested' ? 'slack:triage.changes_open' : 'slack:triage.changes_last';
    return tr({
      key,
      params: {
        fields: c.fields.join(', ') || '—',
        documents: c.documents.join(', ') || '—',
        reason: esc(c.reason),
      },
    });
  }
  if (review.interview?.option && review.status === 'interview') {
    return tr({ key: 'slack:triage.interview_choice', params: { option: review.interview.option } });
  }
  return undefined;
}

/** The filing's answers, one section per part of the form (a section holds at most 3000 characters). */
function detailSections(details: DetailLine[], lang: Lang, tr: Tr): Block[] {
  const groups = new Map<string, string[]>();
  for (const line of details) {
    const value = renderValue(line.value, lang, tr);
    if (!value) continue;
    const group =
      line.websiteIndex === undefined
        ? tr({ key: `slack:sections.${line.section}` })
        : tr({ key: 'slack:sections.website_n', params: { n: line.websiteIndex + 1 } });
    const lines = groups.get(group) ?? [];
    lines.push(`${tr(line.label)}: ${esc(value)}`);
    groups.set(group, lines);
  }
  return [...groups].map(([title, lines]) => ({
    type: 'section',
    text: mrkdwn(truncate(`*${esc(title)}*\n${lines.join('\n')}`, 2900)),
  }));
}

function documentBlocks(view: StaffFilingView, tr: Tr): Block[] {
  if (view.documents.length === 0) return [];
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(`*${tr({ key: 'slack:triage.documents' })}*`) }];
  for (const doc of view.documents.slice(0, MAX_DOCUMENTS)) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        [
          `${tr({ key: `documents:kinds.${doc.kind}` })} (${Math.ceil(doc.size / 1024)} KB)`,
          ...readingSummary(doc.reading, tr).map(esc),
        ].join(' · '),
      ),
      accessory: {
        type: 'button',
        action_id: DOC_LINK_ACTION_ID,
        text: plainText(tr({ key: 'slack:triage.get_link' })),
        value: encodeValue({ f: view.id, v: view.version, d: doc.id }),
      },
    });
  }
  return blocks;
}

/**
 * One line per printable form the filing needs, with a button (as accessories, like the documents'
 * links, so the message keeps a single actions block: the review buttons).
 */
function formBlocks(view: StaffFilingView, tr: Tr): Block[] {
  if (view.forms.length === 0) return [];
  return [
    { type: 'section', text: mrkdwn(`*${tr({ key: 'slack:forms.title' })}*`) },
    ...view.forms.map(
      (kind): Block => ({
        type: 'section',
        text: mrkdwn(tr({ key: `documents:kinds.${kind}` })),
        accessory: {
          type: 'button',
          action_id: formActionId(kind),
          text: plainText(tr({ key: 'slack:forms.button' })),
          value: encodeValue({ f: view.id, v: view.version, d: kind }),
        },
      }),
    ),
  ];
}

/** The order's name in the staff member's language (首次备案, 变更备案, 注销网站…). */
export function orderLabel(view: Pick<StaffFilingView, 'filingType'>, tr: Tr): string {
  return tr({ key: 'slack:triage.order_value', params: { order: view.filingType } });
}

/**
 * An order on an existing number: the number (and the websites' numbers) linked to the MIIT public
 * query site, where staff check that the filing exists and belongs to this sponsor. Only a link:
 * the site has a captcha and its terms do not allow automated queries.
 */
function icpLookupBlocks(view: StaffFilingView, tr: Tr): Block[] {
  const numbers = [view.orderIcpNumber, ...view.orderWebsiteIcpNumbers].filter(
    (n): n is string => n !== null,
  );
  if (numbers.length === 0) return [];
  const links = numbers.map((number) =>
    tr({ key: 'slack:triage.icp_lookup', params: { url: MIIT_BEIAN_URL, number: esc(number) } }),
  );
  return [
    {
      type: 'section',
      text: mrkdwn(`*${tr({ key: 'slack:triage.icp_number' })}*\n${links.join(' · ')}`),
    },
    { type: 'context', elements: [mrkdwn(tr({ key: 'slack:triage.icp_lookup_hint' }))] },
  ];
}

/** A change order: each corrected field, old → new (or only the new values when the old are not held here). */
function changeBlocks(view: StaffFilingView, lang: Lang, tr: Tr): Block[] {
  const change = view.change;
  if (!change) return [];
  const held = change.previousFilingId !== null;
  const empty = tr({ key: 'slack:triage.empty_value' });
  const lines = change.lines.map((line) => {
    const label = websiteLabel(line.websiteIndex, tr(line.label), tr);
    const after = esc(renderValue(line.after, lang, tr)) || empty;
    const text = held
      ? tr({
          key: 'slack:triage.change_line',
          params: {
            label,
            before: esc(renderValue(line.before, lang, tr)) || empty,
            after,
          },
        })
      : tr({
          key: 'slack:triage.change_new_line',
          params: { label, after },
        });
    return line.declared ? text : `${text}${tr({ key: 'slack:triage.change_undeclared' })}`;
  });
  const title = `*${tr({ key: 'slack:triage.change_title' })}*`;
  const intro = held ? title : `${title}\n${tr({ key: 'slack:triage.change_not_held' })}`;
  if (lines.length === 0) lines.push(tr({ key: 'slack:triage.change_none' }));
  return [{ type: 'section', text: mrkdwn(truncate(`${intro}\n${lines.join('\n')}`, 2900)) }];
}

function websiteLabel(index: number | undefined, label: string, tr: Tr): string {
  return index === undefined
    ? label
    : tr({ key: 'slack:modals.request_changes.website_field', params: { n: index + 1, label } });
}

/** A cancellation goes from the first review straight to the second: the button says so. */
function buttonLabel(view: StaffFilingView, type: string, tr: Tr): string {
  if (
    type === 'approve_first_review' &&
    !needsInterview(view.filingType) &&
    view.review.interview?.outcome !== 'passed'
  )
    return tr({ key: 'slack:actions.approve_first_review_no_interview' });
  return tr({ key: `slack:actions.${type}` });
}

function actionButtons(view: StaffFilingView, tr: Tr): types.Button[] {
  return view.actions.map((type) => {
    const button: types.Button = {
      type: 'button',
      action_id: actionIdOf(type),
      text: plainText(buttonLabel(view, type, tr)),
      value: encodeValue({ f: view.id, v: view.version }),
    };
    if (DANGER.has(type)) button.style = 'danger';
    else if (PRIMARY.has(type)) button.style = 'primary';
    return button;
  });
}

/**
 * A line for the message's thread: the event's log text with staff ids as Slack mentions and
 * everything typed by people escaped, plus when it happened.
 */
export function threadNote(logText: Text, at: string | undefined, tr: Tr): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(logText.params ?? {})) {
    if (typeof value !== 'string') params[name] = value;
    else if ((name === 'actor' || name === 'staffId') && SLACK_USER.test(value)) params[name] = `<@${value}>`;
    else params[name] = esc(value);
  }
  const line = tr({ key: logText.key, params });
  return at ? tr({ key: 'slack:thread.note', params: { line, at: shanghaiDateTime(new Date(at)) } }) : line;
}

const SLACK_USER = /^[UW][A-Z0-9_]+$/;
