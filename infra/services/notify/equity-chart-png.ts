// A notification's equity chart as PNG bytes: the session's equity over the chart's range (thinned to
// what 800 pixels show), drawn as SVG and rasterised by sharp (libvips, prebuilt in its npm package).
import sharp from 'sharp';
import { downsampleLine } from '../../../core/charts/downsample';
import { equityChartSvg } from '../../../core/charts/equity-chart-svg';
import type { Notification } from '../../../core/notify/notification';
import type { PrismaClient } from '../../adapters/db';
import { equitySeries } from '../ledger/ledger-reads';

export async function equityChartPng(
  prisma: PrismaClient,
  chart: NonNullable<Notification['chart']>,
  title: string,
): Promise<{ png: Uint8Array; filename: string }> {
  const rows = await equitySeries(prisma, {
    sessionId: chart.sessionId,
    fromMs: chart.fromMs,
    toMs: chart.toMs,
    limit: 100_000,
  });
  const times = Float64Array.from(rows, (r) => r.time.getTime());
  const values = Float64Array.from(rows, (r) => Number(r.equity));
  const pts = rows.length > 800 ? downsampleLine(times, values, values.length, 800) : null;
  const svg = equityChartSvg(
    title,
    pts ? pts.map((p) => p.time) : [...times],
    pts ? pts.map((p) => p.value) : [...values],
  );
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  const day = new Date(chart.fromMs).toISOString().slice(0, 10);
  return { png: new Uint8Array(png), filename: `equity-${chart.sessionId ?? 'all'}-${day}.png` };
}
