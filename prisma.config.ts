// Prisma CLI configuration: the offline recipe (Prisma 6.19's WASM schema engine
// over our wrapped @prisma/adapter-pg). With a config file Prisma no longer reads .env itself.
import { config as loadDotenv } from 'dotenv';
import { defineConfig } from 'prisma/config';
import { createPgAdapterFactory } from './infra/adapters/db/pg-adapter-factory';
import { envFilePath } from './infra/stack/config/paths';

// The same .env as the CLI's: beside the config file.
loadDotenv({ path: envFilePath(), quiet: true });

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  experimental: { adapter: true },
  engine: 'js',
  // Lazy: `prisma generate` must work without a reachable database.
  adapter: async () => createPgAdapterFactory(process.env.DATABASE_URL),
});
