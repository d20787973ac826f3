'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { GatewayError } from '../../../lib/api-client';
import type { EvolutionRunList, EvolutionStarted } from '../../../lib/gateway-types';
import { optionalJsonObject } from '../../../lib/form-values';
import { useGateway } from '../../../lib/gateway-context';
import { ErrorBox } from '../../_components/states';

/** The evolution request is rich (core/optimizer/evolution-request.ts): it is edited as JSON, with a working example. */
export function EvolutionForm({ strategy }: { strategy: string }) {
  const { client } = useGateway();
  const router = useRouter();
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const example = JSON.stringify(
    {
      strategy,
      exchange: 'sim',
      symbol: 'BTC/USDT',
      timeframe: '15m',
      window: { trainDays: 4, oosDays: 2 },
      oosWindows: 1,
      genetic: { populationSize: 8, generations: 3 },
    },
    null,
    2,
  );
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!client) return;
    setError(null);
    setBusy('Starting…');
    try {
      const request = optionalJsonObject(new FormData(e.currentTarget).get('request'), 'request') ?? {};
      const { run } = await client.post<EvolutionStarted>('/evolution/runs', request);
      // The run's row appears once a worker has prepared it; opening its page before would show a 404.
      setBusy('Waiting for a worker to pick it up…');
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const page = await client.get<EvolutionRunList>('/evolution/runs', { strategy, limit: 20 });
        if (page.items.some((r) => r.id === run.id)) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      router.push(`/evolution/${encodeURIComponent(run.id)}`);
    } catch (err) {
      setError(err instanceof Error ? err : new GatewayError(0, 'client', String(err)));
    } finally {
      setBusy(null);
    }
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <label>
        Request (JSON)
        <textarea name="request" rows={9} defaultValue={example} className="mono" />
      </label>
      <button type="submit" className="button primary" disabled={busy !== null}>
        Start evolution
      </button>
      {busy && (
        <span className="meta" role="status">
          {busy}
        </span>
      )}
      {error && (
        <ErrorBox
          error={error}
          title={error instanceof GatewayError ? 'The gateway refused the run' : 'Check the request'}
        />
      )}
    </form>
  );
}
