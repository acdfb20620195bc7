import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acquireDataFolderLock,
  DataFolderLockedError,
  LOCK_FILE_NAME,
  type LockEnvironment,
} from '../../src/ops/data-folder-lock.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'icp-lock-'));
const envOf = (pid: number, alive: (pid: number) => boolean = () => true): LockEnvironment => ({
  pid,
  host: 'host-a',
  now: () => new Date('2026-12-04T10:00:00Z'),
  alive,
});

/** A pid that certainly belonged to a process and is now free: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('the data-folder lock', () => {
  it('refuses a second holder while the first lives, naming its pid, and frees on release', () => {
    const dir = freshDir();
    const first = acquireDataFolderLock(dir, envOf(1001));
    expect(() => acquireDataFolderLock(dir, envOf(2002))).toThrow(DataFolderLockedError);
    try {
      acquireDataFolderLock(dir, envOf(2002));
    } catch (error) {
      expect((error as DataFolderLockedError).text).toMatchObject({
        key: 'ops:lock.held',
        params: { pid: 1001, dir },
      });
    }
    first.release();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    const second = acquireDataFolderLock(dir, envOf(2002));
    expect(JSON.parse(readFileSync(second.path, 'utf8'))).toMatchObject({ pid: 2002, host: 'host-a' });
    second.release();
  });

  it('takes over the lock of a process that died (real pid check)', () => {
    const dir = freshDir();
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid, host: 'host-a', since: 'x' }));
    const lock = acquireDataFolderLock(dir, { ...envOf(process.pid), alive: (p) => isAlive(p) });
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('keeps a live holder out for real (this very test process holds it)', () => {
    const dir = freshDir();
    writeFileSync(
      join(dir, LOCK_FILE_NAME),
      JSON.stringify({ pid: process.ppid, host: 'host-a', since: 'x' }),
    );
    expect(() => acquireDataFolderLock(dir, { ...envOf(process.pid), alive: isAlive })).toThrow(
      DataFolderLockedError,
    );
  });

  it('takes over a lock naming its own pid (a restarted container is pid 1 again)', () => {
    const dir = freshDir();
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: 1, host: 'host-a', since: 'x' }));
    acquireDataFolderLock(dir, envOf(1)).release();
  });

  it('treats a holder on another host as live, and an unreadable lock as stale', () => {
    const dir = freshDir();
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: 5, host: 'host-b', since: 'x' }));
    expect(() =>
      acquireDataFolderLock(
        dir,
        envOf(6, () => false),
      ),
    ).toThrow(DataFolderLockedError);
    writeFileSync(join(dir, LOCK_FILE_NAME), '{"pi');
    acquireDataFolderLock(
      dir,
      envOf(6, () => true),
    ).release();
  });

  it('a release after a takeover does not remove the new holder’s lock', () => {
    const dir = freshDir();
    const old = acquireDataFolderLock(dir, envOf(7));
    const taken = acquireDataFolderLock(
      dir,
      envOf(8, (pid) => pid !== 7),
    );
    old.release();
    expect(JSON.parse(readFileSync(taken.path, 'utf8')).pid).toBe(8);
    taken.release();
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
