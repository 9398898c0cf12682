/**
 * Optimistic transactions over Deno KV: read through a transaction (each read becomes a version
 * check), queue writes, commit them as one atomic operation, and run the whole function again when
 * another writer got there first or SQLite reports the database locked.
 *
 * @module
 */

/** How a {@link Transaction} behaves. */
export interface TransactionOptions {
  /**
   * Reads of a key this transaction wrote return what it wrote (a delete reads as absent), a key
   * read before is read once (its check makes the commit fail if it changed since), and each key
   * is written once at commit, with its last value. Off by default: reads see the store.
   */
  readOwnWrites?: boolean;
}

/** A staged write of a {@link TransactionOptions.readOwnWrites} transaction. */
interface Staged {
  key: Deno.KvKey;
  value: unknown;
  deleted: boolean;
}

/** What {@link Transaction.mark} saved, for {@link Transaction.rollback}. */
export interface TransactionMark {
  readonly staged: ReadonlyMap<string, Staged>;
}

/** Reads and writes of one attempt. */
export class Transaction {
  readonly #kv: Deno.Kv;
  readonly #checks = new Map<string, Deno.AtomicCheck>();
  readonly #ops: ((op: Deno.AtomicOperation) => void)[] = [];
  #staged: Map<string, Staged> | null;
  readonly #read = new Map<string, unknown>();

  constructor(kv: Deno.Kv, options: TransactionOptions = {}) {
    this.#kv = kv;
    this.#staged = options.readOwnWrites ? new Map() : null;
  }

