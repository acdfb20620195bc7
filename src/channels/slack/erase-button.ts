/** The triage message's "Erase personal data" button (issue 13); its handlers are in privacy-handlers.ts. */
import type { types } from '@slack/bolt';
import { encodeValue } from './action-ids.ts';
import { plainText, type Tr } from './slack-text.ts';

export const ERASE_ACTION_ID = 'icp:privacy:erase';
export const ERASE_CALLBACK_ID = 'icp:privacy:erase_modal';

/** The button on every triage message (its filing may be in any stage). */
export function eraseButton(filingId: string, version: number, tr: Tr): types.Button {
  return {
    type: 'button',
    action_id: ERASE_ACTION_ID,
    style: 'danger',
    text: plainText(tr({ key: 'privacy:slack.erase_button' })),
    value: encodeValue({ f: filingId, v: version }),
  };
}
