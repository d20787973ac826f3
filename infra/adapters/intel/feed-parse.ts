// An RSS 2.0 or Atom document as headlines (RSS 1.0/RDF too, which a few outlets still serve). The XML
// must be well formed and one of those feeds, else the feed is malformed; an entry without a title,
// a link or a readable dated publication, or dated in the future, is skipped with the reason. Nothing
// in the text is interpreted: titles become plain text, links must be http(s).
import { XMLParser } from 'fast-xml-parser';
import type { Headline, SkippedItem } from '../../../core/intel/observation';
import { parseFeedDate } from './feed-dates';
import { cleanTitle, xmlTextOf } from './feed-title';
import { FUTURE_TOLERANCE_MS, show } from './point-collector';
import { ProviderError } from './provider-error';

/** Entries read per feed: outlets list 10-50; more is a feed gone wrong, and the rest is dropped. */
export const FEED_MAX_ENTRIES = 500;
const URL_MAX_CHARS = 2048;
const GUID_MAX_CHARS = 512;

export interface FeedInput {
  /** The feed's id in the config: each headline's source. */
  source: string;
  xml: string;
  /** The feed's own URL, against which relative links resolve. */
  feedUrl?: string;
  /** The fetch time: what counts as future, and the knownAt of an entry dated a little ahead of it. */
  now: number;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf';
  headlines: Headline[];
  skipped: SkippedItem[];
}

interface RawEntry {
  title: unknown;
  link: string | undefined;
  guid: string | undefined;
  date: unknown;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  // Strings stay strings: a guid "123" or a title "2026" is not a number.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  // A title's inner XML raw: XHTML titles keep their word order (xmlTextOf reads them).
  stopNodes: ['rss.channel.item.title', 'feed.entry.title', 'rdf:RDF.item.title'],
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

/** The text of a node however the parser shaped it: a string, {#text}, or nested XHTML. */
function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node))
    return node
      .map(textOf)
      .filter((s) => s !== undefined)
      .join(' ');
  if (typeof node === 'object') {
    const parts = Object.entries(node as Record<string, unknown>)
      .filter(([k]) => !k.startsWith('@_'))
      .map(([, v]) => textOf(v))
      .filter((s): s is string => s !== undefined);
    return parts.length ? parts.join(' ') : undefined;
  }
  return undefined;
}

