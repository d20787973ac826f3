// Prisma CLI configuration: the offline recipe (Prisma 6.19's WASM schema engine
// over our wrapped @prisma/adapter-pg). With a config file Prisma no longer reads .env itself.
import { config as loadDotenv } from 'dotenv';
import { defineConfig } from 'prisma/config';
import { createPgAdapterFactory } from './infra/adapters/db/pg-adapter-factory';

loadDotenv({ quiet: true });

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  experimental: { adapter: true },
  engine: 'js',
  // Lazy: `prisma generate` must work without a reachable database.
  adapter: async () => createPgAdapterFactory(process.env.DATABASE_URL),
});
