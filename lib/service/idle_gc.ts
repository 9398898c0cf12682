/**
 * Once a service goes quiet: its caches emptied (what it kept to answer faster, registered with
 * `lib/caches`), one full garbage collection, so that V8 hands back the young generation it grew
 * while busy and what the caches held, then an allocator trim, so that the C heap hands back the
 * pages its busy spell freed.
 *
 * V8 grows its young generation (up to 16 MiB a semi-space) while a process allocates fast:
 * loading an API's modules, or serving a burst. It shrinks it again only after a full collection
 * at a low allocation rate, and a process that simply stops getting requests may never have one.
 * Measured on a compute process that loaded its API (a second after start-up) and answered one
 * request: 103 MiB resident 20 s later, 86 MiB after one collection (the young generation went
 * from 16 MiB to 256 KiB); a collection takes some 45 ms of its thread. Deno calls none of V8's
 * idle hooks, and `gc()` is only installed in a context created while `--expose-gc` is set:
 * {@link engineCollector} sets the flag just long enough to make one (`node:vm`) and clears it.
 *
 * The C heap: glibc keeps what a busy spell freed inside its arenas (measured on a compute after
 * the bench's load: 25-42 MB free there, 112 MiB resident; 94 MiB after `malloc_trim(0)`), and
 * gives it back only when `malloc_trim` is called. A script cannot call it without FFI, but Deno
 * (2.7.10 and later, Linux) calls it each time a worker's thread ends, after the worker's isolate
 * is gone. {@link allocatorTrim} starts a worker that does nothing, and ends it: no permission is
 * needed, and it costs a few milliseconds of another thread.
 *
 * The rule ({@link idleCollection}): every {@link IDLE_GC_QUIET_MS}, look at the requests; a
 * collection runs on a look that finds none begun or ended since the previous look and none being
 * served, when the look before that found some (start-up counts as some). A request that takes
 * longer than a quiet period (a list filtered over many servers) keeps the service busy until it
 * ends. A service that keeps serving never collects here; one that stops collects once, 1-2
 * quiet periods later, and not again until it has served more. {@link TRIM_DELAY_MS} later, a
 * second collection (skipped if requests came meanwhile) and the trim follow. The second hands
 * back the pages the first one's concurrent sweeping freed after it returned, which V8 would
 * otherwise keep pooled until its own memory reducer runs, 8-15 s later (measured on a compute
 * after the bench's load: 99-100 MiB at the trim and 96 some 15 s later with one collection;
 * 96 at the trim with two). Where the engine offers no `gc()` and no workers, the task ends at its
 * first collection.
 *
 * @example
 * ```ts
 * const idle = idleCollection();
 * runtime.background("idle collection", idle.task);
 * const handler = idle.counting(app);
 * ```
 *
 * @module
 */
import { emptyCaches } from "../caches/mod.ts";
import type { Handler } from "../http/types.ts";
import { pause } from "./background.ts";

/** How long a service must go without a request before a collection, in milliseconds. */
export const IDLE_GC_QUIET_MS = 5000;

/**
 * How long after the collection the trim waits, in milliseconds: V8 finishes part of a
 * collection's freeing on its own threads afterwards, and what is freed after a trim stays with
 * the allocator. (Trimmed at once, a compute after the bench's load still had 12 MiB for a second
 * `malloc_trim`; two seconds later, 3.)
 */
export const TRIM_DELAY_MS = 2000;

/** A full garbage collection of this isolate's heap. */
export type Collect = () => void;

/**
 * V8's `gc()`, from a `node:vm` context made while `--expose-gc` was set (the flag is cleared
 * again at once, so no later code is compiled under it); null where that is not to be had.
 */
export async function engineCollector(): Promise<Collect | null> {
  try {
    const [{ default: v8 }, { default: vm }] = await Promise.all([
      import("node:v8"),
      import("node:vm"),
    ]);
    v8.setFlagsFromString("--expose-gc");
    try {
      const gc: unknown = vm.runInNewContext("typeof gc === 'function' ? gc : null");
      return typeof gc === "function" ? () => void gc() : null;
    } finally {
      v8.setFlagsFromString("--no-expose-gc");
    }
  } catch {
    return null;
  }
}

