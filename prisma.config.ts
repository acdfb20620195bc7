import { defineConfig } from 'prisma/config';

// The CLI downloads its native schema engine on every command, which fails offline. `generate`
// does not use it, so any existing file will do; migrations go through the WASM engine instead
// (scripts/db-migration.ts, src/db/migrations.ts).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
