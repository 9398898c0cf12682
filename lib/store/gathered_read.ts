/**
 * Point reads gathered into shared `getMany` calls. A KV read costs tens of microseconds of CPU
 * however few keys it names, and a busy API asks for the same few keys over and over (the flavors
 * generation, a server being polled). Here a read asked for while no gathered read of the store is
 * in flight goes out at once; reads asked for while one is in flight wait for it to finish and
 * then go out together: their distinct keys in as few `getMany` calls as fit (each caller's keys
 * in one call, so they come from one snapshot).
 *
 * Never older than a plain read: every caller's keys are read by a call made after it asked, so
 * it sees every write committed (in any process) before it asked.
 *
 * @module
 */
import { GET_MANY_LIMIT, retryLocked } from "./transaction.ts";

interface Waiter {
  keys: readonly Deno.KvKey[];
  resolve(entries: Deno.KvEntryMaybe<unknown>[]): void;
  reject(error: unknown): void;
}

interface Gathering {
  /** Whether a batch is out. */
  busy: boolean;
  /** Callers waiting for the next batch. */
  queue: Waiter[];
}

const gatherings = new WeakMap<Deno.Kv, Gathering>();

/** A key's identity for sharing, or null for a key with parts other than strings and numbers. */
function keyId(key: Deno.KvKey): string | null {
  let id = "";
  for (const part of key) {
    if (typeof part === "string") id += `s${part.length}:${part}`;
    else if (typeof part === "number") id += `n${part}|`;
    else return null;
  }
  return id;
}

/** One `getMany` call's keys and the callers it answers. */
interface Chunk {
  keys: Deno.KvKey[];
  at: Map<string, number>;
  waiters: { waiter: Waiter; slots: number[] }[];
}

/** Put each waiter's keys into a chunk of at most {@link GET_MANY_LIMIT} distinct keys. */
function chunksOf(waiters: Waiter[]): Chunk[] {
  const chunks: Chunk[] = [];
  let chunk: Chunk | undefined;
  for (const waiter of waiters) {
    const ids = waiter.keys.map(keyId);
    const fresh = (c: Chunk) =>
      ids.filter((id, i) => id === null || !c.at.has(id) && ids.indexOf(id) === i).length;
    if (chunk === undefined || chunk.keys.length + fresh(chunk) > GET_MANY_LIMIT) {
      chunks.push(chunk = { keys: [], at: new Map(), waiters: [] });
    }
    const c = chunk;
    const slots = waiter.keys.map((key, i) => {
      const id = ids[i];
      const known = id === null ? undefined : c.at.get(id);
      if (known !== undefined) return known;
      c.keys.push(key);
      if (id !== null) c.at.set(id, c.keys.length - 1);
      return c.keys.length - 1;
    });
    c.waiters.push({ waiter, slots });
  }
  return chunks;
}

/** One caller's read on its own: its result or its error is its alone. */
async function readAlone(kv: Deno.Kv, waiter: Waiter): Promise<void> {
  try {
    waiter.resolve(await retryLocked(() => kv.getMany(waiter.keys as Deno.KvKey[])));
  } catch (e) {
    waiter.reject(e);
  }
}

async function readChunk(kv: Deno.Kv, chunk: Chunk): Promise<void> {
  let entries: Deno.KvEntryMaybe<unknown>[];
  try {
    entries = await retryLocked(() => kv.getMany(chunk.keys));
  } catch (e) {
    if (chunk.waiters.length === 1) return chunk.waiters[0].waiter.reject(e);
    // One caller's bad key (too large, say) must not fail the others: each reads on its own.
    await Promise.all(chunk.waiters.map(({ waiter }) => readAlone(kv, waiter)));
    return;
  }
  for (const { waiter, slots } of chunk.waiters) waiter.resolve(slots.map((s) => entries[s]));
}

/** Send every queued read, then the ones queued meanwhile, until none is left. */
async function drain(kv: Deno.Kv, g: Gathering): Promise<void> {
  g.busy = true;
  try {
    while (g.queue.length > 0) {
      const waiters = g.queue;
      g.queue = [];
      await Promise.all(chunksOf(waiters).map((chunk) => readChunk(kv, chunk)));
    }
  } finally {
    g.busy = false;
  }
}

/**
 * The entries of `keys` (at most {@link GET_MANY_LIMIT}), read from one snapshot by a call made
 * after this one, shared with the other callers waiting at that moment.
 *
 * @example
 * ```ts
 * const [generation] = await gatheredRead(kv, [["flavors", "generation"]]);
 * ```
 */
export function gatheredRead(
  kv: Deno.Kv,
  keys: readonly Deno.KvKey[],
): Promise<Deno.KvEntryMaybe<unknown>[]> {
  if (keys.length === 0 || keys.length > GET_MANY_LIMIT) {
    return retryLocked(() => kv.getMany(keys as Deno.KvKey[]));
  }
  let g = gatherings.get(kv);
  if (g === undefined) gatherings.set(kv, g = { busy: false, queue: [] });
  const gathering = g;
  return new Promise((resolve, reject) => {
    gathering.queue.push({ keys, resolve, reject });
    if (!gathering.busy) void drain(kv, gathering);
  });
}
