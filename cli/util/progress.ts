// Progress of long CLI work (downloads, backtests, evolution) on stderr, so stdout stays the result.
// On a terminal: one bar redrawn in place. Otherwise (a CI log, a pipe): a plain line at most every
// few seconds, so short work prints nothing and long work leaves a readable heartbeat.

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  /** `fraction` in [0, 1]; `label` says what is being done (a phase, a count, a time). */
  update(fraction: number, label?: string): void;
  /** Ends the bar's line on a terminal; prints nothing otherwise. */
  done(): void;
}

const WIDTH = 30;
export const PLAIN_EVERY_MS = 5_000;

export function progress(out: ProgressStream, now: () => number = Date.now): Progress {
  const tty = out.isTTY === true;
  let drawn = '';
  let lastPlainAt = now();
  return {
    update(fraction, label) {
      const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
      const pct = String(Math.floor(f * 100)).padStart(3);
      const tail = label ? ` ${label}` : '';
      if (tty) {
        const filled = Math.round(f * WIDTH);
        const line = `\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${pct} %${tail}`;
        if (line === drawn) return;
        // Pad over a longer previous line, so no characters of it stay on screen.
        out.write(line.padEnd(drawn.length));
        drawn = line;
        return;
      }
      const t = now();
      if (t - lastPlainAt < PLAIN_EVERY_MS) return;
      lastPlainAt = t;
      out.write(`${pct.trim()} %${tail}\n`);
    },
    done() {
      if (tty && drawn) out.write('\n');
      drawn = '';
    },
  };
}
