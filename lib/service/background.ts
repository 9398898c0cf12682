/**
 * Background work of a service process: named tasks that start when the service is served and
 * stop, cleanly, when it shuts down. A task receives an `AbortSignal`; it must return (or settle
 * its promise) soon after the signal aborts, and {@link BackgroundTasks.stop} waits until it has.
 * A ticker ({@link BackgroundTasks.every}) is a task that runs a function every so many
 * milliseconds, never two runs at once, and holds nothing open once stopped.
 *
 * A failing task or tick is logged (`<name>: <message>`) and never takes the service down; a
 * failed ticker keeps ticking.
 *
 * @example
 * ```ts
 * const work = new BackgroundTasks((line) => console.error(line));
 * work.every("hypervisor", 1000, async (signal) => {
 *   // apply the steps that are due; stop early when `signal.aborted`
 * });
 * work.start();      // when the service listens
 * await work.stop(); // on shutdown: aborts, then waits for the running tick
 * ```
 *
 * @module
 */

/** A background task: runs until `signal` aborts. */
export type BackgroundTask = (signal: AbortSignal) => Promise<void> | void;

interface Registered {
  name: string;
  task: BackgroundTask;
}

/**
 * Resolve after `ms` milliseconds, or at once when `signal` aborts, with no `setTimeout`: an
 * `AbortSignal.timeout`, because on Deno 2.9 a process's first `setTimeout` loads `node:timers`
 * (some 15 ms of CPU), which a service that has just started has no other use for yet.
 */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timeout = AbortSignal.timeout(ms);
    const done = () => {
      timeout.removeEventListener("abort", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    timeout.addEventListener("abort", done, { once: true });
    signal.addEventListener("abort", done, { once: true });
  });
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The registered background tasks of one process and their lifecycle. */
export class BackgroundTasks {
  #log: (line: string) => void;
  #pending: Registered[] = [];
  #running = new Set<Promise<void>>();
  #controller = new AbortController();
  #started = false;

  /** Failures are reported through `log`, one line each. */
  constructor(log: (line: string) => void) {
    this.#log = log;
  }

  /** Whether {@link stop} was called. */
  get stopped(): boolean {
    return this.#controller.signal.aborted;
  }

  /**
   * Register a task. Before {@link start} it waits for it; after, it starts at once. Registering
   * after {@link stop} throws.
   */
  add(name: string, task: BackgroundTask): void {
    if (this.stopped) throw new Error(`${name}: cannot start background work after shutdown`);
    if (this.#started) this.#run({ name, task });
    else this.#pending.push({ name, task });
  }

  /**
   * Register a ticker: `fn` runs `ms` milliseconds after start, then `ms` milliseconds after each
   * run settles. A run that throws is logged and the ticker goes on.
   */
  every(name: string, ms: number, fn: BackgroundTask): void {
    if (!Number.isFinite(ms) || ms <= 0) {
      throw new RangeError(`${name}: a ticker's interval must be a positive number, got ${ms}`);
    }
    this.add(name, async (signal) => {
      for (;;) {
        await pause(ms, signal);
        if (signal.aborted) return;
        try {
          await fn(signal);
        } catch (e) {
          if (!signal.aborted) this.#log(`${name}: ${message(e)}`);
        }
      }
    });
  }

  /** Start the registered tasks (once; later calls do nothing). */
  start(): void {
    if (this.#started || this.stopped) return;
    this.#started = true;
    for (const registered of this.#pending.splice(0)) this.#run(registered);
  }

  /** Abort every task and wait until all have settled. Safe to call more than once. */
  async stop(): Promise<void> {
    this.#pending = [];
    this.#controller.abort();
    await Promise.all(this.#running);
  }

  #run({ name, task }: Registered): void {
    const signal = this.#controller.signal;
    const running = (async () => {
      try {
        await task(signal);
      } catch (e) {
        if (!signal.aborted) this.#log(`${name}: background task failed: ${message(e)}`);
      }
    })();
    this.#running.add(running);
    running.finally(() => this.#running.delete(running));
  }
}
