import type { DraftFiling } from './catalog-types.ts';

/** Reads a dotted path (`websites.0.access.ips`) from a JSON document; undefined when any step is missing. */
/** Paths split once: the same few hundred field paths are read many times per answer. */
const splitPaths = new Map<string, readonly string[]>();

function keysOf(path: string): readonly string[] {
  let keys = splitPaths.get(path);
  if (!keys) {
    if (splitPaths.size >= 10_000) splitPaths.clear();
    keys = path.split('.');
    splitPaths.set(path, keys);
  }
  return keys;
}

export function getAt(doc: unknown, path: string): unknown {
  let node: unknown = doc;
  for (const key of keysOf(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Returns a copy of `doc` with `value` at `path`, creating objects and arrays on the way. */
export function setAt(doc: DraftFiling, path: string, value: unknown): DraftFiling {
  const keys = path.split('.');
  const root: DraftFiling = structuredClone(doc);
  let node: Record<string, unknown> | unknown[] = root;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const container = node as Record<string, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    let next = container[key];
    if (next === null || typeof next !== 'object') {
      next = /^\d+$/.test(keys[i + 1]!) ? [] : {};
      container[key] = next;
    }
    node = next as Record<string, unknown>;
  });
  return root;
}

/** Returns a copy of `doc` without the value at `path` (array elements are removed, not left as holes). */
export function deleteAt(doc: DraftFiling, path: string): DraftFiling {
  const keys = path.split('.');
  const root: DraftFiling = structuredClone(doc);
  const parent = getAt(root, keys.slice(0, -1).join('.')) ?? (keys.length === 1 ? root : undefined);
  const last = keys[keys.length - 1]!;
  const container = keys.length === 1 ? root : parent;
  if (Array.isArray(container) && /^\d+$/.test(last)) container.splice(Number(last), 1);
  else if (container && typeof container === 'object') delete (container as Record<string, unknown>)[last];
  return root;
}
