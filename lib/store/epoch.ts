/**
 * Store epochs: what makes "reset the cloud" safe while other processes (compute workers, the
 * metadata API, Deploy isolates) keep running on the same store.
 *
 * {@link EpochKv} wraps a `Deno.Kv` and is what `openStore` hands out: every key a caller reads
 * or writes is placed in the store's current epoch (epoch 0: the key as it is, so stores made
 * before epochs need no migration; epoch N > 0: `[N, ...key]`), and keys come back without that
 * prefix, so no other module knows. Keys under `GLOBAL_KEY_ROOTS` (`["meta", ...]`,
 * `["identity", ...]`; see `keys.ts`) belong to no epoch.
 *
 * The epoch is `["meta", "epoch"]`. {@link resetStore} seeds epoch N + 1 while N is still served,
 * moves the key to N + 1 in one atomic operation, and deletes older epochs' keys afterwards in the
 * background, in batches, once the readers' bound has passed: nobody reads them any more. So
 * nobody ever sees a half-seeded or half-wiped cloud. The deletion keeps no state: one cut short
 * (a process stopped, a Deploy isolate recycled) is finished by the next reset's. Other processes learn of the move two ways:
 *
 * - writes: every atomic operation through the wrapper that touches a key of the epoch (every
 *   `transact` commit, every `set` and `delete`) also checks the epoch key's versionstamp as the
 *   process last read it (one check more: an operation may hold 99 of its own, not 100). A process that
 *   has not noticed a reset cannot write into the old epoch: its commit fails, the wrapper reads
 *   the epoch again at once, and `transact`'s retry runs in the new one.
 * - reads: the epoch key is read again when the last read is more than `refreshMs` old (default
 *   {@link DEFAULT_REFRESH_MS}), awaited before the operation that finds it stale. One point read
 *   costs ~30 µs here, about a tenth of a whole flavors/detail request, too much per request; once
 *   a second is nothing. So another process reads the old cloud for at most that long after a
 *   reset, and never writes to it. The resetting process switches at once.
 *
 * In-process caches stay right: those keyed by versionstamps (flavors, decoded servers, rendered
 * server JSON) never match a new epoch's records, which carry new versionstamps; the metadata
 * API's time-based cache is keyed by {@link currentEpoch}.
 *
 * @module
 */
import { GLOBAL_KEY_ROOTS, keys } from "./keys.ts";
import { retryLocked } from "./transaction.ts";

/** How often (ms) a process re-reads the epoch by default: its staleness bound after a reset. */
export const DEFAULT_REFRESH_MS = 1000;

/** Mutations per atomic operation when deleting an old epoch (KV allows 1,000). */
const PURGE_BATCH = 500;

/** How long a reset may hold its lease before another may take over (a crashed one). */
const RESET_LEASE_MS = 60_000;

/** Whether `key` belongs to no epoch (its first part is one of `GLOBAL_KEY_ROOTS`). */
export function isGlobalKey(key: Deno.KvKey): boolean {
  const first = key[0];
  return typeof first === "string" && GLOBAL_KEY_ROOTS.has(first);
}

/** `key` as stored in `epoch`. */
export function epochKey(epoch: number, key: Deno.KvKey): Deno.KvKey {
  return epoch === 0 || isGlobalKey(key) ? key : [epoch, ...key];
}

/** A stored key as the callers of `epoch` see it. */
function strip(epoch: number, raw: Deno.KvKey): Deno.KvKey {
  return epoch === 0 || isGlobalKey(raw) ? raw : raw.slice(1);
}

/** Whether a stored key is in `epoch` (global keys are in every one). */
function inEpoch(epoch: number, raw: Deno.KvKey): boolean {
  if (isGlobalKey(raw)) return true;
  return epoch === 0 ? typeof raw[0] === "string" : raw[0] === epoch;
}

/** The epoch as a process last read it. */
interface EpochState {
  readonly epoch: number;
  /** The epoch key's versionstamp (null: never written, epoch 0). */
  readonly stamp: string | null;
}