const attr = (node: unknown, name: string): string | undefined => {
  if (typeof node !== 'object' || node === null) return undefined;
  const v = (node as Record<string, unknown>)[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
};

const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function rssEntry(item: Record<string, unknown>): RawEntry {
  const guidNode = item.guid;
  const guid = textOf(guidNode)?.trim();
  const link = asArray(item.link)
    .map(textOf)
    .find((s) => s?.trim())
    ?.trim();
  // A permalink guid is the item's URL when the item has no link (RSS 2.0: isPermaLink defaults to true).
  const permalink = guid && attr(guidNode, 'isPermaLink') !== 'false' ? guid : undefined;
  return { title: item.title, link: link ?? permalink, guid, date: item.pubDate ?? item['dc:date'] };
}

function atomEntry(entry: Record<string, unknown>): RawEntry {
  const links = asArray(entry.link);
  const href = (l: unknown) => attr(l, 'href')?.trim() || undefined;
  // The alternate link is the article; rel="self"/"edit"/"enclosure" are not.
  const alternate = links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate' && href(l)) ?? links.find(href);
  return {
    title: entry.title,
    link: href(alternate),
    guid: textOf(entry.id)?.trim(),
    date: entry.published ?? entry.updated ?? entry.issued ?? entry.modified,
  };
}

function httpUrl(link: string, base: string | undefined): string | undefined {
  try {
    const u = new URL(link, base);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.href.length <= URL_MAX_CHARS ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function entriesOf(
  doc: Record<string, unknown>,
  source: string,
): { format: ParsedFeed['format']; entries: RawEntry[] } {
  const records = (v: unknown) =>
    asArray(v).map((x) => (typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {}));
  const rss = doc.rss as Record<string, unknown> | undefined;
  if (rss && typeof rss === 'object') {
    const channel = asArray(rss.channel)[0] as Record<string, unknown> | undefined;
    if (!channel || typeof channel !== 'object')
      throw new ProviderError('news', 'malformed', `feed ${source}: an RSS document without a <channel>`);
    return { format: 'rss', entries: records(channel.item).map(rssEntry) };
  }
  const feed = doc.feed as Record<string, unknown> | undefined;
  if (feed && typeof feed === 'object') return { format: 'atom', entries: records(feed.entry).map(atomEntry) };
  const rdf = doc['rdf:RDF'] as Record<string, unknown> | undefined;
  if (rdf && typeof rdf === 'object') return { format: 'rdf', entries: records(rdf.item).map(rssEntry) };
  const root = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  throw new ProviderError(
    'news',
    'malformed',
    `feed ${source}: not an RSS or Atom feed (root element ${root ? `<${root.slice(0, 40)}>` : 'missing'})`,
  );
}

export function parseFeed(input: FeedInput): ParsedFeed {
  const { source, now } = input;
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(input.xml, true) as Record<string, unknown>;
  } catch (e) {
    throw new ProviderError('news', 'malformed', `feed ${source}: not well-formed XML: ${(e as Error).message}`);
  }
  const { format, entries } = entriesOf(doc, source);
  const headlines: Headline[] = [];
  const skipped: SkippedItem[] = [];
  const seen = new Set<string>();
  entries.slice(0, FEED_MAX_ENTRIES).forEach((e, i) => {
    const what = `${source} entry ${i + 1}${e.guid ? ` (${show(e.guid)})` : ''}`;
    const skip = (reason: string) => void skipped.push({ what, reason });
    const title = cleanTitle(xmlTextOf(textOf(e.title) ?? ''));
    if (!title) return skip('no title');
    const url = e.link ? httpUrl(e.link, input.feedUrl) : undefined;
    if (!url) return skip(e.link ? `link is not an http(s) URL: ${show(e.link)}` : 'no link');
    const dateText = textOf(e.date)?.trim();
    if (!dateText) return skip('no publication date');
    const publishedAt = parseFeedDate(dateText);
    if (publishedAt === undefined) return skip(`unreadable publication date ${show(dateText)}`);
    if (publishedAt > now + FUTURE_TOLERANCE_MS)
      return skip(`published ${new Date(publishedAt).toISOString()}, in the future`);
    const guid = (e.guid || url).slice(0, GUID_MAX_CHARS);
    if (seen.has(guid)) return;
    seen.add(guid);
    // Dated a little ahead of our clock: we had it at `now`, and a reader still waits for its publication time.
    headlines.push({ source, guid, title, url, publishedAt, knownAt: Math.min(publishedAt, now) });
  });
  if (entries.length > FEED_MAX_ENTRIES)
    skipped.push({
      what: `${source} entries ${FEED_MAX_ENTRIES + 1}..${entries.length}`,
      reason: 'beyond the entries read per feed',
    });
  return { format, headlines, skipped };
}

/**
 * One headline per story: the first of each (source, guid), and of the same title and URL across
 * feeds (outlets syndicate each other's stories under the same link).
 */
export function dedupeHeadlines(headlines: readonly Headline[]): Headline[] {
  const byGuid = new Set<string>();
  const byStory = new Set<string>();
  const out: Headline[] = [];
  for (const h of headlines) {
    const g = `${h.source}\n${h.guid}`;
    const s = `${h.title.toLowerCase()}\n${h.url}`;
    if (byGuid.has(g) || byStory.has(s)) continue;
    byGuid.add(g);
    byStory.add(s);
    out.push(h);
  }
  return out;
}
