// The sim clock's anchor is stored once and read by every process, so a restarted worker, the CLI
// and the gateway all see the same simulated time and the same generated prices.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SIM_EPOCH } from '../../../core/sim/sim-history';
import { writeFileAtomic } from '../../stack/config/atomic-write';
import { dataDir } from '../../stack/config/paths';

export interface StoredSimClock {
  wallStart: number;
  simStart: number;
  speed: number;
  seed: number;
}

export function defaultSimClockFile(): string {
  return path.join(dataDir(), 'sim-clock.json');
}

function parse(file: string, text: string): StoredSimClock {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `sim clock file ${file} is not valid JSON (${(e as Error).message}); delete it to start a new simulation`,
      { cause: e },
    );
  }
  const o = data as Record<string, unknown>;
  for (const k of ['wallStart', 'simStart', 'speed', 'seed'] as const) {
    if (typeof o?.[k] !== 'number' || !Number.isFinite(o[k]))
      throw new Error(`sim clock file ${file}: "${k}" must be a number; delete the file to start a new simulation`);
  }
  if (!((o.speed as number) > 0)) throw new Error(`sim clock file ${file}: "speed" must be positive`);
  return {
    wallStart: o.wallStart as number,
    simStart: o.simStart as number,
    speed: o.speed as number,
    seed: o.seed as number,
  };
}

/**
 * Reads the stored anchor, or stores a new one whose clock reads "now" (wall time) at creation.
 * `simStart`, the series' first candle, is SIM_EPOCH by default (the generated market's history),
 * or the current minute minus `historyMs` when that is given (a replay passes 0).
 */
export function loadOrCreateSimClock(
  file: string = defaultSimClockFile(),
  defaults: { speed?: number; seed?: number; historyMs?: number; now?: number } = {},
): StoredSimClock {
  if (existsSync(file)) return parse(file, readFileSync(file, 'utf8'));
  const now = defaults.now ?? Date.now();
  const simStart =
    defaults.historyMs === undefined
      ? Math.min(SIM_EPOCH, Math.floor(now / 60_000) * 60_000)
      : Math.floor((now - defaults.historyMs) / 60_000) * 60_000;
  // wallStart is chosen so the sim clock reads "now" at creation and then runs at `speed`.
  const speed = defaults.speed ?? 1;
  const clock: StoredSimClock = {
    wallStart: now - (now - simStart) / speed,
    simStart,
    speed,
    seed: defaults.seed ?? 1,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, JSON.stringify(clock, null, 2) + '\n', 0o644);
  return clock;
}