function stateOf(entry: Deno.KvEntryMaybe<unknown>): EpochState {
  const value = entry.value;
  const epoch = typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : 0;
  return { epoch, stamp: entry.versionstamp };
}

/** Options of {@link EpochKv}. */
export interface EpochOptions {
  /** Re-read the epoch when the last read is older than this (ms); 0: before every operation. */
  refreshMs?: number;
  /** The clock in ms (tests move it). */
  now?: () => number;
}

/** Raised when another reset holds the lease. */
export class ResetInProgress extends Error {
  constructor() {
    super("another reset of the store is in progress");
    this.name = "ResetInProgress";
  }
}

/** Raised for a reset of a store that was not opened through {@link EpochKv}. */
export class EpochsUnsupported extends Error {
  constructor() {
    super("this store was opened without epochs and cannot be reset");
    this.name = "EpochsUnsupported";
  }
}

function mapSelector(epoch: number, selector: Deno.KvListSelector): Deno.KvListSelector {
  if (epoch === 0) return selector;
  const out: Record<string, Deno.KvKey> = {};
  for (const [name, key] of Object.entries(selector)) out[name] = epochKey(epoch, key);
  return out as unknown as Deno.KvListSelector;
}

/** A list iterator that hands back keys without the epoch's prefix. */
class StrippedList<T> implements Deno.KvListIterator<T> {
  readonly #start: Promise<unknown>;
  #inner: Deno.KvListIterator<T> | null = null;
  #epoch = 0;

