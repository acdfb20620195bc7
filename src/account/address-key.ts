import { createHmac, hkdfSync } from 'node:crypto';
import { emailAccountKey } from './email-address.ts';

/**
 * The key under which an address's code sends, wrong tries, lock and pending move are counted:
 * HMAC-SHA256 of the normalised address. A plain hash of an address is reversed by hashing a list
 * of addresses; the HMAC key is derived from the PII key (HKDF, its own `info`, so it is never the
 * encryption key itself), so the counters say nothing to whoever reads only the database.
 */
export type AddressKeyer = (email: string) => string;

export function createAddressKeyer(piiKey: Uint8Array): AddressKeyer {
  const key = Buffer.from(hkdfSync('sha256', piiKey, Buffer.alloc(0), 'icp/address-key/v1', 32));
  return (email) =>
    createHmac('sha256', key)
      .update(emailAccountKey(email.normalize('NFKC').trim()), 'utf8')
      .digest('hex');
}
