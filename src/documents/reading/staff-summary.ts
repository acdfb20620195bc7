/**
 * How a document's reading is shown to the staff next to the document (pure): "QR checked",
 * "no QR", "OCR matches", or what differs. ID numbers are never spelled out here (the Slack
 * message is seen by the whole channel); a USCC is a public company code, a name is on the filing.
 */
import type { Text } from '../../i18n/index.ts';
import { type DocumentReading, ocrStatus, qrStatus } from './document-reading.ts';
import { checkName } from './reading-messages.ts';

/** `tr` renders a text in the staff's language; the summary needs it to put field texts inside one line. */
export function readingSummary(reading: DocumentReading | undefined, tr: (text: Text) => string): string[] {
  if (!reading) return [];
  const texts: string[] = [];
  const qr = qrStatus(reading);
  if (qr) {
    const read = reading.qr?.uscc ?? '';
    texts.push(tr({ key: `documents:reading.staff.qr.${qr}`, params: { read } }));
  }
  const ocr = ocrStatus(reading);
  if (ocr === 'mismatch') {
    const fields = reading.checks
      .filter((c) => c.source === 'ocr' && c.outcome === 'mismatch')
      .map((c) =>
        tr({
          key: `documents:reading.staff.fields.${checkName(c).slice('ocr_'.length)}`,
          params: { read: c.read },
        }),
      );
    texts.push(tr({ key: 'documents:reading.staff.ocr.mismatch', params: { fields: fields.join(', ') } }));
  } else if (ocr) {
    texts.push(tr({ key: `documents:reading.staff.ocr.${ocr}` }));
  }
  return texts;
}
