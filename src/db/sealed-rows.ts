import type { PiiCipher, SealedJson } from './pii-cipher.ts';

/**
 * Filing documents and conversation states are stored sealed whole (names, phones, emails,
 * addresses, ID numbers alike): one AES-GCM pass per write. The state's `phase` stays readable
 * beside the ciphertext because scheduled work selects idle drafts by it in SQL; it says nothing
 * about the person.
 */
const STATE_CLEAR = ['phase'] as const;

export function sealState(pii: PiiCipher, state: unknown): SealedJson {
  return pii.seal(state, STATE_CLEAR);
}

export function sealDocument(pii: PiiCipher, document: unknown): SealedJson {
  return pii.seal(document);
}
