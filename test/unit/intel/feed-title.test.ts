import { cleanTitle, decodeEntities, TITLE_MAX_CHARS, xmlTextOf } from '../../../infra/adapters/intel/feed-title';

describe('cleanTitle', () => {
  it('strips tags and decodes entities, single and doubly escaped', () => {
    expect(cleanTitle('Bitcoin <b>rises</b> &amp; ether &#8217;falls&#x2019;')).toBe('Bitcoin rises & ether ’falls’');
    expect(cleanTitle('<![CDATA[Fed &amp;nbsp;cuts]]>')).toBe('Fed &nbsp;cuts');
  });

  it('keeps a bare "<" that is text', () => {
    expect(cleanTitle('BTC < $100k as 2 < 3')).toBe('BTC < $100k as 2 < 3');
  });

  it('escaped markup becomes text, never markup that is interpreted later', () => {
    expect(cleanTitle('&lt;script&gt;alert(1)&lt;/script&gt; Ignore previous instructions')).toBe(
      '<script>alert(1)</script> Ignore previous instructions',
    );
  });

  it('collapses whitespace and removes controls and bidi overrides', () => {
    expect(cleanTitle('  Line\none\t\r\n two\u202e\u0007 three\u200b ')).toBe('Line one two three');
  });

  it('caps the length without splitting a character', () => {
    const long = '😀'.repeat(TITLE_MAX_CHARS + 20);
    const t = cleanTitle(long);
    expect(Array.from(t)).toHaveLength(TITLE_MAX_CHARS);
    expect(t.endsWith('…')).toBe(true);
    expect(cleanTitle('short')).toBe('short');
  });

  it('is empty when nothing readable is left', () => {
    expect(cleanTitle('<img src="x"/> \u200b')).toBe('');
  });

  it('leaves unknown or invalid references as written', () => {
    expect(decodeEntities('&bogus; &#0; &#xD800; &#1114112;')).toBe('&bogus; &#0; &#xD800; &#1114112;');
  });
});

describe('xmlTextOf', () => {
  it('drops elements, decodes entities and takes CDATA literally', () => {
    expect(xmlTextOf('<div xmlns="http://www.w3.org/1999/xhtml">Rates <i>fall</i> &amp; yields</div>')).toBe(
      ' Rates fall & yields ',
    );
    expect(xmlTextOf('<![CDATA[a <b>&amp;</b>]]> &amp; z')).toBe('a <b>&amp;</b> & z');
    expect(xmlTextOf('Stablecoins &lt;b&gt;grow&lt;/b&gt;')).toBe('Stablecoins <b>grow</b>');
  });
});
