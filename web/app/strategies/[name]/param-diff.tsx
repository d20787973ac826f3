'use client';

import { useState } from 'react';
import type { StrategyVersion } from '../../../lib/gateway-types';

function show(v: unknown): string {
  return v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** Two versions' parameters side by side; changed keys are marked. */
export function ParamDiff({ versions }: { versions: StrategyVersion[] }) {
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const [a, setA] = useState(sorted[1]?.version ?? sorted[0]?.version);
  const [b, setB] = useState(sorted[0]?.version);
  if (sorted.length < 2) return <p className="meta">A diff needs at least two versions.</p>;
  const left = sorted.find((v) => v.version === a)?.parameters ?? {};
  const right = sorted.find((v) => v.version === b)?.parameters ?? {};
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  const pick = (value: number | undefined, set: (v: number) => void, label: string) => (
    <label className="inline-field">
      {label}
      <select value={value} onChange={(e) => set(Number(e.target.value))}>
        {sorted.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version} ({v.status})
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div data-testid="param-diff">
      <div className="controls">
        {pick(a, setA, 'From')}
        {pick(b, setB, 'To')}
      </div>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Parameter</th>
              <th>v{a}</th>
              <th>v{b}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => {
              const changed = show(left[k]) !== show(right[k]);
              return (
                <tr key={k} className={changed ? 'changed' : undefined}>
                  <td>
                    {k}
                    {changed && <span className="tag">changed</span>}
                  </td>
                  <td>
                    <code>{show(left[k])}</code>
                  </td>
                  <td>
                    <code>{show(right[k])}</code>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
