// A sim clock that moves only when a session asks for the next candle close, stored in a file every
// process reads: a replay then runs through the real durable session as fast as its cycles go, and
// each cycle sees the market exactly at its candle's close (the next candle's open, nothing of it
// traded yet), which is the moment a backtest decides at.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../stack/config/atomic-write';

interface Stored {
  simNow: number;
}

export class SteppedSimClock {
  constructor(
    private readonly file: string,
    /** Where the clock starts when its file does not exist yet (the replay's first candle open). */
    start: number,
  ) {
    if (!existsSync(file)) this.write(start);
  }

  now(): number {
    let data: Stored;
    try {
      data = JSON.parse(readFileSync(this.file, 'utf8')) as Stored;
    } catch (e) {
      throw new Error(
        `stepped sim clock ${this.file} is unreadable (${(e as Error).message}); delete it to restart the replay`,
        {
          cause: e,
        },
      );
    }
    if (typeof data?.simNow !== 'number' || !Number.isFinite(data.simNow))
      throw new Error(`stepped sim clock ${this.file}: "simNow" must be a number; delete it to restart the replay`);
    return data.simNow;
  }

  /** Moves to `target` unless the clock is already there or later; returns the clock. */
  advanceTo(target: number): number {
    const now = this.now();
    if (target <= now) return now;
    this.write(target);
    return target;
  }

  private write(simNow: number): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileAtomic(this.file, `${JSON.stringify({ simNow })}\n`, 0o644);
  }
}
