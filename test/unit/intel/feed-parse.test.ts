import { dedupeHeadlines, FEED_MAX_ENTRIES, parseFeed } from '../../../infra/adapters/intel/feed-parse';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';

const NOW = Date.UTC(2026, 11, 4, 14, 0);

// As CoinDesk serves it: CDATA titles, non-permalink guids, RFC 822 dates, namespaced extras.
const COINDESK = `<?xml version="1.0" encoding="UTF-8"?><rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" version="2.0"><channel><title><![CDATA[CoinDesk: Bitcoin, Ethereum, Crypto News and Price Data]]></title><link>https://www.coindesk.com</link><atom:link href="https://www.coindesk.com/arc/outboundfeeds/rss/" rel="self" type="application/rss+xml"/>
<item><title><![CDATA[Bitcoin <em>Holds</em> $90K &amp; Ether Slips]]></title><link>https://www.coindesk.com/markets/2026/12/04/bitcoin-holds</link><guid isPermaLink="false">8d1c2f3e-aaaa-4c2e-9b1d-1</guid><dc:creator><![CDATA[Jane Doe]]></dc:creator><description><![CDATA[<p>Prices...</p>]]></description><pubDate>Fri, 04 Dec 2026 13:40:00 +0000</pubDate><category>Markets</category><media:content url="https://x/y.jpg" medium="image"><media:title>not the title</media:title></media:content></item>
<item><title>ETF Flows Turn Positive</title><link>https://www.coindesk.com/markets/2026/12/04/etf-flows</link><pubDate>Fri, 04 Dec 2026 12:00:00 GMT</pubDate></item>
<item><title>Permalink only</title><guid>https://www.coindesk.com/policy/2026/12/04/permalink</guid><pubDate>Fri, 04 Dec 2026 11:00:00 GMT</pubDate></item>
<item><title></title><link>https://www.coindesk.com/a</link><pubDate>Fri, 04 Dec 2026 11:00:00 GMT</pubDate></item>
<item><title>No date</title><link>https://www.coindesk.com/b</link></item>
<item><title>Bad date</title><link>https://www.coindesk.com/c</link><pubDate>sometime today</pubDate></item>
<item><title>Zone-less date</title><link>https://www.coindesk.com/d</link><pubDate>Fri, 04 Dec 2026 11:00:00</pubDate></item>
<item><title>From tomorrow</title><link>https://www.coindesk.com/e</link><pubDate>Sat, 05 Dec 2026 11:00:00 GMT</pubDate></item>
<item><title>Script link</title><link>javascript:alert(1)</link><pubDate>Fri, 04 Dec 2026 11:00:00 GMT</pubDate></item>
<item><title>Bitcoin Holds repeat</title><link>https://www.coindesk.com/markets/2026/12/04/bitcoin-holds</link><guid isPermaLink="false">8d1c2f3e-aaaa-4c2e-9b1d-1</guid><pubDate>Fri, 04 Dec 2026 13:40:00 +0000</pubDate></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Blog</title>
  <link rel="self" href="https://blog.example.org/feed.atom"/>
  <id>https://blog.example.org/</id>
  <updated>2026-12-04T13:00:00Z</updated>
  <entry>
    <title type="html">Stablecoins &lt;b&gt;grow&lt;/b&gt;</title>
    <link rel="replies" href="https://blog.example.org/p/1/comments"/>
    <link rel="alternate" type="text/html" href="https://blog.example.org/p/1"/>
    <id>tag:blog.example.org,2026:1</id>
    <published>2026-12-04T08:30:00-05:00</published>
    <updated>2026-12-04T13:50:00Z</updated>
  </entry>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Rates <i>fall</i></div></title>
    <link href="/p/2"/>
    <id>tag:blog.example.org,2026:2</id>
    <updated>2026-12-04T12:00:00Z</updated>
  </entry>
  <entry>
    <title>A minute ahead</title>
    <link href="https://blog.example.org/p/3"/>
    <id>tag:blog.example.org,2026:3</id>
    <published>2026-12-04T14:02:00Z</published>
  </entry>
</feed>`;

