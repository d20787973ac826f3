// A headline's title as plain text. Feeds carry HTML in titles (Atom type="html", CDATA in RSS,
// WordPress's doubly escaped entities), and the text comes from outside: it is reduced to printable
// characters on one line, never interpreted, and capped so one entry cannot fill a prompt.

export const TITLE_MAX_CHARS = 300;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  euro: '€',
  pound: '£',
  yen: '¥',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  times: '×',
};

function codePoint(n: number): string | undefined {
  const surrogate = n >= 0xd800 && n <= 0xdfff;
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff && !surrogate ? String.fromCodePoint(n) : undefined;
}

/** HTML character references (named, decimal, hex); an unknown one stays as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const n = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return codePoint(n) ?? whole;
  });
}

// Tags, comments and CDATA markers; a bare "<" followed by a space or digit ("BTC < $100k") is text.
const MARKUP = /<!--[\s\S]*?-->|<!\[CDATA\[|\]\]>|<\/?[A-Za-z][^<>]*>/g;
// C0/C1 controls, and bidi overrides and zero-width marks that could make a title display other than it reads.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

// Elements that end a line when rendered; the others (i, b, em, a, span) join the text around them.
const BLOCK_TAG = /<\/?(?:br|p|div|li|h[1-6]|tr|td|blockquote)\b[^<>]*>/gi;
const ANY_TAG = /<!--[\s\S]*?-->|<\/?[A-Za-z][^<>]*>/g;

/**
 * The text content of a title's raw inner XML (the parser hands it over unparsed, so that XHTML
 * keeps its word order): elements dropped, entities decoded, CDATA sections taken literally.
 * What is left may still be escaped HTML (Atom type="html"), which cleanTitle then reduces.
 */
export function xmlTextOf(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith('<![CDATA[')
        ? part.slice(9, -3)
        : decodeEntities(part.replace(BLOCK_TAG, ' ').replace(ANY_TAG, '')),
    )
    .join('');
}

/** Plain, single-line, capped text of a feed title ('' when nothing readable is left). */
export function cleanTitle(raw: string, max = TITLE_MAX_CHARS): string {
  // Tags first, then entities: an escaped "&lt;b&gt;" is text the outlet meant to show.
  const text = decodeEntities(raw.replace(MARKUP, ' ')).replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}