  /** `start` settles to the stored-key iterator and the epoch it lists. */
  constructor(start: Promise<{ inner: Deno.KvListIterator<T>; epoch: number }>) {
    this.#start = start.then(({ inner, epoch }) => {
      this.#inner = inner;
      this.#epoch = epoch;
    });
  }

  get cursor(): string {
    return this.#inner?.cursor ?? "";
  }

  next(): Promise<IteratorResult<Deno.KvEntry<T>, undefined>> {
    const inner = this.#inner;
    if (inner === null) return this.#start.then(() => this.next());
    return inner.next().then(this.#strip);
  }

  readonly #strip = (
    step: IteratorResult<Deno.KvEntry<T>, undefined>,
  ): IteratorResult<Deno.KvEntry<T>, undefined> => {
    if (step.done) return step;
    const e = step.value;
    return {
      done: false,
      value: { key: strip(this.#epoch, e.key), value: e.value, versionstamp: e.versionstamp },
    };
  };

  [Symbol.asyncIterator](): AsyncIterableIterator<Deno.KvEntry<T>> {
    return this;
  }
}

/** The whole store as one epoch sees it (`list({ prefix: [] })`): its keys and the global ones. */
class WholeList<T> implements Deno.KvListIterator<T> {
  readonly #entries: AsyncGenerator<Deno.KvEntry<T>>;

  constructor(entries: AsyncGenerator<Deno.KvEntry<T>>) {
    this.#entries = entries;
  }

  get cursor(): string {
    return "";
  }

  async next(): Promise<IteratorResult<Deno.KvEntry<T>, undefined>> {
    const step = await this.#entries.next();
    return step.done ? { done: true, value: undefined } : step;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Deno.KvEntry<T>> {
    return this;
  }
}

/**
 * An atomic operation in one epoch, checking that the epoch has not moved. An operation on global
 * keys alone belongs to no epoch and is not checked (a role granted during a reset stays granted).
 */
class EpochAtomic implements Deno.AtomicOperation {
  readonly #op: Deno.AtomicOperation;
  readonly #state: EpochState;
  readonly #check: boolean;
  readonly #after: (ok: boolean) => Promise<void>;
  /** Whether a key of the epoch was touched (so the epoch must be checked). */
  #epochal = false;
  #checked = false;

  constructor(
    op: Deno.AtomicOperation,
    state: EpochState,
    check: boolean,
    after: (ok: boolean) => Promise<void>,
  ) {
    this.#op = op;
    this.#state = state;
    this.#check = check;
    this.#after = after;
  }

  #key(key: Deno.KvKey): Deno.KvKey {
    if (isGlobalKey(key)) return key;
    this.#epochal = true;
    return epochKey(this.#state.epoch, key);
  }

  check(...checks: Deno.AtomicCheck[]): this {
    this.#op.check(...checks.map((c) => ({ key: this.#key(c.key), versionstamp: c.versionstamp })));
    return this;
  }

  mutate(...mutations: Deno.KvMutation[]): this {
    this.#op.mutate(...mutations.map((m) => ({ ...m, key: this.#key(m.key) })));
    return this;
  }

  sum(key: Deno.KvKey, n: bigint): this {
    this.#op.sum(this.#key(key), n);
    return this;
  }

  min(key: Deno.KvKey, n: bigint): this {
    this.#op.min(this.#key(key), n);
    return this;
  }

  max(key: Deno.KvKey, n: bigint): this {
    this.#op.max(this.#key(key), n);
    return this;
  }

  set(key: Deno.KvKey, value: unknown, options?: { expireIn?: number }): this {
    this.#op.set(this.#key(key), value, options);
    return this;
  }

  delete(key: Deno.KvKey): this {
    this.#op.delete(this.#key(key));
    return this;
  }

  enqueue(
    value: unknown,
    options?: { delay?: number; keysIfUndelivered?: Deno.KvKey[]; backoffSchedule?: number[] },
  ): this {
    const undelivered = options?.keysIfUndelivered?.map((k) => this.#key(k));
    this.#op.enqueue(value, undelivered ? { ...options, keysIfUndelivered: undelivered } : options);
    return this;
  }

  async commit(): Promise<Deno.KvCommitResult | Deno.KvCommitError> {
    const checked = this.#check && this.#epochal;
    if (checked && !this.#checked) {
      // Added once: a caller may commit the same operation again (retryLocked).
      this.#checked = true;
      this.#op.check({ key: keys.storeEpoch(), versionstamp: this.#state.stamp });
    }
    const result = await this.#op.commit();
    if (checked) await this.#after(result.ok);
    return result;
  }
}

/**
 * A `Deno.Kv` that places every non-global key in the store's current epoch (see the module doc).
 * Open one with {@link openEpochKv}.
 */
export class EpochKv implements Deno.Kv {
  readonly #raw: Deno.Kv;
  #state: EpochState;
  readonly #pinned: boolean;
  readonly #refreshMs: number;
  readonly #now: () => number;
  #checkedAt: number;
  #refreshing: Promise<void> | null = null;
  #purge: Promise<void> | null = null;
  #purgeTimer: ReturnType<typeof setTimeout> | undefined;
  #purgeCancel: (() => void) | null = null;
  #closed = false;

  /** Wrap `raw` at `state` (read by {@link openEpochKv}); `pinned`: stay in that epoch, unchecked. */
  constructor(raw: Deno.Kv, state: EpochState, options: EpochOptions & { pinned?: boolean } = {}) {
    this.#raw = raw;
    this.#state = state;
    this.#pinned = options.pinned ?? false;
    this.#refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
    this.#now = options.now ?? (() => performance.now());
    this.#checkedAt = this.#now();
  }

  /** The epoch this view serves now (as last read). */
  get epoch(): number {
    return this.#state.epoch;
  }

  /** The wrapped store. */
  get raw(): Deno.Kv {
    return this.#raw;
  }

  #stale(): boolean {
    return !this.#pinned && this.#now() - this.#checkedAt >= this.#refreshMs;
  }

  /** Read the epoch key again now (concurrent callers share one read). */
  refresh(): Promise<void> {
    if (this.#pinned) return Promise.resolve();
    return this.#refreshing ??= (async () => {
      try {
        const at = this.#now();
        const entry = await retryLocked(() => this.#raw.get(keys.storeEpoch()));
        this.#adopt(stateOf(entry), at);
      } finally {
        this.#refreshing = null;
      }
    })();
  }

  #adopt(state: EpochState, at: number): void {
    if (state.stamp !== this.#state.stamp) this.#state = state;
    this.#checkedAt = at;
  }

  /** The epoch, read again first when the last read is older than the bound. */
  async current(): Promise<number> {
    if (this.#stale()) await this.refresh();
    return this.#state.epoch;
  }

  get<T = unknown>(
    key: Deno.KvKey,
    options?: { consistency?: Deno.KvConsistencyLevel },
  ): Promise<Deno.KvEntryMaybe<T>> {
    if (this.#stale()) return this.refresh().then(() => this.#get<T>(key, options));
    return this.#get<T>(key, options);
  }

  #get<T>(
    key: Deno.KvKey,
    options?: { consistency?: Deno.KvConsistencyLevel },
  ): Promise<Deno.KvEntryMaybe<T>> {
    const stored = epochKey(this.#state.epoch, key);
    if (stored === key) return this.#raw.get<T>(key, options);
    return this.#raw.get<T>(stored, options).then((e) =>
      ({ key, value: e.value, versionstamp: e.versionstamp }) as Deno.KvEntryMaybe<T>
    );
  }

  getMany<T extends readonly unknown[]>(
    keys: readonly [...{ [K in keyof T]: Deno.KvKey }],
    options?: { consistency?: Deno.KvConsistencyLevel },
  ): Promise<{ [K in keyof T]: Deno.KvEntryMaybe<T[K]> }> {
    const read = async () => {
      const epoch = this.#state.epoch;
      const list = keys as readonly Deno.KvKey[];
      if (epoch === 0) return await this.#raw.getMany<T>(keys, options);
      const entries = await this.#raw.getMany<unknown[]>(
        list.map((k) => epochKey(epoch, k)),
        options,
      );
      return entries.map((e, i) => ({
        key: list[i],
        value: e.value,
        versionstamp: e.versionstamp,
      })) as unknown as { [K in keyof T]: Deno.KvEntryMaybe<T[K]> };
    };
    return this.#stale() ? this.refresh().then(read) : read();
  }

  list<T = unknown>(
    selector: Deno.KvListSelector,
    options?: Deno.KvListOptions,
  ): Deno.KvListIterator<T> {
    if ("prefix" in selector && selector.prefix.length === 0) {
      if ("start" in selector || "end" in selector) {
        throw new TypeError("an epoch store lists the whole store only by the empty prefix");
      }
      return new WholeList<T>(this.#whole<T>(options ?? {}));
    }
    if (!this.#stale() && this.#state.epoch === 0) return this.#raw.list<T>(selector, options);
    const open = () => {
      const epoch = this.#state.epoch;
      return { inner: this.#raw.list<T>(mapSelector(epoch, selector), options), epoch };
    };
    return new StrippedList<T>(
      this.#stale() ? this.refresh().then(open) : Promise.resolve(open()),
    );
  }

  async *#whole<T>(options: Deno.KvListOptions): AsyncGenerator<Deno.KvEntry<T>> {
    const epoch = await this.current();
    const { limit, ...rest } = options;
    let left = limit ?? Infinity;
    if (left <= 0) return;
    for await (const e of this.#raw.list<T>({ prefix: [] }, rest)) {
      if (!inEpoch(epoch, e.key)) continue;
      yield { key: strip(epoch, e.key), value: e.value, versionstamp: e.versionstamp };
      if (--left <= 0) return;
    }
  }

  /** An atomic operation in the current epoch; it fails if the epoch moves before it commits. */
  atomic(): Deno.AtomicOperation {
    return new EpochAtomic(this.#raw.atomic(), this.#state, !this.#pinned, async (ok) => {
      if (!ok && !this.#pinned) await this.refresh();
    });
  }

  async set(
    key: Deno.KvKey,
    value: unknown,
    options?: { expireIn?: number },
  ): Promise<Deno.KvCommitResult> {
    for (let attempt = 0;; attempt++) {
      const result = await this.atomic().set(key, value, options).commit();
      if (result.ok) return result;
      if (attempt >= 10) throw new Error("the store's epoch kept moving");
    }
  }

  async delete(key: Deno.KvKey): Promise<void> {
    for (let attempt = 0;; attempt++) {
      if ((await this.atomic().delete(key).commit()).ok) return;
      if (attempt >= 10) throw new Error("the store's epoch kept moving");
    }
  }

  enqueue(
    value: unknown,
    options?: { delay?: number; keysIfUndelivered?: Deno.KvKey[]; backoffSchedule?: number[] },
  ): Promise<Deno.KvCommitResult> {
    const epoch = this.#state.epoch;
    const undelivered = options?.keysIfUndelivered?.map((k) => epochKey(epoch, k));
    return this.#raw.enqueue(
      value,
      undelivered ? { ...options, keysIfUndelivered: undelivered } : options,
    );
  }

  // deno-lint-ignore no-explicit-any
  listenQueue(handler: (value: any) => Promise<void> | void): Promise<void> {
    return this.#raw.listenQueue(handler);
  }

  watch<T extends readonly unknown[]>(
    keys: readonly [...{ [K in keyof T]: Deno.KvKey }],
    options?: { raw?: boolean },
  ): ReadableStream<{ [K in keyof T]: Deno.KvEntryMaybe<T[K]> }> {
    const epoch = this.#state.epoch;
    const list = keys as readonly Deno.KvKey[];
    const stream = this.#raw.watch<T>(
      list.map((k) => epochKey(epoch, k)) as unknown as { [K in keyof T]: Deno.KvKey },
      options,
    );
    return stream.pipeThrough(
      new TransformStream({
        transform(entries, controller) {
          controller.enqueue(
            (entries as unknown as Deno.KvEntryMaybe<unknown>[]).map((e, i) => ({
              ...e,
              key: list[i],
            })) as unknown as { [K in keyof T]: Deno.KvEntryMaybe<T[K]> },
          );
        },
      }),
    );
  }

  commitVersionstamp(): symbol {
    return this.#raw.commitVersionstamp();
  }

  /** Stop deleting old epochs and close the store. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#purgeTimer);
    this.#purgeCancel?.();
    this.#raw.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** Settles once the deletion of old epochs started by the last reset has finished. */
  purged(): Promise<void> {
    return this.#purge ?? Promise.resolve();
  }

  /**
   * Reset: seed a new epoch with `seed` (handed a view pinned to it), move the store to it in
   * one atomic operation, switch this view at once, and delete older epochs' keys after
   * `purgeDelayMs` (default: this view's refresh bound, so another process's reads within its
   * bound still see a whole old cloud). {@link ResetInProgress} while another reset runs.
   */
  async reset(
    seed: (kv: Deno.Kv) => Promise<unknown>,
    options: { purgeDelayMs?: number } = {},
  ): Promise<number> {
    const raw = this.#raw;
    const holder = crypto.randomUUID();
    const current = await retryLocked(() => raw.get(keys.storeEpoch()));
    const taken = await retryLocked(() =>
      raw.atomic().check({ key: keys.resetLease(), versionstamp: null })
        .set(keys.resetLease(), holder, { expireIn: RESET_LEASE_MS }).commit()
    );
    if (!taken.ok) throw new ResetInProgress();
    try {
      const next = stateOf(current).epoch + 1;
      // A reset that died before its flip may have left part of a seed here.
      await deleteRange(raw, { prefix: [next] }, () => this.#closed);
      await seed(new EpochKv(raw, { epoch: next, stamp: null }, { pinned: true }));
      const flipped = await retryLocked(() =>
        raw.atomic().check(current).check({
          key: keys.resetLease(),
          versionstamp: taken.versionstamp,
        })
          .set(keys.storeEpoch(), next).delete(keys.resetLease()).commit()
      );
      if (!flipped.ok) throw new ResetInProgress();
      await this.refresh();
      this.#startPurge(next, options.purgeDelayMs ?? this.#refreshMs);
      return next;
    } catch (e) {
      await retryLocked(() =>
        raw.atomic().check({ key: keys.resetLease(), versionstamp: taken.versionstamp })
          .delete(keys.resetLease()).commit()
      ).catch(() => {});
      throw e;
    }
  }

  #startPurge(epoch: number, delayMs: number): void {
    const previous = this.#purge ?? Promise.resolve();
    this.#purge = previous.then(() =>
      new Promise<void>((resolve) => {
        if (this.#closed) return resolve();
        this.#purgeCancel = resolve;
        this.#purgeTimer = setTimeout(() => {
          this.#purgeCancel = null;
          purgeOldEpochs(this.#raw, epoch, () => this.#closed).then(
            () => resolve(),
            () => resolve(),
          );
        }, delayMs);
      })
    );
  }
}