describe('parseFeed RSS 2.0', () => {
  const r = parseFeed({ source: 'coindesk', xml: COINDESK, now: NOW });

  it('reads title, link, guid and pubDate of the good items, once each', () => {
    expect(r.format).toBe('rss');
    expect(r.headlines).toEqual([
      {
        source: 'coindesk',
        guid: '8d1c2f3e-aaaa-4c2e-9b1d-1',
        title: 'Bitcoin Holds $90K & Ether Slips',
        url: 'https://www.coindesk.com/markets/2026/12/04/bitcoin-holds',
        publishedAt: Date.UTC(2026, 11, 4, 13, 40),
        knownAt: Date.UTC(2026, 11, 4, 13, 40),
      },
      expect.objectContaining({
        guid: 'https://www.coindesk.com/markets/2026/12/04/etf-flows',
        title: 'ETF Flows Turn Positive',
      }),
      expect.objectContaining({ url: 'https://www.coindesk.com/policy/2026/12/04/permalink', title: 'Permalink only' }),
    ]);
  });

  it('skips each bad entry with its reason', () => {
    expect(r.skipped.map((s) => s.reason)).toEqual([
      'no title',
      'no publication date',
      'unreadable publication date "sometime today"',
      'unreadable publication date "Fri, 04 Dec 2026 11:00:00"',
      'published 2026-12-05T11:00:00.000Z, in the future',
      'link is not an http(s) URL: "javascript:alert(1)"',
    ]);
    expect(r.skipped[0].what).toBe('coindesk entry 4');
  });
});

describe('parseFeed Atom', () => {
  const r = parseFeed({ source: 'blog', xml: ATOM, feedUrl: 'https://blog.example.org/feed.atom', now: NOW });

  it('reads the alternate link, id, published (else updated), HTML and XHTML titles, relative links', () => {
    expect(r.format).toBe('atom');
    expect(r.skipped).toEqual([]);
    expect(r.headlines.map(({ title, url, guid, publishedAt }) => ({ title, url, guid, publishedAt }))).toEqual([
      {
        title: 'Stablecoins grow',
        url: 'https://blog.example.org/p/1',
        guid: 'tag:blog.example.org,2026:1',
        publishedAt: Date.UTC(2026, 11, 4, 13, 30),
      },
      {
        title: 'Rates fall',
        url: 'https://blog.example.org/p/2',
        guid: 'tag:blog.example.org,2026:2',
        publishedAt: Date.UTC(2026, 11, 4, 12),
      },
      {
        title: 'A minute ahead',
        url: 'https://blog.example.org/p/3',
        guid: 'tag:blog.example.org,2026:3',
        publishedAt: Date.UTC(2026, 11, 4, 14, 2),
      },
    ]);
  });

  it('an entry dated within the clock-skew tolerance is known at the fetch, never before its publication is visible', () => {
    const ahead = r.headlines[2];
    expect(ahead.knownAt).toBe(NOW);
    expect(r.headlines[0].knownAt).toBe(r.headlines[0].publishedAt);
  });
});

describe('parseFeed refusals', () => {
  const fails = (xml: string) => {
    try {
      parseFeed({ source: 'x', xml, now: NOW });
    } catch (e) {
      return e as ProviderError;
    }
    throw new Error('did not throw');
  };

  it('malformed XML, an HTML page, an RSS without channel are malformed feeds naming the feed', () => {
    const broken = fails('<rss version="2.0"><channel><item><title>x</title></channel></rss>');
    expect(broken).toBeInstanceOf(ProviderError);
    expect(broken.kind).toBe('malformed');
    expect(broken.message).toMatch(/^news: feed x: not well-formed XML/);
    expect(fails('<html><body>Just a moment...</body></html>').message).toContain(
      'not an RSS or Atom feed (root element <html>)',
    );
    expect(fails('<rss version="2.0"></rss>').message).toContain('without a <channel>');
    expect(fails('').kind).toBe('malformed');
  });

  it('reads at most FEED_MAX_ENTRIES entries and says so', () => {
    const items = Array.from(
      { length: FEED_MAX_ENTRIES + 3 },
      (_, i) =>
        `<item><title>t${i}</title><link>https://a.example/${i}</link><pubDate>Fri, 04 Dec 2026 10:00:00 GMT</pubDate></item>`,
    ).join('');
    const r = parseFeed({ source: 'big', xml: `<rss version="2.0"><channel>${items}</channel></rss>`, now: NOW });
    expect(r.headlines).toHaveLength(FEED_MAX_ENTRIES);
    expect(r.skipped).toEqual([
      {
        what: `big entries ${FEED_MAX_ENTRIES + 1}..${FEED_MAX_ENTRIES + 3}`,
        reason: 'beyond the entries read per feed',
      },
    ]);
  });
});

describe('dedupeHeadlines', () => {
  const h = (source: string, guid: string, title: string, url: string) => ({
    source,
    guid,
    title,
    url,
    publishedAt: NOW - 1000,
    knownAt: NOW - 1000,
  });

  it('keeps the first of each (source, guid) and of each title+url across feeds', () => {
    const out = dedupeHeadlines([
      h('a', '1', 'Story', 'https://x/1'),
      h('a', '1', 'Story again', 'https://x/1b'),
      h('b', '9', 'story', 'https://x/1'),
      h('b', '1', 'Other', 'https://x/2'),
      h('c', '5', 'Story', 'https://y/1'),
    ]);
    expect(out.map((x) => `${x.source}/${x.guid}`)).toEqual(['a/1', 'b/1', 'c/5']);
  });
});
