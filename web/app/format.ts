/** "14:03:07 UTC": the same text on server and client, so hydration never mismatches. */
export function utcTime(iso: string): string {
  const match = /T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} UTC` : iso;
}

export function latency(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
