/**
 * Options of the simulated hypervisor: `[virt]` (the compute hosts this port pretends to run, and
 * how long a delete takes) and Nova's allocation ratios in `[DEFAULT]`.
 *
 * @module
 */

import { InvalidValue } from "../errors.ts";
import type { OptionGroup } from "../option.ts";
import { float } from "../types.ts";
import type { OptionType } from "../types.ts";

/** One `[virt] host` line, parsed. */
export interface HostLine {
  name: string;
  vcpus: number;
  memory_mb: number;
  disk_gb: number;
  /** Null when the line names no zone (`[DEFAULT] default_availability_zone` then applies). */
  availability_zone: string | null;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const COUNT = /^[0-9]{1,9}$/;

/**
 * `NAME:VCPUS:RAM_MB:DISK_GB[:ZONE]`: a host name (letters, digits, `.`, `_`, `-`), three whole
 * numbers (vCPUs at least 1) and, optionally, an availability zone name without `:`.
 *
 * @example
 * ```ts
 * hostLine().parse("compute-1:16:32768:500:nova").vcpus; // 16
 * ```
 */
export function hostLine(): OptionType<HostLine> {
  const expected = "expected NAME:VCPUS:RAM_MB:DISK_GB[:ZONE] (e.g. compute-1:16:32768:500:nova)";
  return {
    name: "host line",
    parse(value: unknown): HostLine {
      if (typeof value === "object" && value !== null && "name" in value) return value as HostLine;
      const parts = String(value).split(":");
      if (parts.length < 4 || parts.length > 5) throw new InvalidValue(expected);
      const [name, vcpus, ram, disk, zone] = parts;
      if (!NAME.test(name)) throw new InvalidValue(`${expected}; bad host name`);
      for (const n of [vcpus, ram, disk]) {
        if (!COUNT.test(n)) throw new InvalidValue(`${expected}; ${JSON.stringify(n)} is no count`);
      }
      if (Number(vcpus) < 1) throw new InvalidValue(`${expected}; VCPUS must be at least 1`);
      if (zone !== undefined && (zone === "" || zone.trim() !== zone)) {
        throw new InvalidValue(`${expected}; empty or padded zone`);
      }
      return {
        name,
        vcpus: Number(vcpus),
        memory_mb: Number(ram),
        disk_gb: Number(disk),
        availability_zone: zone ?? null,
      };
    },
    render: (v) =>
      [
        v.name,
        v.vcpus,
        v.memory_mb,
        v.disk_gb,
        ...(v.availability_zone ? [v.availability_zone] : []),
      ]
        .join(":"),
  };
}

/** `[virt]` options. */
export const virtGroup: OptionGroup = {
  name: "virt",
  options: [
    {
      name: "host",
      type: hostLine(),
      multi: true,
      default: [],
      help: "One simulated compute host per line, as NAME:VCPUS:RAM_MB:DISK_GB[:ZONE] (zone " +
        "default: [DEFAULT] default_availability_zone). None: two hosts, compute-1 and " +
        "compute-2, each 16 vCPUs, 32768 MiB and 500 GiB.",
    },
    {
      name: "fake_delete_seconds",
      type: float({ min: 0 }),
      default: 0.2,
      help: "Seconds a server spends in task state deleting before it is gone.",
    },
  ],
};

function ratio(resource: string, initial: number): OptionGroup["options"] {
  return [
    {
      name: `${resource}_allocation_ratio`,
      type: float({ min: 0 }),
      default: null,
      help: `How many times its real ${resource} a host may hand out (unset or 0: ` +
        `initial_${resource}_allocation_ratio).`,
    },
    {
      name: `initial_${resource}_allocation_ratio`,
      type: float({ min: 0 }),
      default: initial,
      help:
        `The ${resource} allocation ratio of a host when ${resource}_allocation_ratio is unset.`,
    },
  ];
}

/** Nova's allocation ratio options of `[DEFAULT]` (the `initial_*` defaults are Nova's). */
export const allocationRatioGroup: OptionGroup = {
  name: "DEFAULT",
  options: [...ratio("cpu", 4.0), ...ratio("ram", 1.0), ...ratio("disk", 1.0)],
};
