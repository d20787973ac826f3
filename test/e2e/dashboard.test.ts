/**
 * The dashboard end to end: real Temporal, PostgreSQL, Redis, `opentrade worker`, `opentrade gateway`
 * and `next start`, driven by headless Chromium (Debian's /usr/bin/chromium through playwright-core).
 *
 * Needs a built dashboard (`cd web && npx next build`). Every browser console error or warning fails
 * the test, except the few a step provokes on purpose (a 4xx answer to bad input, a refused token),
 * which that step names. Screenshots (laptop 1280×800, phone 390×844) go to test/artifacts/.
 * Run: npx jest --selectProjects e2e --testPathPatterns dashboard
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startDashboardStack, type DashboardStack } from './dashboard-stack';
import { createPrisma } from '../../infra/adapters/db';
import { createIntelRepository } from '../../infra/adapters/db/repositories/intel';
import { createLlmCallRepository } from '../../infra/adapters/db/repositories/llm-calls';
import { repositoryDb } from '../../infra/adapters/db/repositories/repository-db';

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const CHROMIUM = process.env.OPENTRADE_CHROMIUM ?? '/usr/bin/chromium';
/** One 1m sim candle per 0.5 s of wall time: decisions arrive within seconds. */
const SIM_SPEED = 120;
const LAPTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

jest.setTimeout(240_000);

let stack: DashboardStack | undefined;
let browser: Browser | undefined;
let laptop: BrowserContext;
let phone: BrowserContext;
let sessionId = '';
let backtestId = '';

/** Console errors, warnings and uncaught exceptions of a page, minus those a step expects. */
class ConsoleWatch {
  readonly messages: string[] = [];
  private allowed: RegExp[] = [];

  constructor(page: Page) {
    page.on('console', (m) => {
      if (m.type() !== 'error' && m.type() !== 'warning') return;
      const text = `${m.type()}: ${m.text()}`;
      if (!this.allowed.some((r) => r.test(text))) this.messages.push(text);
    });
    page.on('pageerror', (e) => this.messages.push(`pageerror: ${e.message}`));
  }

  /** While `step` runs, messages matching `patterns` are expected (the step provokes them). */
  async expecting<T>(patterns: RegExp[], step: () => Promise<T>): Promise<T> {
    this.allowed = patterns;
    try {
      return await step();
    } finally {
      this.allowed = [];
    }
  }
}

async function open(context: BrowserContext, url: string): Promise<{ page: Page; console: ConsoleWatch }> {
  const page = await context.newPage();
  const console = new ConsoleWatch(page);
  await page.goto(url);
  return { page, console };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });

/** Runs a wait; when it fails, keeps a screenshot and the page's text so the failure explains itself. */
async function orShow<T>(page: Page, name: string, wait: () => Promise<T>): Promise<T> {
  try {
    return await wait();
  } catch (e) {
    await shot(page, `FAILED-${name}`).catch(() => undefined);
    const text = await page
      .locator('main')
      .innerText()
      .catch(() => '(no page text)');
    const processes = stack?.output() ?? '';
    throw new Error(
      `${(e as Error).message}\n--- page ${page.url()} ---\n${text.slice(0, 3000)}\n${processes.slice(-6000)}`,
      { cause: e },
    );
  }
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
  expect({ page: page.url(), width }).toEqual({ page: page.url(), width: 390 });
}

async function chartPoints(page: Page, testId: string): Promise<number> {
  const chart = page.getByTestId(testId);
  await chart.waitFor();
  // lightweight-charts draws on canvases once it has loaded; no canvas means no chart on screen.
  await chart.locator('canvas').first().waitFor({ timeout: 15_000 });
  return Number(await chart.getAttribute('data-points'));
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` or set OPENTRADE_CHROMIUM`,
    );
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startDashboardStack({ simSpeed: SIM_SPEED });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  laptop = await browser.newContext(LAPTOP);
  phone = await browser.newContext(PHONE);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 120_000);

