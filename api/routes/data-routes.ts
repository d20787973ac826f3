import type { OpenTradeConfig } from '../../core/config/schema';
import type { GatewayData } from '../data/gateway-data';
import type { RouteSpec } from '../http/route-spec';
import { backtestsRoutes } from './backtests-routes';
import { intelRoutes } from './intel-routes';
import { ledgerRoutes } from './ledger-routes';
import { llmRoutes } from './llm-routes';
import { notificationsRoutes } from './notifications-routes';
import { sessionsRoutes } from './sessions-routes';
import { strategiesRoutes } from './strategies-routes';

/** Every route backed by the database and Temporal, in the order the OpenAPI document lists them. */
export function dataRoutes(data: GatewayData, config: OpenTradeConfig, env?: NodeJS.ProcessEnv): RouteSpec[] {
  return [
    ...sessionsRoutes(data, config, env),
    ...ledgerRoutes(data),
    ...backtestsRoutes(data, config, env),
    ...strategiesRoutes(data),
    ...llmRoutes(data),
    ...intelRoutes(data, config, env),
    ...notificationsRoutes(data, config),
  ];
}
