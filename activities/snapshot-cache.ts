// The snapshots this worker built lately, by Redis key. A cycle's analysts run as local activities on
// the worker that built its snapshot, so they read it from here instead of five Redis round trips;
// Redis stays the source of truth (another worker, a restart, an evicted entry read it from there).
// Text, not objects: every analyst decodes its own copy, so none can change what another sees.
const DEFAULT_ENTRIES = 256;
const DEFAULT_TTL_MS = 60_000;

export class SnapshotCache {
  private readonly entries = new Map<string, { text: string; at: number }>();

  constructor(
    private readonly maxEntries = DEFAULT_ENTRIES,
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  put(key: string, text: string): void {
    this.entries.delete(key);
    this.entries.set(key, { text, at: this.now() });
    // Map keeps insertion order: the first entries are the oldest.
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
    }
  }

  get(key: string): string | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() - e.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.text;
  }
}
