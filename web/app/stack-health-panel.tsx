'use client';

import { useEffect, useState } from 'react';
import type { StackHealth } from '../lib/fetch-stack-health';
import type { DependencyHealth } from '../lib/gateway-types';
import { latency, utcTime } from './format';

interface Props {
  initial: StackHealth;
  refreshMs: number;
}

export function StackHealthPanel({ initial, refreshMs }: Props) {
  const [health, setHealth] = useState<StackHealth>(initial);
  const [pollError, setPollError] = useState<string | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const controller = new AbortController();
    const poll = async () => {
      // A hidden tab does not need fresh numbers; it catches up when shown again.
      if (!document.hidden) {
        try {
          const res = await fetch('/api/health', { cache: 'no-store', signal: controller.signal });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          setHealth((await res.json()) as StackHealth);
          setPollError(null);
        } catch (e) {
          if (cancelled) return;
          setPollError(`cannot reach the dashboard server (${(e as Error).message}); showing the last known state`);
        }
      }
      if (!cancelled) timer = setTimeout(poll, refreshMs);
    };
    timer = setTimeout(poll, refreshMs);
    return () => {
      cancelled = true;
      controller.abort();
      clearTimeout(timer);
    };
  }, [refreshMs]);

  return (
    <section className="panel" aria-live="polite">
      <Summary health={health} refreshMs={refreshMs} />
      {pollError && (
        <p className="notice" role="status">
          {pollError}
        </p>
      )}
      {health.kind === 'error' ? (
        <div className="alert" role="alert" data-testid="gateway-error">
          <p className="alert-title">The gateway did not answer</p>
          <p className="alert-message">{health.message}</p>
          <p className="hint">
            Start it with <code>opentrade up</code> (or <code>opentrade gateway</code>) and check that it listens on{' '}
            <code>{health.gatewayUrl}</code>.
          </p>
        </div>
      ) : health.report.dependencies.length === 0 ? (
        <p className="hint">The gateway reports no dependencies.</p>
      ) : (
        <ul className="deps">
          {health.report.dependencies.map((d) => (
            <DependencyRow key={d.name} dep={d} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Summary({ health, refreshMs }: { health: StackHealth; refreshMs: number }) {
  const { label, tone } = overall(health);
  const checkedAt = health.kind === 'report' ? health.report.checkedAt : health.checkedAt;
  return (
    <div className="summary">
      <span className={`pill pill-${tone}`} data-testid="overall-status">
        {label}
      </span>
      <span className="meta">
        gateway <code>{health.gatewayUrl}</code> · checked {utcTime(checkedAt)} · every {Math.round(refreshMs / 1000)} s
      </span>
    </div>
  );
}

function overall(health: StackHealth): { label: string; tone: 'ok' | 'warn' | 'fail' } {
  if (health.kind === 'error') return { label: 'Gateway unreachable', tone: 'fail' };
  if (health.report.status === 'ok') return { label: 'All systems ok', tone: 'ok' };
  if (health.report.ready) return { label: 'Degraded', tone: 'warn' };
  return { label: 'Down', tone: 'fail' };
}

function DependencyRow({ dep }: { dep: DependencyHealth }) {
  return (
    <li className="dep" data-testid={`dep-${dep.name}`}>
      <span className="dep-name">
        {dep.name}
        {!dep.required && <span className="tag">optional</span>}
      </span>
      <span className={`pill pill-${dep.status === 'ok' ? 'ok' : dep.required ? 'fail' : 'warn'}`}>{dep.status}</span>
      <span className="dep-latency">{latency(dep.latencyMs)}</span>
      {dep.detail && <span className="dep-detail">{dep.detail}</span>}
    </li>
  );
}
