// Every intelligence series OpenTrade knows: which provider serves it, which agent reads it, what its
// number means, and how late it is published and goes stale. A series id not in this list is refused
// wherever one is named (CLI, API, config), so a typo is an error rather than an empty chart.
import { NotFoundError } from '../errors';

export const INTEL_PROVIDER_IDS = ['fear_greed', 'news', 'mempool', 'blockchain', 'defillama', 'fred'] as const;
export type IntelProviderId = (typeof INTEL_PROVIDER_IDS)[number];

export type IntelAgent = 'sentiment' | 'onchain' | 'macro';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface SeriesSpec {
  id: string;
  provider: IntelProviderId;
  agent: IntelAgent;
  label: string;
  unit: string;
  cadence: 'intraday' | 'daily' | 'monthly';
  /**
   * How long after the period it describes (observedAt) a value is published, by the provider's own
   * schedule, taken on the late side. A value fetched as history is taken to have been known
   * observedAt + this, never earlier: a backtest must not see it sooner than a live cycle could have.
   */
  publicationLagMs: number;
  /** A latest value whose period ended longer ago than this is stale: the agent abstains naming it. */
  staleAfterMs: number;
}

const spec = (s: SeriesSpec) => s;

export const INTEL_SERIES = [
  spec({
    id: 'fear_greed.index',
    provider: 'fear_greed',
    agent: 'sentiment',
    label: 'Crypto Fear & Greed index (0 extreme fear .. 100 extreme greed)',
    unit: 'index',
    cadence: 'daily',
    publicationLagMs: 0,
    staleAfterMs: 2 * DAY,
  }),
  spec({
    id: 'mempool.fee_fastest',
    provider: 'mempool',
    agent: 'onchain',
    label: 'Bitcoin next-block fee rate',
    unit: 'sat/vB',
    cadence: 'intraday',
    publicationLagMs: 0,
    staleAfterMs: 3 * HOUR,
  }),
  spec({
    id: 'mempool.fee_hour',
    provider: 'mempool',
    agent: 'onchain',
    label: 'Bitcoin fee rate to confirm within an hour',
    unit: 'sat/vB',
    cadence: 'intraday',
    publicationLagMs: 0,
    staleAfterMs: 3 * HOUR,
  }),
  spec({
    id: 'mempool.vsize',
    provider: 'mempool',
    agent: 'onchain',
    label: 'Bitcoin mempool size',
    unit: 'vMB',
    cadence: 'intraday',
    publicationLagMs: 0,
    staleAfterMs: 3 * HOUR,
  }),
  spec({
    id: 'mempool.tx_count',
    provider: 'mempool',
    agent: 'onchain',
    label: 'Bitcoin unconfirmed transactions',
    unit: 'transactions',
    cadence: 'intraday',
    publicationLagMs: 0,
    staleAfterMs: 3 * HOUR,
  }),
  spec({
    id: 'mempool.block_height',
    provider: 'mempool',
    agent: 'onchain',
    label: 'Bitcoin block height',
    unit: 'blocks',
    cadence: 'intraday',
    publicationLagMs: 0,
    staleAfterMs: 3 * HOUR,
  }),
  spec({
    id: 'blockchain.hash_rate',
    provider: 'blockchain',
    agent: 'onchain',
    label: 'Bitcoin network hash rate (daily)',
    unit: 'TH/s',
    cadence: 'daily',
    publicationLagMs: DAY,
    staleAfterMs: 4 * DAY,
  }),
  spec({
    id: 'blockchain.transactions',
    provider: 'blockchain',
    agent: 'onchain',
    label: 'Bitcoin confirmed transactions per day',
    unit: 'transactions',
    cadence: 'daily',
    publicationLagMs: DAY,
    staleAfterMs: 4 * DAY,
  }),
  spec({
    id: 'defillama.stablecoins.all',
    provider: 'defillama',
    agent: 'onchain',
    label: 'Stablecoin supply, all chains',
    unit: 'USD',
    cadence: 'daily',
    publicationLagMs: DAY,
    staleAfterMs: 4 * DAY,
  }),
  spec({
    id: 'defillama.stablecoins.ethereum',
    provider: 'defillama',
    agent: 'onchain',
    label: 'Stablecoin supply on Ethereum',
    unit: 'USD',
    cadence: 'daily',
    publicationLagMs: DAY,
    staleAfterMs: 4 * DAY,
  }),
  spec({
    id: 'defillama.stablecoins.tron',
    provider: 'defillama',
    agent: 'onchain',
    label: 'Stablecoin supply on Tron',
    unit: 'USD',
    cadence: 'daily',
    publicationLagMs: DAY,
    staleAfterMs: 4 * DAY,
  }),
  spec({
    id: 'defillama.tvl.ethereum',
    provider: 'defillama',
    agent: 'onchain',
    label: 'DeFi total value locked on Ethereum',
    unit: 'USD',
    cadence: 'daily',
    publicationLagMs: DAY,
    staleAfterMs: 4 * DAY,
  }),
  spec({
    id: 'defillama.tvl.solana',
    provider: 'defillama',
    agent: 'onchain',
    label: 'DeFi total value locked on Solana',
    unit: 'USD',
    cadence: 'daily',
    publicationLagMs: DAY,
    staleAfterMs: 4 * DAY,
  }),
  // FRED daily series are published the next US business day; weekends and holidays add up to 3 days.
  spec({
    id: 'fred.DGS10',
    provider: 'fred',
    agent: 'macro',
    label: 'US 10-year Treasury yield',
    unit: '%',
    cadence: 'daily',
    publicationLagMs: 2 * DAY,
    staleAfterMs: 6 * DAY,
  }),
  spec({
    id: 'fred.T10Y2Y',
    provider: 'fred',
    agent: 'macro',
    label: 'US 10-year minus 2-year Treasury spread (negative: inverted curve)',
    unit: 'percentage points',
    cadence: 'daily',
    publicationLagMs: 2 * DAY,
    staleAfterMs: 6 * DAY,
  }),
  spec({
    id: 'fred.VIXCLS',
    provider: 'fred',
    agent: 'macro',
    label: 'CBOE VIX close',
    unit: 'index',
    cadence: 'daily',
    publicationLagMs: 2 * DAY,
    staleAfterMs: 6 * DAY,
  }),
  spec({
    id: 'fred.DTWEXBGS',
    provider: 'fred',
    agent: 'macro',
    label: 'Broad US dollar index (trade weighted)',
    unit: 'index',
    cadence: 'daily',
    publicationLagMs: 8 * DAY,
    staleAfterMs: 14 * DAY,
  }),
  // Monthly series: observedAt is the month's first day; FEDFUNDS is out early the next month, CPI mid-month.
  spec({
    id: 'fred.FEDFUNDS',
    provider: 'fred',
    agent: 'macro',
    label: 'Effective federal funds rate (monthly average)',
    unit: '%',
    cadence: 'monthly',
    publicationLagMs: 35 * DAY,
    staleAfterMs: 70 * DAY,
  }),
  spec({
    id: 'fred.CPIAUCSL',
    provider: 'fred',
    agent: 'macro',
    label: 'US consumer price index (CPI-U, seasonally adjusted)',
    unit: 'index 1982-84=100',
    cadence: 'monthly',
    publicationLagMs: 48 * DAY,
    staleAfterMs: 80 * DAY,
  }),
] as const satisfies readonly SeriesSpec[];

