/**
 * The instance domain's settings from configuration: the simulated hosts and the timings of
 * builds, deletes, soft deletes, shelving and resizes. Read on their own (without the quota engine
 * or the ports the domain also needs) so that start-up can check them cheaply.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { configuredHosts } from "../virt/hosts.ts";
import type { InstanceDeps } from "./deps.ts";

/** The part of {@link InstanceDeps} that comes from configuration alone. */
export type InstanceSettings = Omit<InstanceDeps, "quota" | "ports" | "clock">;

/**
 * Read the settings; a bad value throws its `ConfigError`.
 *
 * @example
 * ```ts
 * instanceSettings(runtime.config).bootSeconds; // [deno] fake_boot_seconds
 * ```
 */
export function instanceSettings(config: Pick<Config, "get">): InstanceSettings {
  return {
    hosts: configuredHosts(config),
    bootSeconds: config.get<number>("deno", "fake_boot_seconds"),
    deleteSeconds: config.get<number>("virt", "fake_delete_seconds"),
    reclaimSeconds: config.get<number>("DEFAULT", "reclaim_instance_interval"),
    shelvedOffloadSeconds: config.get<number>("DEFAULT", "shelved_offload_time"),
    resizeConfirmWindow: config.get<number>("DEFAULT", "resize_confirm_window"),
    allowResizeToSameHost: config.get<boolean>("DEFAULT", "allow_resize_to_same_host"),
    emulator: config.get<boolean>("emulator", "enabled"),
  };
}
