/**
 * The first page of a PDF as a PNG image (adapter: unpdf's bundled PDF.js + @napi-rs/canvas), so a
 * scanned or electronic licence in PDF form can be searched for its QR code and read like a photo.
 */
import { getDocumentProxy, renderPageAsImage } from 'unpdf';

/** Wide enough for a QR code on an A4 page to span ~200 px; a page is rendered once per upload. */
export const PDF_RENDER_WIDTH = 2000;

/** Null when the PDF cannot be parsed or has no page: a corrupt file is "unreadable", not a crash. */
export async function renderFirstPage(pdf: Uint8Array): Promise<Buffer | null> {
  let document: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    document = await getDocumentProxy(new Uint8Array(pdf));
    if (document.numPages < 1) return null;
    const png = await renderPageAsImage(document, 1, {
      canvasImport: () => import('@napi-rs/canvas'),
      width: PDF_RENDER_WIDTH,
    });
    return Buffer.from(png);
  } catch {
    return null;
  } finally {
    // unpdf's types leave out PDF.js's destroy(), which frees the worker-side copy of the file.
    await (document as { destroy?: () => Promise<void> } | undefined)?.destroy?.().catch(() => {});
  }
}
