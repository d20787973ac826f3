// A seeded PRNG whose whole state is one 32-bit integer (mulberry32, as core/sim uses), so an
// optimizer's state can be stored, resumed and replayed bit for bit.

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** The state to resume from: `createPrng(state)` continues the same sequence. */
  readonly state: number;
}

export function createPrng(seed: number): Prng {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    get state() {
      return a;
    },
  };
}

/** Integer in [0, n). */
export function randomInt(rng: Prng, n: number): number {
  return Math.min(n - 1, Math.floor(rng.next() * n));
}

/** Standard normal (Box–Muller, one value per call so the stream stays simple to reason about). */
export function randomNormal(rng: Prng): number {
  const u = Math.max(rng.next(), Number.MIN_VALUE);
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
