// News headlines from the outlets' public RSS/Atom feeds (the config's list), keyless. A feed holds
// only its latest entries, so history(range) is what the feeds hold now within the range. The feeds
// are separate hosts, asked side by side, each paced on its own; a feed that fails is a skipped item
// naming its error, and only when every feed fails does the fetch fail.
import type { FetchResult, Headline, SkippedItem } from '../../../core/intel/observation';
import type { DataProvider, TimeRange } from '../../../core/intel/provider';
import { dedupeHeadlines, parseFeed } from './feed-parse';
import { createIntelHttp, type IntelHttp } from './intel-http';
import { ProviderError } from './provider-error';
import type { ProviderOptions } from './provider-options';

/** Per feed host: a feed changes every few minutes, and the sync asks every 15. */
const REQUESTS_PER_MINUTE = 10;
/** Larger than any outlet's feed by far: a body beyond it is not a feed we read. */
const FEED_MAX_BYTES = 5 * 1024 * 1024;

export interface NewsFeed {
  id: string;
  url: string;
}

interface FeedAnswer {
  feed: NewsFeed;
  headlines: Headline[];
  skipped: SkippedItem[];
}

export function createNewsProvider(o: ProviderOptions & { feeds: readonly NewsFeed[] }): DataProvider {
  const feeds = o.feeds.map((feed) => ({
    feed,
    http: createIntelHttp({
      provider: 'news',
      timeoutMs: o.timeoutMs,
      requestsPerMinute: REQUESTS_PER_MINUTE,
      fetch: o.fetch,
      sleep: o.sleep,
    }) as IntelHttp,
  }));

  async function readFeed(feed: NewsFeed, http: IntelHttp, now: number): Promise<FeedAnswer> {
    const xml = await http.text(feed.url, {
      accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5',
    });
    if (xml.length > FEED_MAX_BYTES)
      throw new ProviderError('news', 'malformed', `feed ${feed.id}: ${xml.length} characters, more than a feed holds`);
    const parsed = parseFeed({ source: feed.id, xml, feedUrl: feed.url, now });
    return { feed, headlines: parsed.headlines, skipped: parsed.skipped };
  }

  /** Every feed at once; one's failure is recorded beside the others' headlines. */
  async function readAll(now: number): Promise<FetchResult> {
    if (feeds.length === 0) return { observations: [], headlines: [], skipped: [] };
    const settled = await Promise.allSettled(feeds.map((f) => readFeed(f.feed, f.http, now)));
    const headlines: Headline[] = [];
    const skipped: SkippedItem[] = [];
    const failures: ProviderError[] = [];
    settled.forEach((s, i) => {
      const id = feeds[i].feed.id;
      if (s.status === 'fulfilled') {
        headlines.push(...s.value.headlines);
        skipped.push(...s.value.skipped);
        return;
      }
      // A bug of ours is not a feed failure: let it surface.
      if (!(s.reason instanceof ProviderError)) throw s.reason;
      failures.push(s.reason);
      skipped.push({ what: id, reason: `${s.reason.kind}: ${s.reason.message}` });
    });
    if (failures.length === feeds.length) {
      const first = failures[0];
      throw new ProviderError(
        'news',
        first.kind,
        `every feed failed (${feeds.length}): ${skipped.map((s) => `${s.what}: ${s.reason}`).join('; ')}`,
        { status: first.details.status, retryAfterMs: first.details.retryAfterMs, cause: first },
      );
    }
    return { observations: [], headlines: dedupeHeadlines(headlines), skipped };
  }

  return {
    id: 'news',
    capabilities: { series: [], headlines: true, history: false },
    rateLimit: { requestsPerMinute: REQUESTS_PER_MINUTE },
    latest: readAll,
    async history(range: TimeRange, now: number) {
      const r = await readAll(now);
      return { ...r, headlines: r.headlines.filter((h) => h.publishedAt >= range.from && h.publishedAt <= range.to) };
    },
    async health() {
      const started = Date.now();
      if (feeds.length === 0) return { ok: false, detail: 'no feeds configured', latencyMs: 0 };
      const settled = await Promise.allSettled(feeds.map((f) => readFeed(f.feed, f.http, Date.now())));
      const failed = settled.flatMap((s, i) =>
        s.status === 'rejected'
          ? [`${feeds[i].feed.id}: ${s.reason instanceof Error ? s.reason.message : String(s.reason)}`]
          : [],
      );
      const answered = feeds.length - failed.length;
      const detail = `${answered}/${feeds.length} feeds answer${failed.length ? `; ${failed.join('; ')}` : ''}`;
      return { ok: answered > 0, detail, latencyMs: Date.now() - started };
    },
  };
}
