/**
 * Browser test of the dashboard's stack-health page against a real gateway and `next start`.
 *
 * It builds nothing itself: it needs a built dashboard (`npm run build:web`) and Debian's chromium
 * (/usr/bin/chromium, or OPENTRADE_CHROMIUM), and fails with a message saying which is missing.
 * Run: `npm run build:web && npx jest --selectProjects e2e` once jest.config.js has an `e2e`
 * project for test/e2e/**. Screenshots are kept in test/artifacts/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createGateway, type Gateway } from '../../api/gateway';
import { silentLogger } from '../../api/logger';
import { ConfigSchema } from '../../core/config/schema';
import { closedPort, tcpProbe } from '../integration/api/probes';

const ROOT = path.resolve(__dirname, '..', '..');
const WEB_DIR = path.join(ROOT, 'web');
const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');
const CHROMIUM = process.env.OPENTRADE_CHROMIUM ?? '/usr/bin/chromium';
const REFRESH_WAIT_MS = 15_000;

jest.setTimeout(90_000);

let gateway: Gateway | undefined;
let web: ChildProcess | undefined;
let browser: Browser | undefined;
const listeners: net.Server[] = [];
let webUrl = '';
let temporalPort = 0;

async function listen(port = 0): Promise<number> {
  const server = net.createServer((s) => s.end());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  listeners.push(server);
  return (server.address() as net.AddressInfo).port;
}

async function waitForHttp(url: string, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms. next start said:\n${output()}`);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` or set OPENTRADE_CHROMIUM`,
    );
  if (!existsSync(path.join(WEB_DIR, '.next', 'BUILD_ID')))
    throw new Error('the dashboard is not built: run `npm run build:web` first');

  // A dependency that is up (a listener we own) and one that is down (a closed port, brought up later).
  const postgresPort = await listen();
  temporalPort = await closedPort();
  const webPort = await closedPort();
  const base = ConfigSchema.parse({ gateway: { token: randomBytes(24).toString('hex') }, web: { port: webPort } });
  gateway = createGateway({
    config: { ...base, gateway: { ...base.gateway, port: 0 } },
    health: [tcpProbe('postgres', '127.0.0.1', postgresPort), tcpProbe('temporal', '127.0.0.1', temporalPort)],
    logger: silentLogger,
  });
  const { url: gatewayUrl } = await gateway.start();

  let output = '';
  web = spawn(
    process.execPath,
    [require.resolve('next/dist/bin/next'), 'start', '-p', String(webPort), '-H', '127.0.0.1'],
    {
      cwd: WEB_DIR,
      env: { ...process.env, OPENTRADE_GATEWAY_URL: gatewayUrl, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  web.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  web.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  webUrl = `http://127.0.0.1:${webPort}`;
  await waitForHttp(`${webUrl}/api/health`, 30_000, () => output);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (web?.pid && web.exitCode === null) {
    web.kill('SIGTERM');
    await new Promise((r) => web!.once('exit', r));
  }
  await gateway?.stop();
  listeners.forEach((s) => s.close());
});

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

it('is readable on a phone', async () => {
  const page = await browser!.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
  const consoleErrors = watchConsole(page);
  await page.goto(`${webUrl}/health`);
  await page.getByTestId('overall-status').waitFor();
  expect(await page.locator('.dep').count()).toBe(2);
  // Nothing wider than the screen: no sideways scrolling on a phone.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await page.screenshot({ path: path.join(ARTIFACTS, 'health-page-phone.png'), fullPage: true });
  expect(consoleErrors).toEqual([]);
  await page.close();
});

// Last: it stops the gateway.
it('shows each dependency with status and latency, follows changes, and explains a gateway that is down', async () => {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
  const consoleErrors = watchConsole(page);
  await page.goto(`${webUrl}/health`);

  await expect(page.getByRole('heading', { name: 'Stack health' }).isVisible()).resolves.toBe(true);
  expect(await page.getByTestId('overall-status').textContent()).toBe('Down');
  expect(await page.getByTestId('dep-postgres').textContent()).toMatch(/postgres.*ok.*\d+(\.\d)? ms/);
  expect(await page.getByTestId('dep-temporal').textContent()).toMatch(/temporal.*fail.*ECONNREFUSED/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'health-page-down.png'), fullPage: true });

  // Temporal comes up: the page catches up on its own.
  await listen(temporalPort);
  await page.getByTestId('overall-status').filter({ hasText: 'All systems ok' }).waitFor({ timeout: REFRESH_WAIT_MS });
  await page.screenshot({ path: path.join(ARTIFACTS, 'health-page-ok.png'), fullPage: true });

  // The gateway goes away: the page says so and why, rather than going blank.
  await gateway!.stop();
  await page
    .getByTestId('overall-status')
    .filter({ hasText: 'Gateway unreachable' })
    .waitFor({ timeout: REFRESH_WAIT_MS });
  expect(await page.getByTestId('gateway-error').textContent()).toMatch(/cannot reach the gateway: .*ECONNREFUSED/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'health-page-gateway-down.png'), fullPage: true });

  expect(consoleErrors).toEqual([]);
  await page.close();
});