/** The trim worker's whole program: say it is up, then wait to be ended. */
const TRIM_WORKER = "data:text/javascript,postMessage(0)";

/**
 * Start a worker that does nothing, and end it as soon as it is up: Deno then calls
 * `malloc_trim(0)` on the worker's thread, which returns the free pages of every arena of the C
 * heap to the system. Resolves once the worker is ended (the trim follows on its thread): true,
 * or false where there are no workers, or the worker failed or was not up within `timeoutMs`.
 */
export function allocatorTrim(timeoutMs = 5000): Promise<boolean> {
  if (typeof Worker !== "function") return Promise.resolve(false);
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(TRIM_WORKER, { type: "module" });
    } catch {
      return resolve(false);
    }
    const done = new AbortController();
    const end = (up: boolean) => {
      if (done.signal.aborted) return;
      done.abort();
      worker.terminate();
      resolve(up);
    };
    worker.onmessage = () => end(true);
    worker.onerror = (event) => {
      event.preventDefault();
      end(false);
    };
    pause(timeoutMs, done.signal).then(() => end(false));
  });
}

/** What {@link idleCollection} takes; all are for tests. */
export interface IdleCollectionOptions {
  /** The quiet period ({@link IDLE_GC_QUIET_MS}). */
  quietMs?: number;
  /** Where the collection comes from ({@link engineCollector}); asked once, when first needed. */
  collector?: () => Promise<Collect | null>;
  /** How the task waits out a quiet period (`pause` of background.ts). */
  pause?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** How long the trim waits after the collection ({@link TRIM_DELAY_MS}; 0: not at all). */
  trimDelayMs?: number;
  /** What runs after each collection ({@link allocatorTrim}); false when it cannot. */
  trim?: () => Promise<boolean>;
  /** What runs before each collection (`emptyCaches` of lib/caches: what was kept for speed). */
  empty?: () => void;
}

/** The request counter and the background task of {@link idleCollection}. */
export interface IdleCollection {
  /** `handler`, counting each request it is given. */
  counting(handler: Handler): Handler;
  /** The background task: looks every quiet period, until `signal` aborts. */
  task(signal: AbortSignal): Promise<void>;
  /** Collections run so far. */
  readonly collections: number;
}

/** Count requests, and collect once after each busy spell (see the module's doc). */
export function idleCollection(options: IdleCollectionOptions = {}): IdleCollection {
  const quietMs = options.quietMs ?? IDLE_GC_QUIET_MS;
  const collector = options.collector ?? engineCollector;
  const wait = options.pause ?? pause;
  const trim = options.trim ?? (() => allocatorTrim());
  const trimDelayMs = options.trimDelayMs ?? TRIM_DELAY_MS;
  const empty = options.empty ?? emptyCaches;
  // Requests begun plus requests ended, and those begun but not ended: a look that sees either
  // move, or a request still being served (a long scan), is not quiet.
  let events = 0;
  let serving = 0;
  let collections = 0;
  return {
    counting: (handler) => async (request) => {
      events++;
      serving++;
      try {
        return await handler(request);
      } finally {
        serving--;
        events++;
      }
    },
    get collections() {
      return collections;
    },
    async task(signal) {
      let seen = -1; // start-up counts as activity
      let busy = false;
      let collect: Collect | null | undefined;
      let trims = true;
      for (;;) {
        await wait(quietMs, signal);
        if (signal.aborted) return;
        if (events !== seen || serving > 0) {
          seen = events;
          busy = true;
          continue;
        }
        if (!busy) continue;
        busy = false;
        if (collect === undefined) collect = await collector();
        if ((collect === null && !trims) || signal.aborted) return;
        empty();
        collect?.();
        if (trimDelayMs > 0) {
          await wait(trimDelayMs, signal);
          if (signal.aborted) return;
          // The pages the collection's concurrent sweeping freed since are handed back by a
          // second one, unless requests came meanwhile (the service is busy again).
          if (events === seen && serving === 0) collect?.();
        }
        if (trims) trims = await trim();
        collections++;
      }
    },
  };
}
