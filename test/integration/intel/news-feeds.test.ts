// The real news provider against local RSS 2.0 and Atom feeds.
import { createNewsProvider } from '../../../infra/adapters/intel/news-feeds';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';
import {
  ATOM_PATH,
  COINDESK_PATH,
  sampleItems,
  startNewsFeedServer,
  type NewsFeedServer,
} from '../../fixtures/intel/news-feed-server';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 4, 14, 0);

let server: NewsFeedServer;
const feeds = () => [
  { id: 'coindesk', url: server.feedUrl(COINDESK_PATH) },
  { id: 'blog', url: server.feedUrl(ATOM_PATH) },
];
const provider = (timeoutMs = 2000, list = feeds()) => createNewsProvider({ feeds: list, timeoutMs });

beforeEach(async () => {
  server = await startNewsFeedServer({ now: NOW });
});
afterEach(() => server.close());

it('reads both feeds: each headline with its source, guid, plain title, link and publication time', async () => {
  const r = await provider().latest(NOW);
  expect(r.skipped).toEqual([]);
  expect(r.observations).toEqual([]);
  const bySource = (s: string) => r.headlines.filter((h) => h.source === s);
  expect(bySource('coindesk')).toHaveLength(5);
  expect(bySource('blog')).toHaveLength(4);
  const first = bySource('coindesk')[0];
  expect(first).toEqual({
    source: 'coindesk',
    guid: sampleItems(NOW, 'https://www.coindesk.com')[0].guid,
    title: 'Bitcoin Holds Above $90K as ETF Inflows Resume (CoinDesk 1)',
    url: 'https://www.coindesk.com/markets/2026/12/04/coindesk-story-1',
    publishedAt: NOW - HOUR,
    knownAt: NOW - HOUR,
  });
  expect(bySource('blog')[0].publishedAt).toBe(NOW - 30 * 60_000 - HOUR);
  // Each feed once, asking for a feed.
  expect(
    server
      .requests()
      .map((q) => q.path)
      .sort(),
  ).toEqual([ATOM_PATH, COINDESK_PATH].sort());
  expect(server.requests()[0].headers.accept).toContain('application/rss+xml');
});

it('deduplicates a repeated guid and the same story syndicated in another feed; cleans titles', async () => {
  const story = {
    title: 'Bitcoin <b>ETF</b> &amp; Flows\n   Record',
    link: 'https://www.coindesk.com/markets/x',
    guid: 'g-1',
    publishedAt: NOW - 2 * HOUR,
  };
  server.setFeed(COINDESK_PATH, {
    format: 'rss',
    title: 'CoinDesk',
    site: 'https://www.coindesk.com',
    items: [story, story],
  });
  server.setFeed(ATOM_PATH, {
    format: 'atom',
    title: 'Blog',
    site: 'https://blog.example.org',
    items: [{ ...story, title: 'Bitcoin ETF & Flows Record', guid: 'tag:other' }],
  });
  const r = await provider().latest(NOW);
  expect(r.headlines.map((h) => [h.source, h.title])).toEqual([['coindesk', 'Bitcoin ETF & Flows Record']]);
});

it('skips entries without title or date, with an unreadable or future date, naming why', async () => {
  server.setFeed(COINDESK_PATH, {
    format: 'rss',
    title: 'CoinDesk',
    site: 'https://www.coindesk.com',
    items: [
      { title: 'Good', link: 'https://c/1', guid: '1', publishedAt: NOW - HOUR },
      { title: '  ', link: 'https://c/2', guid: '2', publishedAt: NOW - HOUR },
      { title: 'No date', link: 'https://c/3', guid: '3' },
      { title: 'Bad date', link: 'https://c/4', guid: '4', dateText: '32 Dec 2026 10:00:00 GMT' },
      { title: 'Tomorrow', link: 'https://c/5', guid: '5', publishedAt: NOW + 24 * HOUR },
    ],
  });
  const r = await provider(2000, [feeds()[0]]).latest(NOW);
  expect(r.headlines.map((h) => h.title)).toEqual(['Good']);
  expect(r.skipped).toEqual([
    { what: 'coindesk entry 2 ("2")', reason: 'no title' },
    { what: 'coindesk entry 3 ("3")', reason: 'no publication date' },
    { what: 'coindesk entry 4 ("4")', reason: 'unreadable publication date "32 Dec 2026 10:00:00 GMT"' },
    { what: 'coindesk entry 5 ("5")', reason: `published ${new Date(NOW + 24 * HOUR).toISOString()}, in the future` },
  ]);
});

it.each([
  ['HTTP 500', { status: 500 }, 'http'],
  ['a 429 with a long Retry-After', { status: 429, retryAfter: '3600' }, 'rate_limited'],
  ['a slow answer', { delayMs: 1500 }, 'timeout'],
  ['malformed XML', { malformed: '<rss version="2.0"><channel><item><title>cut' }, 'malformed'],
  ['an HTML page', { malformed: '<!DOCTYPE html><html><body>Just a moment...</body></html>' }, 'malformed'],
] as const)('one feed failing (%s) keeps the other feed and records the failure', async (_, fault, kind) => {
  server.setFault(ATOM_PATH, fault);
  const r = await provider(400).latest(NOW);
  expect(r.headlines.map((h) => h.source)).toEqual(Array(5).fill('coindesk'));
  expect(r.skipped).toHaveLength(1);
  expect(r.skipped[0].what).toBe('blog');
  expect(r.skipped[0].reason.startsWith(`${kind}: `)).toBe(true);
});

it('every feed failing is a ProviderError naming each feed', async () => {
  server.setFault(COINDESK_PATH, { status: 503 });
  server.setFault(ATOM_PATH, { drop: true });
  const e = (await provider()
    .latest(NOW)
    .catch((x: unknown) => x)) as ProviderError;
  expect(e).toBeInstanceOf(ProviderError);
  expect(e.kind).toBe('http');
  expect(e.message).toContain('every feed failed (2)');
  expect(e.message).toContain('coindesk: http');
  expect(e.message).toContain('blog: network');
});

it('history returns what the feeds hold within the range', async () => {
  const r = await provider().history({ from: NOW - 2.5 * HOUR, to: NOW - 1.2 * HOUR }, NOW);
  // CoinDesk entries at -2h (the -1h one is after the range's end), the blog's at -1.5h and -2.5h.
  expect(r.headlines.map((h) => [h.source, (NOW - h.publishedAt) / HOUR])).toEqual([
    ['coindesk', 2],
    ['blog', 1.5],
    ['blog', 2.5],
  ]);
});

it('health: ok while any feed answers, never throws', async () => {
  expect(await provider().health()).toMatchObject({ ok: true, detail: '2/2 feeds answer' });
  server.setFault(COINDESK_PATH, { status: 500 });
  expect(await provider().health()).toMatchObject({
    ok: true,
    detail: expect.stringMatching(/^1\/2 feeds answer; coindesk: /),
  });
  server.setFault(ATOM_PATH, { status: 500 });
  expect((await provider().health()).ok).toBe(false);
});

it('capabilities: headlines, no series, no history', () => {
  expect(provider().capabilities).toEqual({ series: [], headlines: true, history: false });
});
