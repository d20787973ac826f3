// doctor's intelligence lines: never synced, stale, fresh; disabled providers have no line.
import { IntelConfigSchema } from '../../../core/config/intel-config-schema';
import { intelChecks } from '../../../infra/stack/doctor/intel-check';

const NOW = Date.UTC(2026, 11, 4, 12);
const config = IntelConfigSchema.parse({ news: { enabled: false }, mempool: { intervalMinutes: 10 } });
const run = (provider: string, lastSuccessAt: number | null, lastError: string | null = null) => ({
  provider,
  lastSuccessAt,
  lastFailureAt: lastError ? NOW - 60_000 : null,
  lastError,
  lastErrorKind: lastError ? 'timeout' : null,
  lastCounts: null,
});

it('warns on a provider never synced or three intervals behind, naming its last error, and is ok otherwise', () => {
  const checks = intelChecks(
    config,
    [run('fear_greed', NOW - 30 * 60_000), run('mempool', NOW - 31 * 60_000, 'no answer within 10000 ms')],
    NOW,
  );
  const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
  // news is disabled: no line for it
  expect(Object.keys(byName)).toEqual([
    'intel:fear_greed',
    'intel:mempool',
    'intel:blockchain',
    'intel:defillama',
    'intel:fred',
  ]);
  expect(byName['intel:fear_greed']).toMatchObject({ status: 'ok', required: false });
  expect(byName['intel:mempool']).toMatchObject({ status: 'warn', required: false });
  expect(byName['intel:mempool'].detail).toMatch(/more than 3 intervals of 10 min.*timeout.*no answer/);
  expect(byName['intel:fred']).toMatchObject({ status: 'warn', detail: 'never synced' });
});

it('has no line at all when intel is disabled', () => {
  expect(intelChecks(IntelConfigSchema.parse({ enabled: false }), [], NOW)).toEqual([]);
});