  /** Read a key; the commit fails (and retries) if it changed in between. */
  async get<T>(key: Deno.KvKey): Promise<T | null> {
    const own = this.#staged?.get(JSON.stringify(key));
    if (own) return (own.deleted ? null : own.value) as T | null;
    const id = JSON.stringify(key);
    if (this.#staged && this.#read.has(id)) return this.#read.get(id) as T | null;
    const entry = await this.#kv.get<T>(key);
    this.#checks.set(id, { key, versionstamp: entry.versionstamp });
    if (this.#staged) this.#read.set(id, entry.value);
    return entry.value;
  }

  /** Read several keys at once (at most 10 per call, Deno's limit, handled here). */
  async getMany<T>(keys: Deno.KvKey[]): Promise<(T | null)[]> {
    const staged = this.#staged;
    const known = (k: Deno.KvKey) => {
      const id = JSON.stringify(k);
      return staged!.has(id) || this.#read.has(id);
    };
    const fromStore = staged ? keys.filter((k) => !known(k)) : keys;
    const entries = await readEntries<T>(this.#kv, fromStore);
    const read = new Map<string, T | null>();
    for (const e of entries) {
      const id = JSON.stringify(e.key);
      this.#checks.set(id, { key: e.key, versionstamp: e.versionstamp });
      read.set(id, e.value);
      if (staged) this.#read.set(id, e.value);
    }
    if (!staged) return entries.map((e) => e.value);
    return keys.map((k) => {
      const id = JSON.stringify(k);
      const own = staged.get(id);
      if (own) return (own.deleted ? null : own.value) as T | null;
      return (read.has(id) ? read.get(id) : this.#read.get(id) ?? null) as T | null;
    });
  }

  /** Require that a key is absent at commit time. */
  assertAbsent(key: Deno.KvKey): void {
    this.#checks.set(JSON.stringify(key), { key, versionstamp: null });
  }

  /** Queue a write. */
  set(key: Deno.KvKey, value: unknown): void {
    if (this.#staged) this.#staged.set(JSON.stringify(key), { key, value, deleted: false });
    else this.#ops.push((op) => op.set(key, value));
  }

  /** Queue a delete. */
  delete(key: Deno.KvKey): void {
    if (this.#staged) this.#staged.set(JSON.stringify(key), { key, value: null, deleted: true });
    else this.#ops.push((op) => op.delete(key));
  }

  /**
   * The writes queued so far, to go back to with {@link rollback} (reads stay checked). Only for
   * a {@link TransactionOptions.readOwnWrites} transaction.
   */
  mark(): TransactionMark {
    if (!this.#staged) throw new TypeError("mark() needs a readOwnWrites transaction");
    return { staged: new Map(this.#staged) };
  }

  /** Drop the writes queued since `mark` was taken. */
  rollback(mark: TransactionMark): void {
    if (!this.#staged) throw new TypeError("rollback() needs a readOwnWrites transaction");
    this.#staged = new Map(mark.staged);
  }

  /** The KV itself, for reads that need no check (e.g. listing an index for display). */
  get kv(): Deno.Kv {
    return this.#kv;
  }

  /** Commit; false when a checked key changed. */
  async commit(): Promise<boolean> {
    const op = this.#kv.atomic();
    for (const check of this.#checks.values()) op.check(check);
    for (const write of this.#ops) write(op);
    for (const { key, value, deleted } of this.#staged?.values() ?? []) {
      if (deleted) op.delete(key);
      else op.set(key, value);
    }
    const result = await op.commit();
    return result.ok;
  }

  /** Whether reads see this transaction's own writes ({@link TransactionOptions.readOwnWrites}). */
  get readsOwnWrites(): boolean {
    return this.#staged !== null;
  }

  /** Number of queued writes (for callers that must stay under KV's limits). */
  get size(): number {
    return this.#ops.length + (this.#staged?.size ?? 0);
  }
}

/** Raised when a transaction keeps conflicting past its retry budget. */
export class TransactionConflict extends Error {
  constructor() {
    super("the store stayed busy: too many conflicting writers");
    this.name = "TransactionConflict";
  }
}

/** Whether `error` is SQLite refusing a call because the database is locked (worth a retry). */
export function isLocked(error: unknown): boolean {
  return error instanceof Error && /database is locked|SQLITE_BUSY/i.test(error.message);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Run `body` in a transaction until it commits. `body` must only read through `tx` and queue writes
 * on it; it may throw to abort (nothing is written). Returns what `body` returned.
 *
 * @example
 * ```ts
 * await transact(kv, async (tx) => {
 *   const n = (await tx.get<number>(["counter"])) ?? 0;
 *   tx.set(["counter"], n + 1);
 * });
 * ```
 */
export async function transact<T>(
  kv: Deno.Kv,
  body: (tx: Transaction) => Promise<T>,
  attempts = 50,
  options: TransactionOptions = {},
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const tx = new Transaction(kv, options);
      const result = await body(tx);
      if (await tx.commit()) return result;
    } catch (e) {
      if (!isLocked(e)) throw e;
    }
    await sleep(Math.min(2 ** Math.min(attempt, 6), 50) * Math.random());
  }
  throw new TransactionConflict();
}

/** Retry a single KV call that SQLite may refuse with "database is locked". */
export async function retryLocked<T>(call: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 0;; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isLocked(e) || attempt >= attempts) throw e;
      await sleep(5 + 10 * Math.random() * attempt);
    }
  }
}

/** The largest key list one `getMany` call accepts. */
export const GET_MANY_LIMIT = 10;

/**
 * The entries of `keys`, in order, read in batches of {@link GET_MANY_LIMIT}.
 *
 * @example
 * ```ts
 * const entries = await readEntries<number>(kv, [["a"], ["b"]]);
 * entries.map((e) => e.value); // [1, null]
 * ```
 */
export async function readEntries<T>(
  kv: Deno.Kv,
  keys: readonly Deno.KvKey[],
): Promise<Deno.KvEntryMaybe<T>[]> {
  const out: Deno.KvEntryMaybe<T>[] = [];
  for (let i = 0; i < keys.length; i += GET_MANY_LIMIT) {
    const batch = keys.slice(i, i + GET_MANY_LIMIT);
    const entries = await retryLocked(() => kv.getMany<T[]>(batch));
    for (const e of entries) out.push(e as Deno.KvEntryMaybe<T>);
  }
  return out;
}

/** The values of `keys`, in order (`null` where a key is absent). */
export async function readValues<T>(
  kv: Deno.Kv,
  keys: readonly Deno.KvKey[],
): Promise<(T | null)[]> {
  return (await readEntries<T>(kv, keys)).map((e) => e.value);
}
