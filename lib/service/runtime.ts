/**
 * What the paste factories of one process share: configuration, a logger, and services built on
 * first use (the store, the policy engine, the compute runtime), so that two apps in one paste
 * file (`/v2` and `/v2.1`) share one store and one policy engine.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { ComputeRuntime } from "../compute/runtime.ts";
import { createComputeRuntime } from "../compute/runtime_factory.ts";
import { createEnforcer, type Enforcer } from "../policy/mod.ts";
import { migrate } from "../store/migrations.ts";
import { openStore, storeLocation, StoreLocationError } from "../store/open.ts";
import { ConfigError } from "../config/mod.ts";

/** The paste runtime of a service process. */
export interface ServiceRuntime {
  config: Config;
  log(line: string): void;
  /** The store, opened and migrated on first use. */
  kv(): Promise<Deno.Kv>;
  /** The policy engine (defaults plus `[oslo_policy]` files), built on first use. */
  policy(): Promise<Enforcer>;
  /** The compute runtime, built on first use. */
  compute(): Promise<ComputeRuntime>;
  /** Close what was opened. */
  close(): void;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => value ??= make();
}

/** Build the runtime of one service process. */
export function createServiceRuntime(config: Config, log: (line: string) => void): ServiceRuntime {
  let opened: Deno.Kv | undefined;
  const kv = once(async () => {
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
    opened = await openStore(location);
    await migrate(opened);
    return opened;
  });
  const policy = once(() =>
    createEnforcer({
      policyFile: config.get<string>("oslo_policy", "policy_file"),
      policyDirs: config.get<string[]>("oslo_policy", "policy_dirs"),
      configDir: [config.dir, ...config.files.map((f) => f.slice(0, f.lastIndexOf("/")))],
      enforceScope: config.get<boolean>("oslo_policy", "enforce_scope"),
      enforceNewDefaults: config.get<boolean>("oslo_policy", "enforce_new_defaults"),
    })
  );
  const compute = once(async () =>
    createComputeRuntime({ config, kv: await kv(), policy: await policy(), log })
  );
  return {
    config,
    log,
    kv,
    policy,
    compute,
    close() {
      opened?.close();
    },
  };
}
