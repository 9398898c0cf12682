/**
 * What the paste factories of one process share: configuration, a logger, and services built on
 * first use (the store, the policy engine, the compute runtime), so that two apps in one paste
 * file (`/v2` and `/v2.1`) share one store and one policy engine.
 *
 * The runtime also has a lifecycle. Code that needs work done in the background registers it
 * with {@link ServiceRuntime.background} (a task that runs until its signal aborts) or
 * {@link ServiceRuntime.every} (a ticker). Nothing runs until {@link ServiceRuntime.start}, which
 * the serving code (`serve.ts`) calls once the service listens; {@link ServiceRuntime.close}
 * stops the tasks, waits for them, and closes the store. On SIGINT/SIGTERM a directly-run service
 * drains its in-flight requests, closes its runtime and exits 0.
 *
 * @example
 * ```ts
 * const runtime = createServiceRuntime(config, console.error);
 * runtime.every("hypervisor", 1000, async (signal) => {
 *   const kv = await runtime.kv();
 *   // apply the due steps; return early once `signal.aborted`
 * });
 * runtime.start();       // serve.ts does this when the service listens
 * await runtime.close(); // and this on shutdown
 * ```
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { ComputeRuntime } from "../compute/runtime.ts";
import type { Enforcer } from "../policy/mod.ts";
import type { PolicyOverrideOptions } from "../policy/policy-file.ts";
import { migrate } from "../store/migrations.ts";
import { openStore, storeLocation, StoreLocationError } from "../store/open.ts";
import { ConfigError } from "../config/mod.ts";
import { type BackgroundTask, BackgroundTasks } from "./background.ts";

export type { BackgroundTask } from "./background.ts";

/** The paste runtime of a service process. */
export interface ServiceRuntime {
  config: Config;
  log(line: string): void;
  /** The store, opened and migrated on first use. */
  kv(): Promise<Deno.Kv>;
  /** The policy engine (defaults plus `[oslo_policy]` files), built on first use. */
  policy(): Promise<Enforcer>;
  /**
   * Where the `[oslo_policy]` files are looked for: what {@link policy} reads, and what the
   * compute process's start-up reads and parses on its own (`loadPolicyOverrides`), without
   * building the engine (Nova's rule defaults are some sixty modules), so a bad file stops it.
   */
  policyFiles(): PolicyOverrideOptions;
  /** The compute runtime, built on first use. */
  compute(): Promise<ComputeRuntime>;
  /**
   * Register background work, named for log lines: `task` is called with an `AbortSignal` when
   * the runtime starts (at once if it already has) and must settle soon after the signal aborts.
   * A failure is logged, never fatal. Throws once the runtime is closed.
   */
  background(name: string, task: BackgroundTask): void;
  /**
   * Register a ticker: `fn` runs every `ms` milliseconds once the runtime starts, never two runs
   * at once (the next run is `ms` after the previous one settles). A failing run is logged.
   */
  every(name: string, ms: number, fn: BackgroundTask): void;
  /** Start the registered background work; the serving code calls this once it listens. */
  start(): void;
  /**
   * Stop the background work and wait for it, leaving the store open for requests still in
   * flight (under `deno serve`, which drains them itself on SIGTERM).
   */
  stop(): Promise<void>;
  /** Stop the background work, wait for it, then close the store. Safe to call more than once. */
  close(): Promise<void>;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => value ??= make();
}

/** Build the runtime of one service process. */
export function createServiceRuntime(config: Config, log: (line: string) => void): ServiceRuntime {
  let opened: Deno.Kv | undefined;
  let closing: Promise<void> | undefined;
  const work = new BackgroundTasks(log);
  let opening: Promise<Deno.Kv> | undefined;
  const kv = () => opening ??= openAndMigrate();
  const openAndMigrate = async () => {
    let location;
    try {
      location = storeLocation(config.get<string | null>("database", "connection"));
    } catch (e) {
      if (!(e instanceof StoreLocationError)) throw e;
      throw ConfigError.badValue({
        where: config.source("database", "connection"),
        group: "database",
        option: "connection",
        value: config.get<string>("database", "connection"),
        reason: e.message,
        secret: true,
      });
    }
    const store = await openStore(location);
    if (closing) {
      store.close();
      throw new Error("the service runtime is closed");
    }
    opened = store;
    await migrate(store);
    return store;
  };
  // Loaded on first use: the metadata service never asks for it, and Nova's rule defaults are
  // some sixty modules.
  const policyFiles = (): PolicyOverrideOptions => ({
    policyFile: config.get<string>("oslo_policy", "policy_file"),
    policyDirs: config.get<string[]>("oslo_policy", "policy_dirs"),
    configDir: [config.dir, ...config.files.map((f) => f.slice(0, f.lastIndexOf("/")))],
  });
  const policy = once(async () =>
    (await import("../policy/mod.ts")).createEnforcer({
      ...policyFiles(),
      enforceScope: config.get<boolean>("oslo_policy", "enforce_scope"),
      enforceNewDefaults: config.get<boolean>("oslo_policy", "enforce_new_defaults"),
    })
  );
  // Only the compute process asks for it (the metadata process may not import dynamically).
  const compute = once(async () =>
    (await import("../compute/runtime_factory.ts")).createComputeRuntime({
      config,
      kv: await kv(),
      policy: await policy(),
      log,
    })
  );
  return {
    config,
    log,
    kv,
    policy,
    policyFiles,
    compute,
    background: (name, task) => work.add(name, task),
    every: (name, ms, fn) => work.every(name, ms, fn),
    start: () => work.start(),
    stop: () => work.stop(),
    close() {
      // A store still opening (start-up opens it while the pipeline loads) is waited for, so
      // that it is closed too and none of its reads is left running.
      return closing ??= work.stop()
        .then(() => opening?.catch(() => {}))
        .then(() => opened?.close());
    },
  };
}
