import { Client, Connection } from '@temporalio/client';
import type { OpenTradeConfig } from '../../core/config/schema';
import { UnavailableError } from '../../core/errors';
import { sqlFromPool } from '../../infra/adapters/db/sql';
import { createPrisma } from '../../infra/adapters/db';
import { ExchangeRegistry } from '../../infra/adapters/exchange/exchange-registry';
import { simExchangeFactory } from '../../infra/adapters/exchange/sim-factory';
import type { GatewayData } from './gateway-data';

export interface GatewayEndpoints {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
}

/** The real clients of a gateway process. Nothing connects until first used. */
export function createGatewayData(
  config: OpenTradeConfig,
  endpoints: GatewayEndpoints,
  env: NodeJS.ProcessEnv = process.env,
): GatewayData {
  const prisma = createPrisma(endpoints.databaseUrl);
  const sql = sqlFromPool(endpoints.databaseUrl);
  const registry = new ExchangeRegistry(config.exchanges, env, {
    factories: { sim: (c) => simExchangeFactory(c, env) },
  });
  const simConfigured = config.exchanges.some((x) => x.id === 'sim' || x.name === 'sim');
  let connection: Promise<Connection> | undefined;
  const connect = () => {
    connection ??= Connection.connect({ address: endpoints.temporalAddress, connectTimeout: '5 seconds' }).catch(
      (e: Error) => {
        // Not cached: the next request tries again (Temporal may just be starting).
        connection = undefined;
        // Any failure to connect means the frontend did not answer; the SDK's errors here carry no code to tell.
        throw new UnavailableError('Temporal', `Temporal at ${endpoints.temporalAddress} is unreachable`, {
          hint: 'start the stack (`opentrade up`) or check TEMPORAL_ADDRESS',
          cause: e,
        });
      },
    );
    return connection;
  };
  return {
    prisma,
    sql,
    namespace: config.temporal.namespace,
    temporalUiUrl: endpoints.temporalUiUrl,
    async temporal() {
      return new Client({ connection: await connect(), namespace: config.temporal.namespace });
    },
    // The sim plugin is built per call: it reads the shared clock file, which a session start may
    // have just created at the requested speed.
    venue: (exchange) =>
      exchange === 'sim' && !simConfigured
        ? Promise.resolve(simExchangeFactory({ market: 'spot' }, env))
        : registry.get(exchange),
    async close() {
      await Promise.allSettled([
        registry.close(),
        prisma.$disconnect(),
        sql.close(),
        connection?.then((c) => c.close()),
      ]);
    },
  };
}
