/**
 * One full garbage collection once a service goes quiet, so that V8 hands back the young
 * generation it grew while busy.
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
 * The rule ({@link idleCollection}): every {@link IDLE_GC_QUIET_MS}, look at the count of
 * requests; a collection runs on a look that finds no request since the previous look, when the
 * look before that found some (start-up counts as some). A service that keeps serving never
 * collects here; one that stops collects once, 1–2 quiet periods later, and not again until it
 * has served more. Where the engine offers no `gc()`, the task ends at its first collection.
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
import type { Handler } from "../http/types.ts";
import { pause } from "./background.ts";

/** How long a service must go without a request before a collection, in milliseconds. */
export const IDLE_GC_QUIET_MS = 5000;

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

/** What {@link idleCollection} takes; all are for tests. */
export interface IdleCollectionOptions {
  /** The quiet period ({@link IDLE_GC_QUIET_MS}). */
  quietMs?: number;
  /** Where the collection comes from ({@link engineCollector}); asked once, when first needed. */
  collector?: () => Promise<Collect | null>;
  /** How the task waits out a quiet period (`pause` of background.ts). */
  pause?: (ms: number, signal: AbortSignal) => Promise<void>;
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
  let requests = 0;
  let collections = 0;
  return {
    counting: (handler) => (request) => {
      requests++;
      return handler(request);
    },
    get collections() {
      return collections;
    },
    async task(signal) {
      let seen = -1; // start-up counts as activity
      let busy = false;
      let collect: Collect | null | undefined;
      for (;;) {
        await wait(quietMs, signal);
        if (signal.aborted) return;
        if (requests !== seen) {
          seen = requests;
          busy = true;
          continue;
        }
        if (!busy) continue;
        busy = false;
        if (collect === undefined) collect = await collector();
        if (collect === null || signal.aborted) return;
        collect();
        collections++;
      }
    },
  };
}
