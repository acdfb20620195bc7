/**
 * What a business licence's QR code says, from its decoded text alone (pure).
 *
 * Licences issued since the 2015 "three certificates in one" reform carry a QR code that opens the
 * National Enterprise Credit Information Publicity System (gsxt.gov.cn) or a provincial market
 * regulator's page (*.gov.cn). Most of those links carry the USCC as a query value or a path
 * segment (`...?uniscid=9135...`, `.../9135....html`); the newer "企业码" links carry an opaque
 * token instead. So: a government link with a checksum-valid USCC in it gives the USCC; a
 * government link without one is a licence link we cannot check; anything else (a shop's website,
 * a long text) is not a licence QR, and the upload is treated as having none.
 */
import { checkUscc } from '../../filing/validators/uscc.ts';

/** Real licence links are short; a QR holding more text than this is not one (and is not kept). */
export const MAX_LICENCE_QR_TEXT = 512;
/** How much of a QR's text is kept with the document for the staff (a non-licence text included). */
export const KEPT_QR_TEXT = 200;

export type LicenceQr =
  | { kind: 'licence'; uscc: string }
  | { kind: 'licence_without_uscc' }
  | { kind: 'not_licence' };

const USCC_CANDIDATE = /[0-9A-HJ-NPQRTUWXY]{18}/g;

export function readLicenceQr(text: string): LicenceQr {
  if (text.length > MAX_LICENCE_QR_TEXT) return { kind: 'not_licence' };
  const url = parseUrl(text.trim());
  if (!url || !isGovernmentHost(url.hostname)) return { kind: 'not_licence' };
  const uscc = findUscc(url);
  return uscc ? { kind: 'licence', uscc } : { kind: 'licence_without_uscc' };
}

function parseUrl(text: string): URL | undefined {
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** gov.cn is reserved for government bodies in China, so a look-alike cannot register under it. */
function isGovernmentHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'gov.cn' || host.endsWith('.gov.cn');
}

/**
 * The first checksum-valid USCC among the query values, then the path segments. The checksum
 * (and the embedded organisation-code check) make an accidental 18-character match in a token
 * vanishingly unlikely.
 */
function findUscc(url: URL): string | undefined {
  const places = [...url.searchParams.values(), ...decodeSafe(url.pathname).split('/'), url.hash];
  for (const place of places) {
    for (const match of place.toUpperCase().matchAll(USCC_CANDIDATE)) {
      const result = checkUscc(match[0]);
      if (result.ok) return result.value;
    }
  }
  return undefined;
}

function decodeSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
