// The enabled intelligence providers, built from the config's `intel` section: URLs from the config,
// FRED's optional key from the environment variable the config names (never from the config file).
import type { IntelConfig } from '../../../core/config/intel-config-schema';
import type { DataProvider } from '../../../core/intel/provider';
import type { IntelProviderId } from '../../../core/intel/series';
import { createBlockchainProvider } from './blockchain-com';
import { createDefiLlamaProvider } from './defillama';
import { createFearGreedProvider } from './fear-greed';
import { createFredProvider } from './fred';
import { createMempoolProvider } from './mempool-space';
import { createNewsProvider } from './news-feeds';
import type { ProviderOptions } from './provider-options';

export function createIntelProviders(
  config: IntelConfig,
  env: Record<string, string | undefined>,
  o: { fetch?: typeof fetch; sleep?: (ms: number) => Promise<void> } = {},
): Map<IntelProviderId, DataProvider> {
  const out = new Map<IntelProviderId, DataProvider>();
  if (!config.enabled) return out;
  const common: ProviderOptions = { timeoutMs: config.timeoutMs, fetch: o.fetch, sleep: o.sleep };
  if (config.fear_greed.enabled)
    out.set('fear_greed', createFearGreedProvider({ ...common, baseUrl: config.fear_greed.baseUrl }));
  if (config.news.enabled) out.set('news', createNewsProvider({ ...common, feeds: config.news.feeds }));
  if (config.mempool.enabled) out.set('mempool', createMempoolProvider({ ...common, baseUrl: config.mempool.baseUrl }));
  if (config.blockchain.enabled)
    out.set('blockchain', createBlockchainProvider({ ...common, baseUrl: config.blockchain.baseUrl }));
  if (config.defillama.enabled)
    out.set(
      'defillama',
      createDefiLlamaProvider({
        ...common,
        stablecoinsUrl: config.defillama.stablecoinsUrl,
        tvlUrl: config.defillama.tvlUrl,
      }),
    );
  if (config.fred.enabled) {
    const apiKey = env[config.fred.apiKeyEnv]?.trim() || undefined;
    out.set(
      'fred',
      createFredProvider({
        ...common,
        apiUrl: config.fred.apiUrl,
        csvUrl: config.fred.csvUrl,
        ...(apiKey ? { apiKey } : {}),
      }),
    );
  }
  return out;
}