it('starts a sim paper session from the form and shows its decisions as they arrive', async () => {
  const { page, console } = await open(laptop, `${stack!.webUrl}/sessions`);
  const form = page.getByTestId('session-form');
  await form.waitFor();
  // The field is a free-text input until the gateway's strategy list arrives, then a select of it.
  const strategy = form.locator('select[data-testid=strategy-input]');
  await strategy.waitFor({ timeout: 15_000 });
  await strategy.selectOption('ema-cross');
  await form.locator('input[name=symbols]').fill('BTC/USDT');
  await form.locator('select[name=timeframe]').selectOption('1m');
  await form.locator('input[name=exchange]').fill('sim');
  await form.locator('input[name=speed]').fill(String(SIM_SPEED));
  // The strategy decides unless asked otherwise; the line under the select follows the choice.
  const decide = form.locator('select[name=decide]');
  expect(await decide.inputValue()).toBe('strategy');
  await decide.selectOption('ensemble');
  await form.getByTestId('decide-meaning').filter({ hasText: 'the coordinator decides' }).waitFor();
  // The agents run on their rules unless asked otherwise.
  expect(await form.locator('select[name=agents]').inputValue()).toBe('deterministic');
  await form.getByTestId('agents-meaning').filter({ hasText: 'no model is asked' }).waitFor();
  await form.getByRole('button', { name: 'Start session' }).click();

  await page.waitForURL(/\/sessions\/[^/]+$/, { timeout: 30_000 });
  sessionId = decodeURIComponent(page.url().split('/').pop()!);
  await page.getByTestId('session-status').waitFor();
  expect(await page.getByTestId('session-decide').textContent()).toBe('ensemble');
  expect(await page.getByTestId('session-agents').textContent()).toBe('all on their rules (no model)');
  // No protection was configured, so none can lock an entry.
  const locks = page.locator('section', { has: page.getByRole('heading', { name: 'Protection locks' }) });
  await locks.getByText('No active locks.').waitFor();
  expect(await page.getByTestId('ws-state').getAttribute('data-state')).toMatch(/open|connecting/);

  // Decisions arrive over the WebSocket: the counter only moves on live events, the rows on refetch.
  await page.getByText(/\d+ live decisions? since this page opened/).waitFor({ timeout: 90_000 });
  await orShow(page, 'decisions', () =>
    page.waitForFunction("document.querySelectorAll('[data-testid=decision]').length >= 3", undefined, {
      timeout: 90_000,
    }),
  );
  expect(await page.getByTestId('ws-state').getAttribute('data-state')).toBe('open');
  await shot(page, 'session-laptop');

  // A decision's detail: agents, coordinator, risk, orders and the Temporal link.
  await page.getByTestId('decision').first().getByRole('link').first().click();
  await page.waitForURL(/\/decisions\//);
  await page.getByTestId('reasoning').waitFor();
  await page.getByRole('heading', { name: 'Agent signals' }).waitFor();
  await page.getByRole('heading', { name: 'Risk verdict' }).waitFor();
  await page.getByTestId('temporal-link').waitFor();
  expect(await page.getByTestId('signals').locator('tbody tr').count()).toBeGreaterThan(0);
  await shot(page, 'decision-laptop');

  expect(console.messages).toEqual([]);
  await page.close();
});

it('pauses, resumes and kills the session, asking before the kill', async () => {
  expect(sessionId).not.toBe('');
  const { page, console } = await open(laptop, `${stack!.webUrl}/sessions/${encodeURIComponent(sessionId)}`);
  const status = page.getByTestId('session-status');
  await status.filter({ hasText: 'running' }).waitFor({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await status.filter({ hasText: 'paused' }).waitFor({ timeout: 30_000 });
  await shot(page, 'session-paused-laptop');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await status.filter({ hasText: 'running' }).waitFor({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Kill', exact: true }).click();
  // Nothing is sent until the question is answered.
  await page.getByText('Kill this session and close all its positions at market?').waitFor();
  expect(await status.textContent()).toBe('running');
  await page.getByRole('button', { name: 'Yes, kill' }).click();
  await status.filter({ hasText: 'killed' }).waitFor({ timeout: 60_000 });
  await page.getByText('Session killed.').waitFor({ timeout: 30_000 });
  // A kill closes the session's positions at market: none stays open.
  const positions = page.locator('section', { has: page.getByRole('heading', { name: 'Open positions' }) });
  await positions.getByText('No open positions.').waitFor({ timeout: 30_000 });
  await shot(page, 'session-killed-laptop');

  expect(console.messages).toEqual([]);
  await page.close();
});

it('shows equity, positions and the decision feed on the overview, on a laptop and a phone', async () => {
  const { page, console } = await open(laptop, stack!.webUrl);
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  expect(await chartPoints(page, 'equity-chart')).toBeGreaterThan(0);
  await page.getByTestId('decision-feed').waitFor();
  await shot(page, 'overview-laptop');
  expect(console.messages).toEqual([]);
  await page.close();

  const mobile = await open(phone, stack!.webUrl);
  await mobile.page.getByTestId('decision-feed').waitFor();
  expect(await chartPoints(mobile.page, 'equity-chart')).toBeGreaterThan(0);
  await noSidewaysScroll(mobile.page);
  await shot(mobile.page, 'overview-phone');
  // Wide tables scroll inside their panel, never the page.
  await mobile.page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await mobile.page.getByTestId('sessions').waitFor();
  // A session's start is wall time, and the table says so.
  expect(await mobile.page.getByTestId('sessions').locator('th', { hasText: 'Started' }).textContent()).toBe(
    'Started (wall time)',
  );
  await noSidewaysScroll(mobile.page);
  await shot(mobile.page, 'sessions-phone');
  await mobile.page.goto(`${stack!.webUrl}/sessions/${encodeURIComponent(sessionId)}`);
  await mobile.page.getByTestId('decision-feed').waitFor();
  await noSidewaysScroll(mobile.page);
  await shot(mobile.page, 'session-phone');
  expect(mobile.console.messages).toEqual([]);
  await mobile.page.close();
});

it("shows a decision's model reasoning, its exact prompt and answer, the cycle's calls, and the LLM spend", async () => {
  // No model runs in this stack: the rows a cycle with LLM agents records are seeded as it writes them.
  const prisma = createPrisma(stack!.databaseUrl);
  const cycleId = `cycle-e2e-llm-${Date.now()}`;
  const marketCall = `${cycleId}-market`;
  const prompt = 'Decision time 2026-12-03T12:00:00Z\nclose: 64000\nrsi14: 71.2 (Wilder, 14 closes)';
  const raw = '{"direction":-0.4,"confidence":0.7,"reasoning":"RSI 71.2 is stretched.","keyLevels":[63000]}';
  try {
    await prisma.decision.create({
      data: {
        id: cycleId,
        sessionId: 'e2e-llm',
        symbol: 'BTC/USDT',
        candleTime: new Date(),
        action: 'HOLD',
        confidence: 0.3,
        reasoning: 'The coordinator held: the analysts disagree.',
        signals: {
          create: [
            {
              agent: 'market',
              direction: '-0.4',
              confidence: 0.7,
              reasoning: 'RSI 71.2 is stretched.\nMomentum is fading below the upper band.',
              data: {
                llm: {
                  callId: marketCall,
                  model: 'e2e-quick-model',
                  promptTokens: 812,
                  completionTokens: 64,
                  costUsd: 0.0625,
                  cached: false,
                  latencyMs: 431,
                },
              },
            },
            { agent: 'macro', direction: '0', confidence: 0, reasoning: 'No event within 24 h.' },
          ],
        },
      },
    });
    const calls = createLlmCallRepository(repositoryDb({ prisma }));
    const base = { cycleId, sessionId: 'e2e-llm', cacheHit: false, error: null, createdAt: new Date() };
    await calls.record({
      ...base,
      id: marketCall,
      role: 'market',
      model: 'e2e-quick-model',
      promptHash: 'e2e-hash-market',
      messages: [
        { role: 'system', content: 'You are the market analyst. Use only the numbers given.' },
        { role: 'user', content: prompt },
      ],
      rawAnswer: raw,
      parsed: JSON.parse(raw),
      abstainReason: null,
      promptTokens: 812,
      completionTokens: 64,
      costUsd: 0.0625,
      latencyMs: 431,
    });
    await calls.record({
      ...base,
      id: `${cycleId}-coordinator`,
      role: 'coordinator',
      model: 'e2e-deep-model',
      promptHash: 'e2e-hash-coordinator',
      messages: [{ role: 'user', content: 'Signals: market -0.4 (0.7), macro 0 (0)' }],
      rawAnswer: 'HOLD, I think',
      parsed: null,
      abstainReason: 'malformed JSON',
      promptTokens: 300,
      completionTokens: 5,
      costUsd: 0.25,
      latencyMs: 900,
      createdAt: new Date(Date.now() + 1),
    });
  } finally {
    await prisma.$disconnect();
  }

  const { page, console } = await open(laptop, `${stack!.webUrl}/decisions/${encodeURIComponent(cycleId)}`);
  const market = page.getByTestId('model-signal-market');
  await orShow(page, 'model-signals', () => market.waitFor({ timeout: 30_000 }));
  expect(await market.locator('.prose').innerText()).toBe(
    'RSI 71.2 is stretched.\nMomentum is fading below the upper band.',
  );
  expect(await market.getByTestId('model-signal-cost').innerText()).toBe(
    'e2e-quick-model · 812 + 64 tokens · $0.0625 · 431 ms',
  );
  // A rule-based signal has no model section.
  expect(await page.getByTestId('model-signal-macro').count()).toBe(0);
  await market.getByTestId('llm-call-open').click();
  const detail = market.getByTestId('llm-call-detail');
  await detail.waitFor();
  expect(await detail.getByTestId('llm-message').nth(1).locator('pre').innerText()).toBe(prompt);
  expect(await detail.getByTestId('llm-raw-answer').innerText()).toBe(raw);

  // Every call of the cycle, the coordinator's abstention included, each openable.
  const table = page.getByTestId('llm-calls');
  await table.waitFor();
  expect(await table.locator('tbody tr').count()).toBe(2);
  const coordinator = page.getByTestId('llm-call-coordinator');
  expect(await coordinator.innerText()).toMatch(/e2e-deep-model.*\$0\.2500.*abstained: malformed JSON/s);
  expect(await page.getByTestId('llm-calls-total').innerText()).toMatch(/^2 calls · 1,181 tokens · \$0\.3125/);
  await coordinator.getByRole('button', { name: 'Prompt and answer' }).click();
  const opened = page.locator('section', { has: page.getByRole('heading', { name: 'Model calls' }) });
  await opened.getByTestId('llm-call-detail').getByText('HOLD, I think').waitFor();
  await shot(page, 'decision-llm-laptop');
  expect(console.messages).toEqual([]);
  await page.close();

  const overview = await open(laptop, stack!.webUrl);
  const spend = overview.page.getByTestId('llm-spend');
  await orShow(overview.page, 'llm-spend', () => spend.waitFor({ timeout: 30_000 }));
  const deep = spend.getByTestId('llm-spend-by-model').locator('tr', { hasText: 'e2e-deep-model' });
  // Calls, cached, abstained, tokens, today, all time: seeded today, so today's cost is all of it.
  expect((await deep.innerText()).split(/\s+/)).toEqual(['e2e-deep-model', '1', '0', '1', '305', '$0.2500', '$0.2500']);
  expect(await spend.getByTestId('llm-spend-by-role').locator('tr', { hasText: 'market' }).innerText()).toMatch(
    /\$0\.0625/,
  );
  expect(await spend.getByTestId('llm-spend-today').innerText()).toMatch(/^\$\d+\.\d{4}$/);
  await shot(overview.page, 'overview-llm-laptop');
  expect(overview.console.messages).toEqual([]);
  await overview.page.close();

  const mobile = await open(phone, `${stack!.webUrl}/decisions/${encodeURIComponent(cycleId)}`);
  await mobile.page.getByTestId('model-signal-market').getByTestId('llm-call-open').click();
  await mobile.page.getByTestId('llm-raw-answer').waitFor();
  // Long prompts wrap or scroll inside their block, never the page.
  await noSidewaysScroll(mobile.page);
  await shot(mobile.page, 'decision-llm-phone');
  expect(mobile.console.messages).toEqual([]);
  await mobile.page.close();
});

it('runs a pipeline backtest from the form, shows its progress and then its charts, trades and metrics', async () => {
  const { page, console } = await open(laptop, `${stack!.webUrl}/backtests`);
  const form = page.getByTestId('backtest-form');
  await form.getByTestId('strategy-input').waitFor();
  await form.locator('input[name=exchange]').fill('sim');
  await form.locator('select[name=timeframe]').selectOption('15m');
  // The strategy alone unless asked otherwise; this run is the whole pipeline, as a session decides.
  const decide = form.locator('select[name=decide]');
  expect(await decide.inputValue()).toBe('strategy-only');
  await form.getByTestId('decide-meaning').filter({ hasText: 'the strategy alone on the fast engine' }).waitFor();
  await decide.selectOption('strategy');
  await form.getByTestId('decide-meaning').filter({ hasText: 'the whole pipeline per candle' }).waitFor();
  // "Ask every N candles" only means something once a model is asked; this run stays on the rules.
  const agents = form.locator('select[name=agents]');
  expect(await agents.inputValue()).toBe('deterministic');
  expect(await form.locator('input[name=every]').count()).toBe(0);
  await agents.selectOption('llm');
  await form.locator('input[name=every]').waitFor();
  await agents.selectOption('deterministic');
  await form.locator('input[name=every]').waitFor({ state: 'detached' });
  await form.getByRole('button', { name: 'Run backtest' }).click();
  await page.waitForURL(/\/backtests\/[^/]+$/, { timeout: 30_000 });
  backtestId = decodeURIComponent(page.url().split('/').pop()!);
  expect(await page.getByTestId('backtest-decide').textContent()).toBe('strategy');

  const status = page.getByTestId('backtest-status');
  await status.waitFor();
  if (/queued|running/.test((await status.textContent()) ?? '')) {
    await page
      .getByTestId('progress')
      .waitFor()
      .catch(() => undefined);
    await shot(page, 'backtest-running-laptop');
  }
  await orShow(page, 'backtest', () =>
    status.filter({ hasText: /completed|failed|cancelled/ }).waitFor({ timeout: 150_000 }),
  );
  expect(await status.textContent()).toBe('completed');
  await page.locator('[data-testid=metrics], [data-testid=gateway-error]').first().waitFor();
  await shot(page, 'backtest-laptop');
  expect(await page.getByTestId('gateway-error').count()).toBe(0);
  expect(await orShow(page, 'backtest-charts', () => chartPoints(page, 'backtest-candle-chart'))).toBeGreaterThan(100);
  expect(await orShow(page, 'backtest-charts', () => chartPoints(page, 'backtest-equity-chart'))).toBeGreaterThan(100);
  await page.getByTestId('metrics').waitFor();
  await page.getByRole('heading', { name: /^Trades/ }).waitFor();
  await shot(page, 'backtest-laptop');
  expect(console.messages).toEqual([]);
  await page.close();

  const mobile = await open(phone, `${stack!.webUrl}/backtests/${encodeURIComponent(backtestId)}`);
  expect(await chartPoints(mobile.page, 'backtest-candle-chart')).toBeGreaterThan(100);
  await noSidewaysScroll(mobile.page);
  await shot(mobile.page, 'backtest-phone');
  expect(mobile.console.messages).toEqual([]);
  await mobile.page.close();
});

it('lists strategies, shows one with its versions, refuses a rollback with nothing to go back to, and charts an evolution run', async () => {
  const { page, console } = await open(laptop, `${stack!.webUrl}/strategies`);
  await page.getByTestId('strategies').waitFor();
  expect(await page.getByTestId('strategies').locator('tbody tr').count()).toBeGreaterThanOrEqual(5);
  await shot(page, 'strategies-laptop');
  await page.getByRole('link', { name: 'ema-cross', exact: true }).click();
  await page.getByRole('heading', { name: 'Versions' }).waitFor();
  await page.getByRole('heading', { name: 'Evolution runs' }).waitFor();
  await shot(page, 'strategy-laptop');

  // Nothing evolved yet: the gateway refuses the rollback and the page says why.
  await page.getByRole('button', { name: 'Roll back' }).click();
  // (404 when the strategy has no saved version at all, 409 when the active one has no parent.)
  await console.expecting([/Failed to load resource: the server responded with a status of 40[49]/], async () => {
    await page.getByRole('button', { name: 'Yes, roll back' }).click();
    await page
      .getByTestId('gateway-error')
      .filter({ hasText: /40[49] (not_found|conflict)/ })
      .waitFor();
  });
  expect(await page.getByTestId('gateway-error').textContent()).toMatch(/ema-cross/);
  await shot(page, 'rollback-refused-laptop');

  // A small evolution from the page: its fitness per generation is charted as generations finish.
  // It evolves over the 15m candles the backtest test synced (the five days before today, UTC).
  // An explicit seed: a seed derived from the workflow id can exceed the EvolutionRun.seed int4
  // column (reported; evolutionPrepare then fails and the run never gets a row).
  await page.getByText('Start an evolution run').click();
  const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const window = { trainFrom: today - 5 * 86_400_000, trainTo: today - 86_400_000, oosTo: today };
  const request = {
    strategy: 'ema-cross',
    exchange: 'sim',
    symbol: 'BTC/USDT',
    timeframe: '15m',
    window,
    oosWindows: 1,
    genetic: { populationSize: 6, generations: 3, seed: 7 },
  };
  await page.locator('textarea[name=request]').fill(JSON.stringify(request, null, 2));
  await page.getByRole('button', { name: 'Start evolution' }).click();
  const refused = page.locator('form').getByTestId('gateway-error');
  await Promise.race([
    page.waitForURL(/\/evolution\/[^/]+$/, { timeout: 60_000 }),
    refused.waitFor({ timeout: 60_000 }),
  ]);
  if (await refused.count()) await shot(page, 'evolution-refused-laptop');
  expect(await refused.count()).toBe(0);
  const status = page.getByTestId('evolution-status');
  await orShow(page, 'evolution', () =>
    status.filter({ hasText: /completed|failed|cancelled/ }).waitFor({ timeout: 180_000 }),
  );
  await shot(page, 'evolution-laptop');
  expect(await status.textContent()).toBe('completed');
  expect(await chartPoints(page, 'fitness-chart')).toBeGreaterThanOrEqual(2 * 3);
  expect(console.messages).toEqual([]);
  await page.close();
});

it('shows the latest intelligence, its history and the headlines, and the series a decision used', async () => {
  // No provider is reached from this stack: the rows a sync writes are seeded through its repository.
  const prisma = createPrisma(stack!.databaseUrl);
  const now = Date.now();
  const HOUR = 3_600_000;
  const cycleId = `cycle-e2e-intel-${now}`;
  try {
    const intel = createIntelRepository(repositoryDb({ prisma }));
    const points = [40, 44, 61].map((value, i) => ({
      seriesId: 'mempool.fee_fastest' as const,
      observedAt: now - (3 - i) * HOUR,
      knownAt: now - (3 - i) * HOUR,
      value,
    }));
    await intel.saveFetch('mempool', { observations: points, headlines: [], skipped: [] }, now - HOUR);
    const headline = {
      source: 'coindesk',
      guid: `e2e-${now}`,
      // Markup in a feed's title is text: the page must show the brackets, not bold type.
      title: 'E2E: Bitcoin <b>fees</b> spike as mempool fills',
      url: 'https://www.coindesk.com/e2e',
      publishedAt: now - 30 * 60_000,
      knownAt: now - 30 * 60_000,
    };
    await intel.saveFetch('news', { observations: [], headlines: [headline], skipped: [] }, now - 20 * 60_000);
    await prisma.decision.create({
      data: {
        id: cycleId,
        sessionId: 'e2e-intel',
        symbol: 'BTC/USDT',
        candleTime: new Date(now),
        action: 'HOLD',
        confidence: 0.2,
        reasoning: 'The coordinator held.',
        signals: {
          create: [
            {
              agent: 'onchain',
              direction: '0.3',
              confidence: 0.5,
              reasoning: 'Fees spiked to 61 sat/vB.',
              data: {
                intel: [
                  {
                    id: 'mempool.fee_fastest',
                    value: 61,
                    observedAt: new Date(now - HOUR).toISOString(),
                    knownAt: new Date(now - HOUR).toISOString(),
                  },
                ],
                missing: ['defillama.stablecoins.all'],
              },
            },
            { agent: 'market', direction: '0', confidence: 0, reasoning: 'Flat.' },
          ],
        },
      },
    });
  } finally {
    await prisma.$disconnect();
  }

  const { page, console } = await open(laptop, `${stack!.webUrl}/intel`);
  const fee = page.getByTestId('intel-series-mempool.fee_fastest');
  await orShow(page, 'intel-series', () => fee.waitFor({ timeout: 30_000 }));
  expect(await fee.getByTestId('intel-value').innerText()).toBe('61 sat/vB');
  expect(await fee.getByTestId('intel-stale').innerText()).toBe('fresh');
  // Never synced here: shown, and marked stale.
  expect(await page.getByTestId('intel-series-fred.DGS10').getByTestId('intel-stale').innerText()).toBe('stale');
  // The three seeded points at least (a sync of the stack's own may add more).
  expect(
    await orShow(page, 'intel-chart', () => chartPoints(page, 'intel-chart-mempool.fee_fastest')),
  ).toBeGreaterThanOrEqual(3);
  const row = page.getByTestId('intel-headlines').locator('tr', { hasText: 'E2E: Bitcoin' });
  await orShow(page, 'intel-headlines', () => row.waitFor({ timeout: 15_000 }));
  expect(await row.getByRole('link').innerText()).toBe('E2E: Bitcoin <b>fees</b> spike as mempool fills');
  expect(await row.locator('b').count()).toBe(0);
  expect(await row.innerText()).toMatch(/coindesk/);
  const mempool = page.getByTestId('intel-provider-mempool');
  await mempool.waitFor();
  // Its last success is shown as a time (the stack's own sync, offline, may have failed since).
  expect(await mempool.innerText()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  await shot(page, 'intel-laptop');
  expect(console.messages).toEqual([]);
  await page.close();

  const decision = await open(laptop, `${stack!.webUrl}/decisions/${encodeURIComponent(cycleId)}`);
  const onchain = decision.page.getByTestId('signal-intel-onchain');
  await orShow(decision.page, 'signal-intel', () => onchain.waitFor({ timeout: 30_000 }));
  // The candle's time is the market's clock, and says so.
  expect(await decision.page.locator('h1.page-title').textContent()).toMatch(
    /BTC\/USDT · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d market time/,
  );
  const used = onchain.getByTestId('signal-intel-row-mempool.fee_fastest');
  expect((await used.innerText()).split('\t').slice(0, 2)).toEqual(['mempool.fee_fastest', '61']);
  expect(await onchain.getByTestId('signal-intel-missing').innerText()).toBe(
    'Missing or stale: defillama.stablecoins.all',
  );
  // A signal without intelligence has no table.
  expect(await decision.page.getByTestId('signal-intel-market').count()).toBe(0);
  await shot(decision.page, 'decision-intel-laptop');
  expect(decision.console.messages).toEqual([]);
  await decision.page.close();
});

it("shows the gateway's own error for bad input, never a blank page", async () => {
  const { page, console } = await open(laptop, `${stack!.webUrl}/sessions`);
  const form = page.getByTestId('session-form');
  await form.getByTestId('strategy-input').waitFor();
  await form.locator('input[name=symbols]').fill('');
  await form.locator('input[name=speed]').fill('-3');
  const error = page.getByTestId('gateway-error');
  await console.expecting([/Failed to load resource: the server responded with a status of 400/], async () => {
    await form.getByRole('button', { name: 'Start session' }).click();
    await error.waitFor();
  });
  const text = (await error.textContent()) ?? '';
  expect(text).toMatch(/400 invalid_request/);
  // The field issues name what was wrong.
  expect(await error.locator('.issues li').count()).toBeGreaterThan(0);
  expect(text).toMatch(/symbols|speed/);
  await shot(page, 'bad-input-laptop');

  await console.expecting([/Failed to load resource: the server responded with a status of 404/], async () => {
    await page.goto(`${stack!.webUrl}/backtests/no-such-backtest`);
    await page.getByTestId('gateway-error').filter({ hasText: '404 not_found' }).waitFor();
  });
  await shot(page, 'not-found-laptop');
  expect(console.messages).toEqual([]);
  await page.close();
});

it('starts a session whose agents think with a model from the form, and its page says which', async () => {
  // The stack's config names a local endpoint (no key needed) that nothing serves: the cycles' model
  // calls fail and abstain, which this page does not need; the session is stopped once it has been read.
  // After the overview's tests: the newest session is the overview's, and this one has no equity.
  const { page, console } = await open(laptop, `${stack!.webUrl}/sessions`);
  const form = page.getByTestId('session-form');
  await form.locator('select[data-testid=strategy-input]').waitFor({ timeout: 15_000 });
  await form.locator('input[name=speed]').fill(String(SIM_SPEED));
  await form.locator('input[name=maxCycles]').fill('2');
  await form.locator('select[name=agents]').selectOption('hybrid');
  await form.getByTestId('agents-meaning').filter({ hasText: "sees the rules' reading" }).waitFor();
  await form.getByRole('button', { name: 'Start session' }).click();
  await page.waitForURL(/\/sessions\/[^/]+$/, { timeout: 30_000 });
  const id = decodeURIComponent(page.url().split('/').pop()!);
  await page.getByTestId('session-status').waitFor();
  expect(await page.getByTestId('session-agents').textContent()).toBe(
    'hybrid: market, strategy, onchain, sentiment, macro, coordinator, risk',
  );
  // No budget is configured, so none can be spent.
  expect(await page.getByTestId('llm-budget-spent').count()).toBe(0);
  await shot(page, 'session-agents-laptop');
  const stopped = await fetch(`${stack!.gatewayUrl}/api/v1/sessions/${encodeURIComponent(id)}/stop`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack!.token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  // Two cycles may be over already: then there is nothing to stop.
  expect([202, 409]).toContain(stopped.status);
  expect(console.messages).toEqual([]);
  await page.close();
});

it('asks for the token when the gateway refuses the one it has, and works once given the right one', async () => {
  const context = await browser!.newContext(LAPTOP);
  const { page, console } = await open(context, stack!.webUrl);
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await page.evaluate(`window.localStorage.setItem('opentrade.gatewayToken', '${'wrong-token-'.repeat(4)}')`);
  await console.expecting([/status of 401/, /WebSocket connection to .* failed/], async () => {
    await page.reload();
    // Reload, hydration and the 401 round trip share two cores with the rest of the suite.
    await orShow(page, 'sign-in', () => page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 60_000 }));
    // Every request the page had in flight with the wrong token answers 401 too, some after the form shows.
    await page.waitForLoadState('networkidle');
  });
  await shot(page, 'sign-in-laptop');
  await page.getByLabel('Gateway token').fill(stack!.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await page.getByTestId('decision-feed').waitFor();
  expect(console.messages).toEqual([]);
  await context.close();
});

// Last: it restarts the gateway.
it('reconnects its live updates after the gateway restarts, and says it is offline meanwhile', async () => {
  const { page, console } = await open(laptop, `${stack!.webUrl}/sessions`);
  const ws = page.getByTestId('ws-state');
  await page.locator('[data-testid=ws-state][data-state=open]').waitFor();
  await page.evaluate(
    `(() => { const el = document.querySelector('[data-testid=ws-state]'); window.__wsStates = []; new MutationObserver(() => window.__wsStates.push(el.getAttribute('data-state'))).observe(el, { attributes: true }); })()`,
  );
  await console.expecting(
    [
      /WebSocket connection to .* failed/,
      /Failed to load resource: net::ERR_CONNECTION_REFUSED/,
      /Failed to load resource/,
    ],
    async () => {
      await stack!.restartGateway(2000).then(async () => {
        // While it was down the dot left "open"; it comes back on its own (backoff, no reload).
        await page.locator('[data-testid=ws-state][data-state=open]').waitFor({ timeout: 30_000 });
      });
    },
  );
  expect(await ws.getAttribute('data-state')).toBe('open');
  const states = JSON.parse(String(await page.evaluate('JSON.stringify(window.__wsStates)'))) as string[];
  expect(states).toContain('closed');
  expect(states[states.length - 1]).toBe('open');
  // Events flow again over the new connection: a new session's decisions arrive live.
  const form = page.getByTestId('session-form');
  await form.getByTestId('strategy-input').waitFor();
  await form.locator('input[name=speed]').fill(String(SIM_SPEED));
  await form.locator('input[name=maxCycles]').fill('3');
  await form.getByRole('button', { name: 'Start session' }).click();
  await page.waitForURL(/\/sessions\/[^/]+$/, { timeout: 30_000 });
  await orShow(page, 'reconnected-decisions', () =>
    page.getByText(/\d+ live decisions? since this page opened/).waitFor({ timeout: 90_000 }),
  );
  expect(console.messages).toEqual([]);
  await page.close();
});
