import { RefusedError } from '../../../core/errors';
import { defaultSimClockFile, loadOrCreateSimClock } from '../../adapters/exchange/sim-clock-store';

/**
 * The sim market's speed is stored once for every process (worker, CLI, gateway); a session asking
 * for another speed cannot silently change it. Stores the clock at `speed` when none exists yet.
 */
export function ensureSimSpeed(speed: number, file = defaultSimClockFile()): void {
  const clock = loadOrCreateSimClock(file, { speed });
  if (clock.speed !== speed) {
    throw new RefusedError(
      `the sim market already runs at speed ${clock.speed} (stored in ${file}); every process shares that clock`,
      {
        field: 'speed',
        hint: 'leave the speed out, or stop the workers and delete that file to start a new simulation at another speed',
      },
    );
  }
}
