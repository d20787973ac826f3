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