/** Delete every key `selector` lists, in batches; stops early once `stop()` says so. */
async function deleteRange(
  raw: Deno.Kv,
  selector: Deno.KvListSelector,
  stop: () => boolean,
  keep: (key: Deno.KvKey) => "keep" | "delete" | "done" = () => "delete",
): Promise<number> {
  let deleted = 0;
  for (;;) {
    if (stop()) return deleted;
    const batch: Deno.KvKey[] = [];
    let done = true;
    for await (const e of raw.list(selector, { batchSize: PURGE_BATCH })) {
      const verdict = keep(e.key);
      if (verdict === "done") break;
      if (verdict === "keep") continue;
      batch.push(e.key);
      if (batch.length === PURGE_BATCH) {
        done = false;
        break;
      }
    }
    if (batch.length === 0) return deleted;
    const op = raw.atomic();
    for (const key of batch) op.delete(key);
    await retryLocked(() => op.commit());
    deleted += batch.length;
    if (done) return deleted;
  }
}

/**
 * Delete the keys of every epoch before `current`: epoch 0's (non-global keys whose first part
 * is a string) once `current` > 0, and `[n, ...]` for 0 < n < `current`. Stateless, so running it
 * again finishes what a stopped run left. Returns how many keys went.
 */
export async function purgeOldEpochs(
  raw: Deno.Kv,
  current: number,
  stop: () => boolean = () => false,
): Promise<number> {
  if (current <= 0) return 0;
  // Strings sort before numbers: epoch 0's keys come first, then the numbered epochs.
  let deleted = await deleteRange(
    raw,
    { prefix: [] },
    stop,
    (key) => typeof key[0] !== "string" ? "done" : isGlobalKey(key) ? "keep" : "delete",
  );
  if (current > 1) deleted += await deleteRange(raw, { start: [1], end: [current] }, stop);
  return deleted;
}