export type SeriesId = (typeof INTEL_SERIES)[number]['id'];

const BY_ID = new Map<string, SeriesSpec>(INTEL_SERIES.map((s) => [s.id, s]));

export function isSeriesId(id: string): id is SeriesId {
  return BY_ID.has(id);
}

/** The series' spec; an unknown id is an error naming the known ones. */
export function seriesSpec(id: string): SeriesSpec {
  const s = BY_ID.get(id);
  if (!s) throw new UnknownSeriesError(id);
  return s;
}

export function seriesOf(provider: IntelProviderId): SeriesSpec[] {
  return INTEL_SERIES.filter((s) => s.provider === provider);
}

export function seriesFor(agent: IntelAgent): SeriesSpec[] {
  return INTEL_SERIES.filter((s) => s.agent === agent);
}

export function isProviderId(id: string): id is IntelProviderId {
  return (INTEL_PROVIDER_IDS as readonly string[]).includes(id);
}

/** An id no series has (CLI, API, config): a 404 at the gateway, a usage error in the CLI. */
export class UnknownSeriesError extends NotFoundError {
  constructor(readonly seriesId: string) {
    super(`unknown intelligence series "${seriesId}"`, {
      hint: `known series: ${INTEL_SERIES.map((s) => s.id).join(', ')}`,
    });
  }
}

export class UnknownProviderError extends NotFoundError {
  constructor(readonly providerId: string) {
    super(`unknown intelligence provider "${providerId}"`, {
      hint: `known providers: ${INTEL_PROVIDER_IDS.join(', ')}`,
    });
  }
}
