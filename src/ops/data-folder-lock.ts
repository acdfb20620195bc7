/**
 * One process per embedded data folder. PGlite is a single-process database: a second process
 * opening the same folder sees a snapshot, and whatever it writes is lost or overwritten when the
 * first one exits. So whoever opens `<DATA_DIR>/pglite` first holds `<DATA_DIR>/icp.lock` (its pid,
 * host and start time); a second process refuses with one line naming the holder, instead of
 * reporting a success that is not kept. A lock left by a dead process (crash, SIGKILL, a container
 * restarted with the same pid) is taken over.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Text } from '../i18n/index.ts';

export const LOCK_FILE_NAME = 'icp.lock';

interface LockContent {
  pid: number;
  host: string;
  since: string;
}

/** Thrown when another live process holds the folder; `text` is the localized one-line refusal. */
export class DataFolderLockedError extends Error {
  override readonly name = 'DataFolderLockedError';
  readonly text: Text;
  constructor(
    readonly dir: string,
    readonly holder: LockContent,
  ) {
    super(`data folder ${dir} is in use by pid ${holder.pid}`);
    this.text = { key: 'ops:lock.held', params: { dir, pid: holder.pid, since: holder.since } };
  }
}

export interface DataFolderLock {
  readonly path: string;
  release(): void;
}

export interface LockEnvironment {
  pid: number;
  host: string;
  now: () => Date;
  /** Whether a process with this pid runs on this host. */
  alive: (pid: number) => boolean;
}

export const processEnvironment: LockEnvironment = {
  pid: process.pid,
  host: hostname(),
  now: () => new Date(),
  alive: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists but belongs to someone else, which still holds the folder.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
};

export function acquireDataFolderLock(
  dir: string,
  env: LockEnvironment = processEnvironment,
): DataFolderLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE_NAME);
  const mine: LockContent = { pid: env.pid, host: env.host, since: env.now().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, mine)) return lockHandle(path, mine);
    const holder = readHolder(path);
    if (holder === 'missing') continue;
    if (holder !== 'unreadable' && isLive(holder, env)) throw new DataFolderLockedError(dir, holder);
    // Stale (or unreadable: not ours to trust): move it aside atomically,
    // so of two processes taking over at once only one removes it and the other retries.
    const aside = `${path}.stale-${env.pid}`;
    try {
      renameSync(path, aside);
      rmSync(aside, { force: true });
    } catch {
      // Someone else moved it first: try again.
    }
  }
  const holder = readHolder(path);
  throw new DataFolderLockedError(
    dir,
    typeof holder === 'object' ? holder : { pid: 0, host: env.host, since: '?' },
  );
}

function isLive(holder: LockContent, env: LockEnvironment): boolean {
  // Our own pid in a lock we did not take is a previous life of this container (pid 1 again).
  if (holder.host === env.host && holder.pid === env.pid) return false;
  // Another host sharing the folder (a network volume): we cannot see its processes, so it holds.
  if (holder.host !== env.host) return true;
  return env.alive(holder.pid);
}

/** Written whole to a private file, then linked into place: link fails if the lock exists, so no reader ever sees half a lock. */
function tryCreate(path: string, content: LockContent): boolean {
  const temp = `${path}.${content.pid}.${process.hrtime.bigint()}`;
  writeFileSync(temp, `${JSON.stringify(content)}\n`, { mode: 0o644 });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function readHolder(path: string): LockContent | 'missing' | 'unreadable' {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const value = JSON.parse(raw) as Partial<LockContent>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return 'unreadable';
    return { pid: value.pid, host: value.host, since: String(value.since ?? '?') };
  } catch {
    return 'unreadable';
  }
}

function lockHandle(path: string, mine: LockContent): DataFolderLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      // Only our own lock: a takeover after we were presumed dead must not be undone by us.
      const holder = readHolder(path);
      if (typeof holder === 'object' && holder.pid === mine.pid && holder.since === mine.since) {
        rmSync(path, { force: true });
      }
    },
  };
}
