import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

type WasmExports = Record<string, unknown>;
type Bindings = typeof bindings & { __wbg_set_wasm(exports: WasmExports): void };
// lib "ES2023" has no WebAssembly declarations; Node provides the global.
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: WasmExports } }>;
    };
  }
).WebAssembly;

let ready: Promise<void> | undefined;

/**
 * Node 20 cannot import `.wasm` as an ES module (the package's entry does), so the module is
 * compiled by hand and handed to the wasm-bindgen glue. Once per process: the glue keeps one
 * instance in module state.
 */
function loadWasm(): Promise<void> {
  ready ??= (async () => {
    const glue = bindings as Bindings;
    const entry = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm');
    const bytes = await readFile(join(entry, '..', 'schema_engine_bg.wasm'));
    const { instance } = await wasmApi.instantiate(bytes, { './schema_engine_bg.js': withUnrefTimers(glue) });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return ready;
}

/**
 * The engine arms a 10 s timer per request and never clears it; left referenced, it keeps a
 * process that has finished (e.g. `npm start` after `/exit`) alive for those 10 s.
 */
function withUnrefTimers(glue: Bindings): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const name of Object.keys(glue).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
    imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
  }
  return imports;
}

/** A schema engine bound to a driver adapter; the caller must `free()` it. */
export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  onLog: (message: string) => void = () => {},
): Promise<bindings.SchemaEngine> {
  await loadWasm();
  return bindings.SchemaEngine.new(
    { datamodels: undefined },
    (message: unknown) => onLog(typeof message === 'string' ? message : JSON.stringify(message)),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}
