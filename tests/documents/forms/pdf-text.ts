/** Text of a PDF, page by page, read back with unpdf (PDF.js): what a reader's copy-paste would get. */
import { extractText, getDocumentProxy } from 'unpdf';

export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: false });
  await pdf.cleanup();
  return text;
}

/** Without white space, so a value wrapped across lines is still found whole. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}
