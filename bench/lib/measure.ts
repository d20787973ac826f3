/**
 * Runs `fn` `warmup` times untimed (so V8 has optimised it), then `reps` timed times, and returns
 * the median in milliseconds of both wall time and process CPU time (user + system, which includes
 * V8's GC threads). The machine is shared, so wall time also counts other processes' turns on the
 * CPU; CPU time is the fairer "one core" figure. The median keeps one slow repetition from skewing it.
 */
export interface Timing {
  wallMs: number;
  cpuMs: number;
  /** The fastest repetition's CPU time: what a quiet machine does (reported beside the median). */
  bestCpuMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export function measure(fn: () => unknown, reps = 9, warmup = 3): Timing {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += Number(Boolean(fn()));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    sink += Number(Boolean(fn()));
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  if (sink < 0) console.log(sink); // keeps results observable so nothing is optimised away
  return { wallMs: median(wall), cpuMs: median(cpu), bestCpuMs: Math.min(...cpu) };
}

export function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

/** A scenario timed in alternation with the baseline, and the per-pair ratio baseline ÷ scenario. */
export interface PairedTiming {
  baseline: Timing;
  scenario: Timing;
  /** Median over the pairs of baselineCpu / scenarioCpu (1 = as fast as the baseline). */
  cpuRatio: number;
  /** The same over wall times. */
  wallRatio: number;
}

function timeOnce(fn: () => unknown): { wall: number; cpu: number; ok: boolean } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const ok = Boolean(fn());
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, ok };
}

/**
 * Times `baseline` and `scenario` in `reps` back-to-back pairs (the order alternating from pair to
 * pair), so that both see the same state of a shared machine: a noisy moment slows both halves of
 * a pair instead of only one side of the comparison. The ratio is taken within each pair and the
 * median of those ratios reported; each side's own medians are reported too.
 */
export function measurePaired(baseline: () => unknown, scenario: () => unknown, reps = 15, warmup = 5): PairedTiming {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += Number(Boolean(baseline())) + Number(Boolean(scenario()));
  const b: { wall: number; cpu: number }[] = [];
  const s: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < reps; i++) {
    if (i % 2 === 0) {
      const x = timeOnce(baseline);
      const y = timeOnce(scenario);
      sink += Number(x.ok) + Number(y.ok);
      b.push(x);
      s.push(y);
    } else {
      const y = timeOnce(scenario);
      const x = timeOnce(baseline);
      sink += Number(x.ok) + Number(y.ok);
      b.push(x);
      s.push(y);
    }
  }
  if (sink < 0) console.log(sink);
  const timing = (xs: { wall: number; cpu: number }[]): Timing => ({
    wallMs: median(xs.map((x) => x.wall)),
    cpuMs: median(xs.map((x) => x.cpu)),
    bestCpuMs: Math.min(...xs.map((x) => x.cpu)),
  });
  return {
    baseline: timing(b),
    scenario: timing(s),
    cpuRatio: median(b.map((x, i) => x.cpu / s[i].cpu)),
    wallRatio: median(b.map((x, i) => x.wall / s[i].wall)),
  };
}
