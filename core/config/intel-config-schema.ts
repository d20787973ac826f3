// The `intel` section of the config: which intelligence providers sync, how often, where they are
// reached (a base URL the tests point at their local servers) and, for FRED, the name of the
// environment variable holding its optional key. Every provider works keyless.
import { z } from 'zod';
import { envVarName } from './env-var-name';

const baseUrl = z.url({ protocol: /^https?$/ });
const interval = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 60);

const provider = (defaults: { intervalMinutes: number; baseUrl: string }) =>
  z
    .object({
      enabled: z.boolean().default(true),
      intervalMinutes: interval.default(defaults.intervalMinutes),
      baseUrl: baseUrl.default(defaults.baseUrl),
    })
    .strict();

const withDefaults = <S extends z.ZodType>(schema: S) => schema.default(schema.parse({}) as never);

const feed = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be 1-40 lower-case letters, digits, - or _'),
    url: baseUrl,
  })
  .strict();

export const DEFAULT_NEWS_FEEDS = [
  { id: 'coindesk', url: 'https://www.coindesk.com/arc/outboundfeeds/rss/' },
  { id: 'cointelegraph', url: 'https://cointelegraph.com/rss' },
  { id: 'decrypt', url: 'https://decrypt.co/feed' },
  { id: 'theblock', url: 'https://www.theblock.co/rss.xml' },
  { id: 'bitcoinmagazine', url: 'https://bitcoinmagazine.com/.rss/full/' },
];

export const IntelConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Per request; a slower answer is a timeout the sync records. */
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    /** Days of history the first sync of a series backfills. */
    backfillDays: z.number().int().min(0).max(3650).default(90),
    fear_greed: withDefaults(provider({ intervalMinutes: 60, baseUrl: 'https://api.alternative.me' })),
    news: withDefaults(
      z
        .object({
          enabled: z.boolean().default(true),
          intervalMinutes: interval.default(15),
          feeds: z
            .array(feed)
            .default(DEFAULT_NEWS_FEEDS)
            .refine((f) => new Set(f.map((x) => x.id)).size === f.length, 'feed ids must be unique'),
        })
        .strict(),
    ),
    mempool: withDefaults(provider({ intervalMinutes: 10, baseUrl: 'https://mempool.space' })),
    blockchain: withDefaults(provider({ intervalMinutes: 360, baseUrl: 'https://api.blockchain.info' })),
    defillama: withDefaults(
      z
        .object({
          enabled: z.boolean().default(true),
          intervalMinutes: interval.default(360),
          /** Stablecoin supply (stablecoins.llama.fi) and chain TVL (api.llama.fi) are two hosts. */
          stablecoinsUrl: baseUrl.default('https://stablecoins.llama.fi'),
          tvlUrl: baseUrl.default('https://api.llama.fi'),
        })
        .strict(),
    ),
    fred: withDefaults(
      z
        .object({
          enabled: z.boolean().default(true),
          intervalMinutes: interval.default(360),
          /** The JSON API (needs the free key); without a key the keyless CSV download is used. */
          apiUrl: baseUrl.default('https://api.stlouisfed.org'),
          csvUrl: baseUrl.default('https://fred.stlouisfed.org'),
          apiKeyEnv: envVarName.default('FRED_API_KEY'),
        })
        .strict(),
    ),
  })
  .strict();

export type IntelConfig = z.infer<typeof IntelConfigSchema>;
