import { defineConfig } from 'prisma/config';

// Only `prisma generate` uses this file: migrations are applied by lib/db/migrate.ts at start and created by
// scripts/create-migration.ts (Prisma's WebAssembly schema engine), because the CLI's native engine is not
// downloadable everywhere we run.
export default defineConfig({
  schema: 'prisma/schema.prisma',
});
