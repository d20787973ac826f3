import {
  childWarnings,
  healthWarnings,
  renderStatusBlock,
  statusChanges,
  type StackStatus,
} from '../../../infra/stack/status/status-block';
import { StatusConsole } from '../../../infra/stack/status/status-console';
import { readStackStatus } from '../../../infra/stack/status/status-poller';

const AT = Date.parse('2026-12-04T12:04:05Z');

function status(over: Partial<StackStatus> = {}): StackStatus {
  return {
    urls: [
      ['dashboard', 'http://127.0.0.1:3000'],
      ['gateway', 'http://127.0.0.1:8080/api/v1/health'],
      ['Temporal UI', 'http://127.0.0.1:8233'],
    ],
    sessions: [
      {
        id: 'ses-a1',
        status: 'running',
        symbols: ['BTC/USDT', 'ETH/USDT'],
        mode: 'paper',
        exchange: 'sim',
        strategy: 'sma-cross',
        lastDecision: { action: 'BUY', symbol: 'BTC/USDT', candleTime: '2026-01-07T09:15:00.000Z' },
      },
      { id: 'ses-b2', status: 'paused', symbols: ['SOL/USDT'], mode: 'paper', exchange: 'sim', strategy: 'rsi' },
      { id: 'ses-c3', status: 'stopped', symbols: ['BTC/USDT'] },
    ],
    tradesToday: { count: 3, more: false },
    warnings: [],
    at: AT,
    ...over,
  };
}

describe('renderStatusBlock', () => {
  it('shows the URLs, the active sessions with their last decision in market time, trades and warnings', () => {
    expect(
      renderStatusBlock(status({ warnings: ['worker is restarting (restart #2, exit 1 at 12:03:59 UTC)'] })),
    ).toEqual([
      'OpenTrade is up (status at 12:04:05 UTC)',
      '  dashboard    http://127.0.0.1:3000',
      '  gateway      http://127.0.0.1:8080/api/v1/health',
      '  Temporal UI  http://127.0.0.1:8233',
      'Sessions: 2 active, 1 ended recently',
      '  ses-a1  running  BTC/USDT,ETH/USDT  paper sim sma-cross  last BUY BTC/USDT (market time 2026-01-07 09:15 UTC)',
      '  ses-b2  paused   SOL/USDT  paper sim rsi  no decision yet',
      'Trades today: 3',
      'Warnings (1):',
      '  ! worker is restarting (restart #2, exit 1 at 12:03:59 UTC)',
      'Press Ctrl-C to stop.',
    ]);
  });

  it('says when the gateway has not answered, there are no sessions, and cuts lines to the width', () => {
    const lines = renderStatusBlock(status({ sessions: undefined, tradesToday: undefined }), { width: 20 });
    expect(lines).toContain('Sessions: (no answe…');
    expect(lines.every((l) => l.length <= 20)).toBe(true);
    expect(renderStatusBlock(status({ sessions: [] }))).toContain(
      'Sessions: none active (start one: opentrade trade start …)',
    );
    expect(renderStatusBlock(status({ tradesToday: { count: 500, more: true } }))).toContain('Trades today: 500+');
  });
});

describe('statusChanges', () => {
  it('reports session transitions, new sessions, trades and warnings that come and go; not decisions', () => {
    const prev = status({ warnings: ['health: redis fail'] });
    const next = status({
      sessions: [
        {
          ...prev.sessions![0],
          lastDecision: { action: 'HOLD', symbol: 'ETH/USDT', candleTime: '2026-01-07T09:16:00Z' },
        },
        { ...prev.sessions![1], status: 'running' },
        prev.sessions![2],
        { id: 'ses-d4', status: 'running', symbols: ['XRP/USDT'] },
      ],
      tradesToday: { count: 4, more: false },
      warnings: ['worker is restarting (restart #1, exit 1 at 12:04:00 UTC)'],
    });
    expect(statusChanges(prev, next).map((c) => [c.level, c.msg])).toEqual([
      ['info', 'session ses-b2 paused → running'],
      ['info', 'session ses-d4 running (XRP/USDT)'],
      ['info', 'trades today: 4'],
      ['warn', 'warning: worker is restarting (restart #1, exit 1 at 12:04:00 UTC)'],
      ['info', 'resolved: health: redis fail'],
    ]);
    expect(statusChanges(next, next)).toEqual([]);
  });
});

