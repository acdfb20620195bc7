/**
 * FormLayout → PDF bytes with pdfkit, on A4, in the bundled CJK font (embedded as a subset of the
 * glyphs used, which keeps a form far below 300 KB). Labelled rows are drawn two pairs to a line,
 * as on the providers' forms, so a whole website fits on one page; a page that still overflows
 * continues on the next sheet rather than clipping.
 */
import PDFDocument from 'pdfkit';
import { cjkFont } from './cjk-font.ts';
import type { FormBlock, FormLayout, FormRow } from './form-layout.ts';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 28;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const BOTTOM = PAGE.height - MARGIN;
const LABEL_WIDTH = 112;
const PAD = 3;
const BOX_HEIGHT = 40;
const GREY = '#555555';
const SHADE = '#e8e8e8';

export interface RenderedPdf {
  bytes: Buffer;
  pages: number;
}

export function renderFormPdf(layout: FormLayout, meta: { author: string }): Promise<RenderedPdf> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: layout.title, Author: meta.author, Creator: 'icp-filing-assistant' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // A parsed fontkit font: pdfkit takes it as is, so the 8 MB file is not parsed again per form.
  doc.registerFont('cjk', cjkFont() as unknown as PDFKit.Mixins.PDFFontSource);
  const pen = new Pen(doc);
  for (const page of layout.pages) {
    pen.newPage();
    for (const block of page.blocks) pen.draw(block);
  }
  doc.end();
  return done.then((bytes) => ({ bytes, pages: pen.pageCount }));
}

/** Where the next block goes; starts a new sheet when a block would cross the bottom margin. */
class Pen {
  private y = MARGIN;
  pageCount = 0;

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  newPage(): void {
    this.doc.addPage({ size: 'A4', margin: MARGIN });
    this.doc.font('cjk');
    this.y = MARGIN;
    this.pageCount++;
  }

  private room(height: number): void {
    if (this.y + height > BOTTOM && this.y > MARGIN) this.newPage();
  }

  draw(block: FormBlock) {
    switch (block.kind) {
      case 'title':
        return this.centred(block.text, 14, 6);
      case 'meta':
        return this.centred(block.text, 7.5, 5, GREY);
      case 'section':
        return this.section(block.text);
      case 'rows':
        return this.rows(block.rows);
      case 'paragraph':
        return this.paragraph(block.text);
      case 'boxes':
        return this.boxes(block.captions);
      case 'instructions':
        return this.instructions(block.text);
    }
  }

  private centred(text: string, size: number, after: number, colour = 'black'): void {
    const { doc } = this;
    doc.fontSize(size);
    const height = doc.heightOfString(text, { width: CONTENT_WIDTH, align: 'center' });
    this.room(height);
    doc.fillColor(colour).text(text, MARGIN, this.y, { width: CONTENT_WIDTH, align: 'center' });
    doc.fillColor('black');
    this.y += height + after;
  }

  private section(text: string): void {
    const { doc } = this;
    doc.fontSize(9);
    const height = doc.heightOfString(text, { width: CONTENT_WIDTH - 2 * PAD }) + 2 * PAD;
    // Keep a heading with at least one line of what follows it.
    this.room(height + 20);
    doc.rect(MARGIN, this.y, CONTENT_WIDTH, height).fillAndStroke(SHADE, 'black');
    doc.fillColor('black').text(text, MARGIN + PAD, this.y + PAD, { width: CONTENT_WIDTH - 2 * PAD });
    this.y += height;
  }

  /** Two label/value pairs per line, each cell as high as the tallest of the line. */
  private rows(rows: FormRow[]): void {
    const { doc } = this;
    const half = CONTENT_WIDTH / 2;
    const valueWidth = half - LABEL_WIDTH;
    for (let i = 0; i < rows.length; i += 2) {
      const pair = rows.slice(i, i + 2);
      doc.fontSize(7.5);
      const cellHeight = (text: string, width: number) =>
        doc.heightOfString(text || ' ', { width: width - 2 * PAD }) + 2 * PAD;
      const lone = pair.length === 1;
      const height = Math.max(
        ...pair.flatMap((r) => [
          cellHeight(r.label, LABEL_WIDTH),
          cellHeight(r.value, lone ? CONTENT_WIDTH - LABEL_WIDTH : valueWidth),
        ]),
      );
      this.room(height);
      pair.forEach((r, j) => {
        const x = MARGIN + j * half;
        const width = lone ? CONTENT_WIDTH - LABEL_WIDTH : valueWidth;
        doc.rect(x, this.y, LABEL_WIDTH, height).fillAndStroke('#f5f5f5', 'black');
        doc.rect(x + LABEL_WIDTH, this.y, width, height).stroke();
        doc.fillColor(GREY).text(r.label, x + PAD, this.y + PAD, { width: LABEL_WIDTH - 2 * PAD });
        doc
          .fillColor('black')
          .text(r.value || ' ', x + LABEL_WIDTH + PAD, this.y + PAD, { width: width - 2 * PAD });
      });
      this.y += height;
    }
  }

  private paragraph(text: string): void {
    const { doc } = this;
    doc.fontSize(8.5);
    const height = doc.heightOfString(text, { width: CONTENT_WIDTH, lineGap: 1 });
    this.room(height + 6);
    doc.fillColor('black').text(text, MARGIN, this.y + 3, { width: CONTENT_WIDTH, lineGap: 1 });
    this.y += height + 6;
  }

  /** Empty boxes for hand signatures, the seal and the date, side by side. */
  private boxes(captions: string[]): void {
    const { doc } = this;
    const gap = 8;
    const width = (CONTENT_WIDTH - gap * (captions.length - 1)) / captions.length;
    this.room(BOX_HEIGHT + 6);
    doc.fontSize(7.5);
    captions.forEach((caption, i) => {
      const x = MARGIN + i * (width + gap);
      doc.rect(x, this.y + 2, width, BOX_HEIGHT).stroke();
      doc.fillColor(GREY).text(caption, x + PAD, this.y + 2 + PAD, { width: width - 2 * PAD });
    });
    doc.fillColor('black');
    this.y += BOX_HEIGHT + 8;
  }

  private instructions(text: string): void {
    const { doc } = this;
    doc.fontSize(8);
    const height = doc.heightOfString(text, { width: CONTENT_WIDTH - 4 * PAD }) + 4 * PAD;
    this.room(height + 4);
    const top = this.y + 4;
    doc.lineWidth(1.2).rect(MARGIN, top, CONTENT_WIDTH, height).stroke().lineWidth(1);
    doc.fillColor('black').text(text, MARGIN + 2 * PAD, top + 2 * PAD, { width: CONTENT_WIDTH - 4 * PAD });
    this.y = top + height + 4;
  }
}
