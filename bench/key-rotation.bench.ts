/**
 * `icp keys rotate` on 100,000 filings (each a sealed document, as the app writes them) on embedded
 * PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set: rows re-encrypted per second.
 * Prints figures; asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/open-database.ts';
import { createPiiCipher, piiKey } from '../src/db/pii-cipher.ts';
import { sealDocument } from '../src/db/sealed-rows.ts';
import { rewrapRows } from '../src/key-rotation/rewrap-rows.ts';

const ROWS = Number(process.env.ROTATION_ROWS ?? 100_000);

async function measure(label: string, databaseUrl: string | undefined): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'icp-rotation-bench-'));
  const oldKey = randomBytes(32);
  const schema = `bench_rotation_${randomBytes(4).toString('hex')}`;
  const url = databaseUrl
    ? `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}schema=${schema}`
    : undefined;
  const db = await openDatabase({ databaseUrl: url, dataDir, piiKey: oldKey.toString('base64') });
  try {
    const applicant = await db.prisma.applicant.create({ data: { lang: 'zh' } });
    const document = {
      sponsor: { name: '福州某某科技有限公司', documentNumber: '91350100M000100Y43' },
      sponsorPrincipal: { name: '张三', idNumber: '11010519491231002X', mobiles: ['13800138000'] },
      websites: [{ domains: ['example.cn'], principal: { name: '李四', idNumber: '110105194912310037' } }],
    };
    for (let done = 0; done < ROWS; done += 5_000) {
      const rows = Array.from({ length: Math.min(5_000, ROWS - done) }, () => ({
        document: sealDocument(db.pii, document),
      }));
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO filings (id, applicant_id, document, updated_at)
         SELECT gen_random_uuid(), $2::uuid, x.document, now() FROM jsonb_to_recordset($1::jsonb) AS x(document jsonb)`,
        JSON.stringify(rows),
        applicant.id,
      );
    }
    const rotating = {
      prisma: db.prisma,
      pii: createPiiCipher({ current: piiKey(randomBytes(32)), previous: [piiKey(oldKey)] }),
    };
    const start = performance.now();
    const report = await rewrapRows(rotating, { batchSize: 1_000 });
    const seconds = (performance.now() - start) / 1000;
    const rows = Object.values(report.rewritten).reduce((a, b) => a + b, 0);
    console.log(
      `${label.padEnd(9)} rotated ${rows} rows in ${seconds.toFixed(1)} s: ${Math.round(rows / seconds)} rows/s (batches of 1,000; remaining ${report.remaining})`,
    );
    if (url) await db.prisma.$executeRawUnsafe(`DROP SCHEMA "${schema}" CASCADE`);
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function (): Promise<void> {
  await measure('pglite', undefined);
  const base = process.env.TEST_DATABASE_URL;
  if (base) await measure('postgres', base);
  else console.log('postgres: skipped (set TEST_DATABASE_URL)');
}
