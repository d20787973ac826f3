// Dashboard first-load benchmark: time to load '/' in Chromium from a warm `next start`
// against a running gateway (the full stack: Temporal, PostgreSQL, Redis, worker, gateway), each
// load in a fresh browser context (empty cache, like a first visit). Goal: load ≤ 1 s locally.
// `candles` carries the number of timed page loads, `candlesPerSecond` loads per second.
// Needs a built dashboard (`cd web && npx next build`) and Chromium (/usr/bin/chromium or OPENTRADE_CHROMIUM).
import { percentile } from './lib/percentile';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startDashboardStack } from '../test/e2e/dashboard-stack';
import type { BenchSuite } from './lib/suite';

const CHROMIUM = process.env.OPENTRADE_CHROMIUM ?? '/usr/bin/chromium';
const WARMUP = 3;
const LOADS = 15;

const round = (ms: number) => Math.round(ms * 10) / 10;

interface LoadTiming {
  /** Navigation start → the load event's end (HTML, CSS, JS parsed and run). */
  loadMs: number;
  /** Navigation start → first byte of the HTML. */
  ttfbMs: number;
  /** Navigation start → the overview shows the gateway's data (the decision feed or its empty state). */
  dataMs: number;
}

const suite: BenchSuite = {
  name: 'dashboard',
  async run(log) {
    if (!existsSync(CHROMIUM))
      throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set OPENTRADE_CHROMIUM`);
    const stack = await startDashboardStack({ log });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const loadOnce = async (): Promise<LoadTiming> => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.goto(stack.webUrl, { waitUntil: 'load' });
        await page.locator('[data-testid=decision-feed], [data-testid=empty]').first().waitFor({ timeout: 30_000 });
        const t = JSON.parse(
          (await page.evaluate(
            `JSON.stringify((() => { const n = performance.getEntriesByType('navigation')[0]; return { loadMs: n.loadEventEnd, ttfbMs: n.responseStart, dataMs: performance.now() }; })())`,
          )) as string,
        ) as LoadTiming;
        await context.close();
        return t;
      };
      for (let i = 0; i < WARMUP; i++) await loadOnce(); // next start compiles nothing, but its caches and the gateway's pools warm up
      const timings: LoadTiming[] = [];
      const t0 = performance.now();
      for (let i = 0; i < LOADS; i++) timings.push(await loadOnce());
      const seconds = (performance.now() - t0) / 1000;
      const sorted = (k: keyof LoadTiming) => timings.map((t) => t[k]).sort((a, b) => a - b);
      const load = sorted('loadMs');
      const data = sorted('dataMs');
      const ttfb = sorted('ttfbMs');
      const firstLoadMs = round(percentile(load, 50));
      log(
        `first load of /: p50 ${firstLoadMs} ms, p95 ${round(percentile(load, 95))} ms (goal ≤ 1000 ms); data on screen p50 ${round(percentile(data, 50))} ms; TTFB p50 ${round(percentile(ttfb, 50))} ms`,
      );
      return {
        scenarios: [
          {
            name: 'first load of / (fresh browser context, warm next start)',
            candles: LOADS,
            candlesPerSecond: LOADS / seconds,
            firstLoadMs,
            firstLoadP95Ms: round(percentile(load, 95)),
            firstLoadMaxMs: round(load[load.length - 1]),
            dataOnScreenP50Ms: round(percentile(data, 50)),
            ttfbP50Ms: round(percentile(ttfb, 50)),
            goalMs: 1000,
            meetsGoal: firstLoadMs <= 1000,
          },
        ],
      };
    } finally {
      await browser.close();
      await stack.stop();
    }
  },
};

export default suite;