describe('warnings', () => {
  it('names children that restart, restarted lately, or are down', () => {
    const exit = { code: 1, signal: null, at: AT - 5000 };
    expect(
      childWarnings(
        [
          { name: 'worker', restarts: 2, restarting: true, down: false, lastExit: exit },
          { name: 'gateway', restarts: 1, restarting: false, down: false, lastExit: exit, pid: 9 },
          { name: 'telegram', restarts: 0, restarting: false, down: true, lastExit: { ...exit, code: 78 } },
          { name: 'redis', restarts: 1, restarting: false, down: false, lastExit: { ...exit, at: AT - 3_600_000 } },
          { name: 'temporal', restarts: 0, restarting: false, down: false, pid: 8 },
        ],
        AT,
      ),
    ).toEqual([
      'worker is restarting (restart #2, exit 1 at 12:04:00 UTC)',
      'gateway restarted 1 time(s) (last exit 1 at 12:04:00 UTC)',
      'telegram is not running (exit 78 at 12:04:00 UTC; see logs/telegram.log)',
    ]);
  });

  it('names failing health probes', () => {
    expect(
      healthWarnings({
        dependencies: [
          { name: 'postgres', status: 'ok', required: true },
          { name: 'worker', status: 'fail', required: false, detail: 'no poller on opentrade-trading' },
        ],
      }),
    ).toEqual(['health: worker fail (optional): no poller on opentrade-trading']);
  });
});

describe('StatusConsole', () => {
  const stream = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, s: { isTTY, columns: 200, write: (t: string) => out.push(t) } };
  };

  it('on a terminal redraws the block in place and writes log lines above it', () => {
    const { out, s } = stream(true);
    const c = new StatusConsole(s);
    c.status(status());
    const height = renderStatusBlock(status()).length;
    c.line('[worker] WARN Activity failed: boom (workflowId=ses-a1)');
    c.status(status({ tradesToday: { count: 4, more: false } }));
    expect(out[0]).toBe(`${renderStatusBlock(status()).join('\n')}\n`);
    // cursor up over the block, erase, the line, the block again
    expect(
      out[1].startsWith(`\u001b[${height}F\u001b[J[worker] WARN Activity failed: boom (workflowId=ses-a1)\n`),
    ).toBe(true);
    expect(out[2].startsWith(`\u001b[${height}F\u001b[J`)).toBe(true);
    expect(out[2]).toContain('Trades today: 4');
  });

  it('cuts a block taller than the terminal, so redrawing it in place still works', () => {
    const out: string[] = [];
    const c = new StatusConsole({ isTTY: true, columns: 200, rows: 8, write: (t: string) => out.push(t) });
    c.status(status());
    const lines = out[0].trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('… 5 more lines (a taller terminal shows them)');
  });

  it('elsewhere prints the block once, then only the changes as lines', () => {
    const { out, s } = stream(false);
    const c = new StatusConsole(s);
    c.status(status());
    c.status(status());
    c.status(status({ warnings: ['health: temporal fail'] }));
    expect(out.join('')).toBe(`${renderStatusBlock(status()).join('\n')}\n[up] WARN warning: health: temporal fail\n`);
    expect(out.join('')).not.toContain('\u001b[');
  });
});

describe('readStackStatus', () => {
  const json = (body: unknown, code = 200) => new Response(JSON.stringify(body), { status: code });

  it('reads sessions, their last decision, trades of the UTC day and failing probes from the gateway', async () => {
    const asked: string[] = [];
    const fakeFetch = (async (url: string, init?: RequestInit) => {
      const route = url.replace('http://gw/api/v1', '');
      asked.push(`${route} ${(init?.headers as Record<string, string>)?.authorization ?? '-'}`);
      if (route === '/health') return json({ dependencies: [{ name: 'redis', status: 'fail', required: true }] }, 503);
      if (route.startsWith('/sessions'))
        return json({
          items: [
            { id: 's1', status: 'running', symbols: ['BTC/USDT'], mode: 'paper', exchange: 'sim', strategy: 'x' },
            { id: 's2', status: 'stopped', symbols: ['ETH/USDT'] },
          ],
        });
      if (route.startsWith('/decisions'))
        return json({ items: [{ action: 'SELL', symbol: 'BTC/USDT', candleTime: '2026-01-01T00:00:00Z' }] });
      if (route.startsWith('/trades'))
        return json({ items: [{ openedAt: '2026-12-04T01:00:00Z' }, { openedAt: '2026-12-03T23:59:00Z' }] });
      return json({}, 404);
    }) as typeof fetch;
    const s = await readStackStatus({
      gatewayUrl: 'http://gw',
      token: 'tok',
      urls: [],
      children: () => [],
      fetch: fakeFetch,
      now: () => AT,
    });
    expect(s.sessions?.map((x) => [x.id, x.lastDecision?.action])).toEqual([
      ['s1', 'SELL'],
      ['s2', undefined],
    ]);
    expect(s.tradesToday).toEqual({ count: 1, more: false });
    expect(s.warnings).toEqual(['health: redis fail']);
    expect(asked).toEqual([
      '/health -',
      '/sessions?limit=20 Bearer tok',
      '/decisions?sessionId=s1&limit=1 Bearer tok',
      '/trades?limit=500 Bearer tok',
    ]);
  });

  it('turns an unreachable gateway into a warning', async () => {
    const s = await readStackStatus({
      gatewayUrl: 'http://gw',
      token: 't',
      urls: [],
      children: () => [],
      fetch: (async () => {
        throw new Error('connect ECONNREFUSED');
      }) as typeof fetch,
      now: () => AT,
    });
    expect(s.sessions).toBeUndefined();
    expect(s.warnings).toEqual(['gateway http://gw not answering: connect ECONNREFUSED']);
  });
});
