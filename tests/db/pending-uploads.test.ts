/**
 * The shared "document tapped, file awaited" rows (issue 16): sealed at rest, forgotten after their
 * time, and pruned by the sweep.
 */
import { expect, it } from 'vitest';
import { prunePendingUploads } from '../../src/db/pending-uploads.ts';
import { databasePendingUploads } from '../../src/services/database-pending-uploads.ts';
import { describeEachBackend } from '../support/db.ts';

const T0 = new Date('2026-03-02T02:00:00Z');
const MINUTE = 60_000;

describeEachBackend('pending uploads in the database', (db) => {
  it('keeps a file (its name sealed) for its chat until cleared', async () => {
    const pending = databasePendingUploads(db(), { channel: 'telegram', now: () => T0 });
    const file = { fileId: 'f-1', fileName: '张三身份证.jpg', source: 'document' as const };
    await pending.set('5001', { file });
    expect(await pending.get('5001')).toEqual({ file });
    expect(await pending.get('5002')).toBeUndefined();
    const [row] = await db().prisma.pendingUpload.findMany({ where: { chatId: '5001' } });
    expect(JSON.stringify(row?.pending)).not.toContain('张三');
    await pending.clear('5001');
    expect(await pending.get('5001')).toBeUndefined();
  });

  it('forgets a choice older than its time, and the sweep prunes the ones never read', async () => {
    let now = T0;
    const pending = databasePendingUploads(db(), { channel: 'telegram', ttlMs: 30 * MINUTE, now: () => now });
    await pending.set('5003', { expecting: { kind: 'sponsor_principal_id_front' } });
    await pending.set('5004', { expecting: { kind: 'domain_certificate', websiteIndex: 0 } });
    now = new Date(T0.getTime() + 29 * MINUTE);
    expect(await pending.get('5003')).toEqual({ expecting: { kind: 'sponsor_principal_id_front' } });
    now = new Date(T0.getTime() + 31 * MINUTE);
    expect(await pending.get('5003')).toBeUndefined();
    expect(await db().prisma.pendingUpload.count({ where: { chatId: '5003' } })).toBe(0);
    expect(await prunePendingUploads(db().prisma, new Date(now.getTime() - 30 * MINUTE))).toBe(1);
    expect(await db().prisma.pendingUpload.count({ where: { chatId: '5004' } })).toBe(0);
  });
});
