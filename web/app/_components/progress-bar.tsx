/** pct in 0..100. */
export function ProgressBar({ pct, label }: { pct: number; label: string }) {
  const clamped = Math.max(0, Math.min(100, Number.isFinite(pct) ? pct : 0));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(clamped)}
      data-testid="progress"
    >
      <div className="progress-fill" style={{ width: `${clamped}%` }} />
      <span className="progress-text">{clamped.toFixed(0)} %</span>
    </div>
  );
}
