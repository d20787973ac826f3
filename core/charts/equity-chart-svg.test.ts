import { equityChartSvg } from './equity-chart-svg';

test('a rising curve is green, spans the plot, and labels its range and times', () => {
  const t = [Date.UTC(2026, 11, 3, 0), Date.UTC(2026, 11, 3, 12), Date.UTC(2026, 11, 3, 23, 59)];
  const svg = equityChartSvg('BTC <paper>', t, [10_000, 9_900, 10_250]);
  expect(svg).toContain('stroke="#16a34a"');
  // The first point sits on the left edge, the last on the right, the low at the bottom.
  expect(svg).toContain('points="80.0,');
  expect(svg).toMatch(/ 780\.0,[\d.]+"/);
  expect(svg).toContain('>10250<');
  expect(svg).toContain('>9900<');
  expect(svg).toContain('12-03 00:00 UTC');
  // The title is escaped: text from a session id cannot break the document.
  expect(svg).toContain('BTC &#60;paper&#62;');
  expect(svg).toBe(equityChartSvg('BTC <paper>', t, [10_000, 9_900, 10_250]));
});

test('a falling curve is red; a flat one and an empty one still draw', () => {
  expect(equityChartSvg('x', [1, 2], [10, 9])).toContain('stroke="#dc2626"');
  expect(equityChartSvg('x', [1, 2], [5, 5])).toContain('<polyline');
  expect(equityChartSvg('x', [], [])).toContain('no equity recorded');
  expect(() => equityChartSvg('x', [1], [])).toThrow(RangeError);
});
