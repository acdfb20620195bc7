import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { crc32, createDeflate } from 'node:zlib';
import QRCode from 'qrcode';
import sharp, { type OverlayOptions } from 'sharp';

/**
 * Licence and ID card look-alikes made at test time: a QR code from the `qrcode` package, Chinese
 * text rendered by sharp (Pango) from the Noto Sans SC font shipped in @embedpdf/fonts-sc, the
 * CJK font package the PDF forms use.
 */
export const CJK_FONT = join(
  dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')),
  '..',
  'fonts',
  'NotoSansHans-Regular.otf',
);

/** Valid USCCs (check characters right), as in the README's examples. */
export const USCC_A = '91350100M000100Y43';
export const USCC_B = '91110108MA01ABCD5T';

export const licenceUrl = (uscc: string) => `http://www.gsxt.gov.cn/index.html?uniscid=${uscc}`;

async function textImage(markup: string, points: number): Promise<Buffer> {
  return sharp({
    text: {
      text: `<span foreground="#1a1a1a">${markup}</span>`,
      fontfile: CJK_FONT,
      font: `Noto Sans SC ${points}`,
      rgba: true,
      dpi: 72,
      spacing: Math.round(points * 0.8),
    },
  })
    .png()
    .toBuffer();
}

export interface LicenceOptions {
  /** The QR code's text; omitted: no QR code. */
  qrText?: string;
  name?: string;
  uscc?: string;
  width?: number;
  height?: number;
}

/** A business licence photo: cream paper, red title, text lines, the QR code top right. */
export async function licenceImage(options: LicenceOptions = {}): Promise<Buffer> {
  const width = options.width ?? 2000;
  const height = options.height ?? 1400;
  const unit = width / 2000;
  const layers: OverlayOptions[] = [
    {
      input: await textImage('<span foreground="#c8102e">营 业 执 照</span>', Math.round(90 * unit)),
      left: Math.round(780 * unit),
      top: Math.round(120 * unit),
    },
    {
      input: await textImage(
        [
          `统一社会信用代码 ${options.uscc ?? USCC_A}`,
          `名称 ${options.name ?? '福州某某科技有限公司'}`,
          '类型 有限责任公司',
          '法定代表人 张三',
          '住所 福建省福州市鼓楼区某某路1号',
        ].join('\n'),
        Math.round(40 * unit),
      ),
      left: Math.round(200 * unit),
      top: Math.round(420 * unit),
    },
  ];
  if (options.qrText !== undefined) {
    const qr = await QRCode.toBuffer(options.qrText, {
      width: Math.round(220 * unit),
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    layers.push({ input: qr, left: Math.round(1660 * unit), top: Math.round(120 * unit) });
  }
  return sharp({ create: { width, height, channels: 3, background: '#f5efe0' } })
    .composite(layers)
    .jpeg({ quality: 88 })
    .toBuffer();
}

export interface IdCardOptions {
  name?: string;
  idNumber?: string;
}

/** An ID card front photographed on a desk: the card in light blue, the fields in black. */
export async function idCardImage(options: IdCardOptions = {}): Promise<Buffer> {
  const text = await textImage(
    [
      `姓名  ${options.name ?? '张三丰'}`,
      '性别  男      民族  汉',
      '出生  1949 年 12 月 31 日',
      '住址  北京市东城区景山前街4号',
      '',
      `公民身份号码  ${options.idNumber ?? '11010519491231002X'}`,
    ].join('\n'),
    30,
  );
  const card = await sharp({ create: { width: 1100, height: 690, channels: 3, background: '#dfeaf2' } })
    .composite([{ input: text, left: 60, top: 80 }])
    .png()
    .toBuffer();
  return sharp({ create: { width: 1280, height: 900, channels: 3, background: '#8a7560' } })
    .composite([{ input: card, left: 90, top: 105 }])
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** A one-page PDF whose page is the given JPEG (a scanner's output), written by hand with a correct xref. */
export async function pdfOfJpeg(jpeg: Buffer): Promise<Buffer> {
  const { width, height } = await sharp(jpeg).metadata();
  const pageW = 595;
  const pageH = Math.round((595 * height) / width);
  const content = `q ${pageW} 0 0 ${pageH} 0 0 cm /Im0 Do Q`;
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (chunk: Buffer | string) => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    parts.push(b);
    length += b.length;
  };
  const object = (n: number, head: string, stream?: Buffer) => {
    offsets[n - 1] = length;
    push(`${n} 0 obj\n${head}\n`);
    if (stream) {
      push('stream\n');
      push(stream);
      push('\nendstream\n');
    }
    push('endobj\n');
  };
  push('%PDF-1.4\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(
    3,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pageW} ${pageH}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`,
  );
  object(
    4,
    `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>`,
    jpeg,
  );
  object(5, `<< /Length ${content.length} >>`, Buffer.from(content, 'latin1'));
  const xref = length;
  push(
    `xref\n0 6\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`,
  );
  push(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/**
 * A valid PNG of 20,000 × 20,000 black pixels, about 5 MB on disk (under the upload size limit):
 * written by hand (IHDR, one zlib stream of all-zero rows, IEND) because encoding 400 megapixels
 * through sharp takes tens of seconds.
 */
export async function hugeFlatPng(side = 20_000): Promise<Buffer> {
  const rows = 100;
  const block = Buffer.alloc((1 + side * 3) * rows, 0);
  const deflate = createDeflate({ level: 1 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  for (let y = 0; y < side; y += rows) {
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.concat(chunks)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
