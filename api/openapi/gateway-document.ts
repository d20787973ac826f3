// The gateway's whole OpenAPI document. The route specs only reach their clients inside handlers, so
// the document can be built without a database or Temporal: the gateway serves it, and
// scripts/gen-api-types.ts turns it into the dashboard's types.
import { version } from '../../package.json';
import type { OpenTradeConfig } from '../../core/config/schema';
import type { GatewayData } from '../data/gateway-data';
import { dataRoutes } from '../routes/data-routes';
import { buildOpenApi, type RouteDoc } from './build-openapi';
import { BUILT_IN_DOCS } from './built-in-docs';

export const API_PREFIX = '/api/v1';

export function gatewayOpenApi(specs: readonly RouteDoc[]): Record<string, unknown> {
  return buildOpenApi([...BUILT_IN_DOCS, ...specs], { title: 'OpenTrade gateway', version, prefix: API_PREFIX });
}

/** The document of a gateway that has its data routes, from specs whose handlers never run (so no clients and no config). */
export function fullGatewayOpenApi(): Record<string, unknown> {
  return gatewayOpenApi(dataRoutes({} as GatewayData, {} as OpenTradeConfig, {}));
}
