import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFObject, PDFRef, PDFStream } from 'pdf-lib';

/**
 * Whether a PDF is a real document and carries nothing that runs (issue 12 item 5). A header and an
 * end marker are easy to fake in 40 bytes; this parses the file:
 * - the cross-reference section named by `startxref` exists (a table or an xref stream), because
 *   pdf-lib alone would quietly rebuild a broken one by scanning;
 * - pdf-lib loads it (not encrypted: staff could not open it anyway) and it has at least one page;
 * - no object holds JavaScript or a launch action: keys /JS and /JavaScript, actions of type
 *   /JavaScript or /Launch anywhere (an /OpenAction or /AA of that type included). pdf-lib decodes
 *   `#xx` escapes in names, so /J#53 is /JS here too.
 */
export type PdfVerdict = 'ok' | 'unreadable' | 'active_content';

const ACTIVE_KEYS = new Set(['JS', 'JavaScript']);
const ACTIVE_ACTIONS = new Set(['JavaScript', 'Launch']);

export async function checkPdfStructure(bytes: Buffer): Promise<PdfVerdict> {
  if (!hasCrossReference(bytes)) return 'unreadable';
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    if (pdf.getPageCount() < 1) return 'unreadable';
  } catch {
    return 'unreadable';
  }
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (isActive(object, 0)) return 'active_content';
  }
  return 'ok';
}

/** `startxref <offset>` near the end, pointing at `xref` or at an `N G obj` (an xref stream). */
function hasCrossReference(bytes: Buffer): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF/.exec(tail);
  if (!match) return false;
  const offset = Number(match[1]);
  if (!Number.isSafeInteger(offset) || offset <= 0 || offset >= bytes.length) return false;
  const at = bytes.subarray(offset, offset + 32).toString('latin1');
  return /^\s*(xref\b|\d+\s+\d+\s+obj\b)/.test(at);
}

// Nested inline dictionaries and arrays (an /AA inside an annotation inside a page); depth-capped
// against hostile nesting: an indirect reference is not followed here, it is walked on its own.
function isActive(object: PDFObject | undefined, depth: number): boolean {
  if (object === undefined || depth > 64 || object instanceof PDFRef) return false;
  if (object instanceof PDFStream) return isActive(object.dict, depth + 1);
  if (object instanceof PDFArray) {
    for (let i = 0; i < object.size(); i++) if (isActive(object.get(i), depth + 1)) return true;
    return false;
  }
  if (!(object instanceof PDFDict)) return false;
  for (const [key, value] of object.entries()) {
    const name = key.decodeText();
    if (ACTIVE_KEYS.has(name)) return true;
    if (name === 'S' && value instanceof PDFName && ACTIVE_ACTIONS.has(value.decodeText())) return true;
    if (isActive(value, depth + 1)) return true;
  }
  return false;
}
