/**
 * Finds a QR code in an image (adapter: sharp + zxing-wasm). The .wasm shipped in the npm package
 * is loaded from node_modules: zxing-wasm's default fetches it from a CDN, and nothing may
 * download at run time.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/**
 * Longest side the decoder sees. A licence QR is about a tenth of the page's width, so at 3000 px
 * it still spans ~250 px (zxing needs ~2 px per module; a licence QR has 25–33 modules), while a
 * 12,000 px scan would cost 16× the time for nothing.
 */
export const QR_MAX_SIDE = 3000;

let ready: Promise<unknown> | undefined;

function loadDecoder(): Promise<unknown> {
  ready ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    const wasm = await readFile(wasmPath);
    const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })();
  return ready;
}

/**
 * The text of the first QR code found, or null when there is none. Throws only when the bytes are
 * not a decodable image (callers have inspected them before).
 */
export async function decodeQr(image: Buffer | Uint8Array): Promise<string | null> {
  await loadDecoder();
  const { data, info } = await sharp(image)
    .autoOrient()
    .resize(QR_MAX_SIDE, QR_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = {
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    colorSpace: 'srgb',
  } as Parameters<typeof readBarcodes>[0];
  const results = await readBarcodes(pixels, { formats: ['QRCode'], maxNumberOfSymbols: 1, tryHarder: true });
  const found = results.find((r) => r.isValid);
  return found ? found.text : null;
}