/** Wrap an opened store in its current epoch (one read of the epoch key). */
export async function openEpochKv(raw: Deno.Kv, options: EpochOptions = {}): Promise<EpochKv> {
  const entry = await retryLocked(() => raw.get(keys.storeEpoch()));
  return new EpochKv(raw, stateOf(entry), options);
}

/**
 * The epoch `kv` serves now (read again when older than its bound); 0 for a plain `Deno.Kv`.
 * Caches that are not keyed by versionstamps key by this.
 */
export function currentEpoch(kv: Deno.Kv): Promise<number> | number {
  return kv instanceof EpochKv ? kv.current() : 0;
}

/** Re-read the epoch of `kv` now (nothing for a plain `Deno.Kv`). */
export async function refreshEpoch(kv: Deno.Kv): Promise<void> {
  if (kv instanceof EpochKv) await kv.refresh();
}

/**
 * Reset the store behind `kv` to what `seed` writes into an empty one (see
 * {@link EpochKv.reset}). Returns the new epoch. {@link EpochsUnsupported} for a plain `Deno.Kv`,
 * {@link ResetInProgress} while another reset runs.
 */
export function resetStore(
  kv: Deno.Kv,
  seed: (kv: Deno.Kv) => Promise<unknown>,
  options: { purgeDelayMs?: number } = {},
): Promise<number> {
  if (!(kv instanceof EpochKv)) return Promise.reject(new EpochsUnsupported());
  return kv.reset(seed, options);
}

/** Settles once the old-epoch deletion of the last reset through `kv` has finished. */
export function oldEpochsPurged(kv: Deno.Kv): Promise<void> {
  return kv instanceof EpochKv ? kv.purged() : Promise.resolve();
}
