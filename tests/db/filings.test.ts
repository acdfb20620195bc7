import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runInTransaction } from '../../src/db/database.ts';
import { VersionConflict } from '../../src/db/errors.ts';
import { createFiling, findFilings, getFiling, updateFiling } from '../../src/db/filings.ts';
import { createPiiCipher, PiiKeyError } from '../../src/db/pii-cipher.ts';
import { describeEachBackend } from '../support/db.ts';

function document(domain: string, sponsorName: string) {
  return {
    sponsor: { name: sponsorName, documentNumber: '91350100M000100Y43' },
    sponsorPrincipal: { name: '张三', idNumber: '11010519491231002X' },
    websites: [{ name: 'site', domains: [domain, `WWW.${domain.toUpperCase()}`] }],
  };
}

describeEachBackend('filings', (db) => {
  async function newApplicant() {
    return db().prisma.applicant.create({ data: { lang: 'zh' } });
  }

  it('stores the whole document as ciphertext in the row and returns plaintext through the repository', async () => {
    const applicant = await newApplicant();
    const created = await createFiling(db().prisma, db().pii, {
      applicantId: applicant.id,
      document: document('a-example.cn', '甲公司'),
    });
    const raw = await db().prisma.$queryRaw<{ document: string }[]>`
      SELECT document::text AS document FROM filings WHERE id = ${created.id}::uuid`;
    expect(raw[0]?.document).not.toContain('11010519491231002X');
    expect(raw[0]?.document).not.toContain('91350100M000100Y43');
    // Names too (issue 12 item 4): the row is one sealed value, the name only a keyed hash.
    expect(raw[0]?.document).not.toContain('甲公司');
    expect(raw[0]?.document).not.toContain('张三');
    expect(raw[0]?.document).toMatch(/^\{"\$enc": "enc:v2:[0-9a-f]{8}:/);
    const row = await db().prisma.filing.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.sponsorName).toBeNull();
    expect(row.nameHashes).toContain(db().pii.searchHash('甲公司'));
    const read = await getFiling(db().prisma, db().pii, created.id);
    expect(read?.document).toEqual(document('a-example.cn', '甲公司'));
  });

  it('fails clearly when read with another key', async () => {
    const applicant = await newApplicant();
    const created = await createFiling(db().prisma, db().pii, {
      applicantId: applicant.id,
      document: document('b-example.cn', '乙公司'),
    });
    const wrong = createPiiCipher(randomBytes(32));
    await expect(getFiling(db().prisma, wrong, created.id)).rejects.toThrow(PiiKeyError);
  });

  it('applies an update only at the expected version', async () => {
    const applicant = await newApplicant();
    const created = await createFiling(db().prisma, db().pii, { applicantId: applicant.id, document: {} });
    const first = await updateFiling(db().prisma, db().pii, created.id, created.version, {
      status: 'submitted',
    });
    expect(first.version).toBe(created.version + 1);
    const stale = updateFiling(db().prisma, db().pii, created.id, created.version, { status: 'rejected' });
    await expect(stale).rejects.toBeInstanceOf(VersionConflict);
    expect((await getFiling(db().prisma, db().pii, created.id))?.status).toBe('submitted');
  });

  it('two concurrent transitions from one version: exactly one wins', async () => {
    const applicant = await newApplicant();
    const created = await createFiling(db().prisma, db().pii, { applicantId: applicant.id, document: {} });
    const attempt = (status: string) =>
      runInTransaction(db(), (tx) => updateFiling(tx, db().pii, created.id, created.version, { status }));
    const results = await Promise.allSettled([attempt('first_review'), attempt('rejected')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed && failed.status === 'rejected' ? failed.reason : undefined).toBeInstanceOf(
      VersionConflict,
    );
  });

  it('finds filings by domain, sponsor name and ICP number', async () => {
    const applicant = await newApplicant();
    const tag = randomBytes(3).toString('hex');
    const created = await createFiling(db().prisma, db().pii, {
      applicantId: applicant.id,
      document: document(`${tag}.cn`, `丙${tag}科技有限公司`),
    });
    await updateFiling(db().prisma, db().pii, created.id, created.version, { icpNumber: `闽ICP备${tag}号` });
    const byDomain = await findFilings(db().prisma, db().pii, { domain: `WWW.${tag}.CN` });
    expect(byDomain.map((f) => f.id)).toEqual([created.id]);
    // A full name, ignoring case and spaces; only its keyed hash is stored, so a part finds nothing.
    const byName = await findFilings(db().prisma, db().pii, {
      sponsorName: ` 丙${tag.toUpperCase()}科技有限公司`,
    });
    expect(byName.map((f) => f.id)).toEqual([created.id]);
    const byPrincipal = await findFilings(db().prisma, db().pii, {
      sponsorName: '张三',
      applicantId: applicant.id,
    });
    expect(byPrincipal.map((f) => f.id)).toEqual([created.id]);
    expect(await findFilings(db().prisma, db().pii, { sponsorName: `${tag}科技` })).toEqual([]);
    const byIcp = await findFilings(db().prisma, db().pii, { icpNumber: `闽ICP备${tag}` });
    expect(byIcp.map((f) => f.id)).toEqual([created.id]);
    expect(await findFilings(db().prisma, db().pii, { domain: `other-${tag}.cn` })).toEqual([]);
  });
});

describe('filing search keys', () => {
  it('survive a partial document', async () => {
    const { filingSearchKeys } = await import('../../src/db/filing-search-keys.ts');
    expect(filingSearchKeys({})).toEqual({ domains: [], names: [] });
    expect(
      filingSearchKeys({
        websites: [{ domains: ['A.cn', 'a.cn'], principal: { name: 'Li Si' } }, {}],
        sponsor: { name: ' X ' },
      }),
    ).toEqual({
      domains: ['a.cn'],
      names: ['x', 'lisi'],
    });
  });
});
