// The console `up` writes to. On a terminal the status block stays at the bottom and is redrawn in
// place (ANSI: cursor up, erase below); log lines are written above it. Elsewhere (a pipe, a file,
// --json) lines are only appended: the block once when the stack is ready, then its changes.
import { renderStatusBlock, statusChanges, type StackStatus, type StatusChange } from './status-block';

export interface ConsoleStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

const CSI = '\u001b[';

export class StatusConsole {
  private blockLines = 0;
  private block: string[] = [];
  private last?: StackStatus;

  constructor(
    private readonly out: ConsoleStream,
    /** Redraw in place (a terminal, and not --json). */
    readonly live: boolean = Boolean(out.isTTY),
    /** Where a non-live console reports a change (a plain line or a JSON record). */
    private readonly onChange: (c: StatusChange) => void = (c) =>
      this.line(`[up] ${c.level === 'warn' ? 'WARN ' : ''}${c.msg}`),
    /** How a non-live console shows the first status (default: the block's lines). */
    private readonly onFirst: (s: StackStatus) => void = (s) => {
      for (const l of renderStatusBlock(s)) this.line(l);
    },
  ) {}

  /** Writes one log line, above the block when there is one. */
  line(text: string): void {
    if (!this.live || !this.blockLines) {
      this.out.write(`${text}\n`);
      return;
    }
    this.out.write(`${this.erase()}${text}\n${this.draw()}`);
  }

  /** A new status: redrawn in place when live; else printed once, then only what changed. */
  status(s: StackStatus): void {
    const prev = this.last;
    this.last = s;
    if (this.live) {
      const lines = renderStatusBlock(s, { width: this.out.columns });
      // The cursor cannot go back above the top of the screen: a block taller than it is cut.
      const room = this.out.rows ? Math.max(3, this.out.rows - 2) : Infinity;
      this.block =
        lines.length > room
          ? [...lines.slice(0, room - 1), `… ${lines.length - room + 1} more lines (a taller terminal shows them)`]
          : lines;
      this.out.write(`${this.erase()}${this.draw()}`);
      return;
    }
    if (!prev) this.onFirst(s);
    else for (const c of statusChanges(prev, s)) this.onChange(c);
  }

  /** Leaves the block where it is (on stop): later lines go below it. */
  release(): void {
    this.blockLines = 0;
  }

  private erase(): string {
    return this.blockLines ? `${CSI}${this.blockLines}F${CSI}J` : '';
  }

  private draw(): string {
    this.blockLines = this.block.length;
    return this.block.length ? `${this.block.join('\n')}\n` : '';
  }
}
