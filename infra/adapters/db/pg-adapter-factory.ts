import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { CatalogTextClient } from './catalog-text-client';
import { parseDatabaseUrl, requireDatabaseUrl, type DbConnectionConfig } from './connection-config';
import { quoteIdent } from './quote-ident';

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

/** What Prisma's client and its JS schema engine need: a driver adapter factory aware of shadow databases. */
export type OpenTradePgAdapterFactory = {
  readonly provider: 'postgres';
  readonly adapterName: string;
  connect(): Promise<PgAdapter>;
  connectToShadowDb(): Promise<PgAdapter>;
};

// Defect 4: adapter-pg splits scripts on every `;`, which breaks `$$` bodies, string literals and
// comments. A parameterless query goes over pg's simple protocol, which runs the script whole.
function sendScriptsWhole(adapter: PgAdapter): PgAdapter {
  adapter.executeScript = async (script: string) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

/**
 * @prisma/adapter-pg 6.19.3 wrapped against its four known defects (infra/adapters/db/README.md):
 * (1) `name`/`"char"` columns fail to deserialize: CatalogTextClient presents them as text;
 * (2) a connection string makes the shadow pool connect to the main database: discrete settings only;
 * (3) the shadow database is dropped while its pool is open: close the pool, then drop;
 * (4) scripts are split on `;`: sent whole.
 */
export function createPgAdapterFactory(databaseUrl?: string): OpenTradePgAdapterFactory {
  const { pool, schema }: DbConnectionConfig = parseDatabaseUrl(requireDatabaseUrl(databaseUrl));
  const options = schema ? { schema } : undefined;
  // allowExitOnIdle: the Prisma CLI never disposes its adapter, so idle pooled connections kept it
  // alive for pg's 10 s idle timeout after every command. Servers stay alive through their own handles.
  // A `?schema=` is also the connections' search_path (parseDatabaseUrl): Prisma qualifies its own
  // queries, but the schema engine creates `_prisma_migrations` unqualified.
  const poolConfig = { ...pool, Client: CatalogTextClient, allowExitOnIdle: true };
  const base = new PrismaPg(poolConfig, options);

  return {
    provider: 'postgres',
    adapterName: base.adapterName,
    async connect() {
      return sendScriptsWhole(await base.connect());
    },
    async connectToShadowDb() {
      const main = sendScriptsWhole(await base.connect());
      const database = `prisma_migrate_shadow_db_${randomUUID()}`;
      try {
        await main.executeScript(`CREATE DATABASE ${quoteIdent(database)}`);
      } catch (error) {
        await main.dispose();
        throw error;
      }
      const shadow = sendScriptsWhole(await new PrismaPg({ ...poolConfig, database }, options).connect());
      const closeShadowPool = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        try {
          await closeShadowPool();
          // FORCE (PG 13+) ends any straggling session the engine still holds.
          await main.executeScript(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
        } finally {
          await main.dispose();
        }
      };
      return shadow;
    },
  };
}
