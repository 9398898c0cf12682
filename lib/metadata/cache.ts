/**
 * The per-process metadata cache (`[api] metadata_cache_expiration` seconds; 0 disables it):
 * Nova's handler keeps what a look-up built under `metadata-<address>` or `metadata-<id>`, so a
 * change made through the compute API shows after at most that long.
 *
 * @module
 */

/** A time-bounded map; only positive answers are kept, as Nova keeps them. */
export class MetadataCache<T> {
  readonly #entries = new Map<string, { value: T; expires: number }>();
  readonly #seconds: number;
  readonly #now: () => number;
  readonly #max: number;

  /** `seconds` to keep an entry, `now` in milliseconds (tests move it), at most `max` entries. */
  constructor(seconds: number, now: () => number = Date.now, max = 10_000) {
    this.#seconds = seconds;
    this.#now = now;
    this.#max = max;
  }

  /** The live entry under `key`, if any. */
  get(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Keep `value` under `key` (nothing when caching is off). */
  set(key: string, value: T): void {
    if (this.#seconds <= 0) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.#max) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(key, { value, expires: this.#now() + this.#seconds * 1000 });
  }

  /** How many entries are held (expired ones included until read). */
  get size(): number {
    return this.#entries.size;
  }
}
