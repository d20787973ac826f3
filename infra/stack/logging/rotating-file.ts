// A log file that is rotated by size: at maxBytes <name>.log becomes <name>.log.1 (the older ones
// move up one, the last falls off), so a stack that runs for weeks keeps a bounded history.
import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

export interface RotationOptions {
  /** Rotate before a write would take the file past this size (default 10 MB). */
  maxBytes?: number;
  /** How many rotated files to keep next to the current one (default 3). */
  keep?: number;
}

export const DEFAULT_ROTATION = { maxBytes: 10 * 1024 * 1024, keep: 3 } as const;

export class RotatingFile {
  private fd: number | undefined;
  private size = 0;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(
    readonly file: string,
    o: RotationOptions = {},
  ) {
    this.maxBytes = o.maxBytes ?? DEFAULT_ROTATION.maxBytes;
    this.keep = o.keep ?? DEFAULT_ROTATION.keep;
    this.open();
  }

  private open(): void {
    this.fd = openSync(this.file, 'a');
    this.size = fstatSync(this.fd).size;
  }

  /** Appends the text (synchronously: a line is on disk before the child's next one is read). */
  write(text: string | Buffer): void {
    if (this.fd === undefined) return;
    const buf = typeof text === 'string' ? Buffer.from(text) : text;
    if (this.size > 0 && this.size + buf.length > this.maxBytes) this.rotate();
    writeSync(this.fd!, buf);
    this.size += buf.length;
  }

  private rotate(): void {
    closeSync(this.fd!);
    this.fd = undefined;
    if (this.keep <= 0) rmSync(this.file, { force: true });
    else {
      rmSync(`${this.file}.${this.keep}`, { force: true });
      for (let i = this.keep - 1; i >= 1; i--)
        if (existsSync(`${this.file}.${i}`)) renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
      renameSync(this.file, `${this.file}.1`);
    }
    this.open();
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
