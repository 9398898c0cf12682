/**
 * The compute hosts of the simulated hypervisor, from `[virt] host` lines and Nova's allocation
 * ratio options; two hosts when none are configured.
 *
 * @module
 */
import { type Config, ConfigError } from "../config/mod.ts";
import type { HostLine } from "../config/options/virt.ts";
import type { HostSpec } from "./types.ts";

/** What host configuration is read through (a {@link Config} satisfies it). */
export type OptionReader = Pick<Config, "get">;

/** The hosts a quick start gets: name, vCPUs, RAM MiB, disk GiB. */
const DEFAULT_HOSTS: [string, number, number, number][] = [
  ["compute-1", 16, 32768, 500],
  ["compute-2", 16, 32768, 500],
];

function ratio(config: OptionReader, resource: "cpu" | "ram" | "disk"): number {
  const set = config.get<number | null>("DEFAULT", `${resource}_allocation_ratio`);
  // Nova: unset or 0.0 means "use the initial ratio".
  if (typeof set === "number" && set > 0) return set;
  return config.get<number>("DEFAULT", `initial_${resource}_allocation_ratio`);
}

/**
 * The configured hosts, in configuration order. Throws a {@link ConfigError} (one line) when two
 * lines name the same host.
 *
 * @example
 * ```ts
 * configuredHosts(config).map((h) => h.name); // ["compute-1", "compute-2"] by default
 * ```
 */
export function configuredHosts(config: OptionReader): HostSpec[] {
  const zone = config.get<string>("DEFAULT", "default_availability_zone");
  const lines = config.get<HostLine[]>("virt", "host") ?? [];
  const given: HostLine[] = lines.length
    ? lines
    : DEFAULT_HOSTS.map(([name, vcpus, ram, disk]) => ({
      name,
      vcpus,
      memory_mb: ram,
      disk_gb: disk,
      availability_zone: null,
    }));
  const ratios = {
    cpu_allocation_ratio: ratio(config, "cpu"),
    ram_allocation_ratio: ratio(config, "ram"),
    disk_allocation_ratio: ratio(config, "disk"),
  };
  const seen = new Set<string>();
  return given.map((line) => {
    if (seen.has(line.name)) {
      throw new ConfigError(
        `[virt] host: host ${line.name} is configured twice`,
        "configuration",
        "virt",
        "host",
      );
    }
    seen.add(line.name);
    return {
      name: line.name,
      vcpus: line.vcpus,
      memory_mb: line.memory_mb,
      disk_gb: line.disk_gb,
      availability_zone: line.availability_zone ?? zone,
      ...ratios,
    };
  });
}
