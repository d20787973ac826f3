import type { Command } from 'commander';
import { listPlugins, pluginInfo, type PluginSummary } from '../../infra/adapters/exchange/plugin-catalog';
import { printJson, printLine } from '../util/output';
import { runAction } from '../util/run-action';

const yes = (b: boolean) => (b ? 'yes' : '-');

function table(rows: PluginSummary[]): string[] {
  const head = ['id', 'spot', 'swap', 'ohlcv', 'orders', 'stops', 'sandbox', 'name'];
  const body = rows.map((r) => [
    r.id,
    yes(r.spot),
    yes(r.swap),
    yes(r.fetchOHLCV),
    yes(r.createOrder),
    yes(r.stopOrders),
    yes(r.sandbox),
    r.name,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  return [head, ...body].map((cells) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  '),
  );
}

export function registerPluginCommand(program: Command): void {
  const plugin = program
    .command('plugin')
    .description('exchange plugins: every ccxt exchange plus the offline sim market and the paper exchange');

  plugin
    .command('list')
    .description(
      'list every exchange plugin with its key capabilities (spot/swap, OHLCV, orders, stop orders, sandbox)',
    )
    .option('--json', 'print [{id, name, kind, spot, swap, fetchOHLCV, createOrder, stopOrders, sandbox}]')
    .action(
      runAction(async (opts: { json?: boolean }) => {
        const rows = listPlugins();
        if (opts.json) printJson(rows);
        else {
          for (const line of table(rows)) printLine(line);
          printLine(`\n${rows.length} plugins; details: opentrade plugin info <id>`);
        }
      }),
    );

  plugin
    .command('info <id>')
    .description('capabilities, timeframes and required credentials of one plugin')
    .option('--json', 'print the full description as JSON')
    .action(
      runAction(async (id: string, opts: { json?: boolean }) => {
        const info = pluginInfo(id);
        if (opts.json) return printJson(info);
        printLine(`${info.id} — ${info.name} (${info.kind})`);
        printLine(`markets:      ${[info.spot && 'spot', info.swap && 'swap'].filter(Boolean).join(', ') || 'none'}`);
        printLine(
          `OHLCV:        ${yes(info.fetchOHLCV)}   orders: ${yes(info.createOrder)}   stop orders: ${yes(info.stopOrders)}   sandbox: ${yes(info.sandbox)}`,
        );
        if (info.timeframes.length) printLine(`timeframes:   ${info.timeframes.join(', ')}`);
        printLine(`credentials:  ${info.credentials.length ? info.credentials.join(', ') : 'none'}`);
        if (info.rateLimitMs !== undefined) printLine(`rate limit:   one request per ${info.rateLimitMs} ms`);
        if (info.urls?.www) printLine(`website:      ${info.urls.www}`);
        if (info.notes) printLine(`notes:        ${info.notes}`);
      }),
    );
}
