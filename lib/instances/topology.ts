/**
 * A server's NUMA topology (what Nova's `GET /servers/{id}/topology` reads from the instance's
 * `numa_topology`), derived from its flavor as Nova's `hardware.numa_get_constraints` does for
 * the common cases: `hw:numa_nodes` splits the vCPUs and memory evenly over that many nodes;
 * `hw:cpu_policy=dedicated` or `hw:mem_page_size` without it asks for one node. A flavor asking
 * for none has no topology (Nova's `numa_topology` is None). A split that is not even (Nova
 * refuses such a flavor when the server is created) is treated as no topology.
 *
 * The simulated host places node `i` of the guest on host node `i`; a dedicated guest's vCPU `n`
 * is pinned to host CPU `n`.
 *
 * @module
 */
import type { FlavorSnapshot } from "./types.ts";

/** One guest NUMA node. */
export interface NumaCell {
  /** The guest node's vCPUs, ascending. */
  vcpus: number[];
  memoryMb: number;
  /** The host NUMA node it runs on. */
  hostNode: number;
  /** vCPU -> host CPU, for a dedicated guest; null when not pinned. */
  pinning: Record<string, number> | null;
}

/** A guest NUMA topology. */
export interface NumaTopology {
  cells: NumaCell[];
  /** The memory page size in KiB, or null when the flavor asks for none. */
  pagesizeKb: number | null;
}

/** `hw:mem_page_size` in KiB: `small` 4, `large` 2048, a number with an optional unit; `any`: 4. */
function pageSizeKb(value: string | undefined): number | null {
  if (value === undefined) return null;
  const v = value.trim().toLowerCase();
  if (v === "small" || v === "any") return 4;
  if (v === "large") return 2048;
  const m = /^(\d+)\s*(k|kb|kib|m|mb|mib|g|gb|gib)?$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2]?.[0] ?? "k";
  return unit === "g" ? n * 1024 * 1024 : unit === "m" ? n * 1024 : n;
}

/**
 * The NUMA topology the flavor asks for, or null when it asks for none.
 *
 * @example
 * ```ts
 * numaTopology({ ...flavor, vcpus: 4, memory_mb: 2048, extra_specs: { "hw:numa_nodes": "2" } });
 * // { cells: [{ vcpus: [0, 1], memoryMb: 1024, hostNode: 0, pinning: null }, ...], pagesizeKb: null }
 * ```
 */
export function numaTopology(
  flavor: Pick<FlavorSnapshot, "vcpus" | "memory_mb" | "extra_specs">,
): NumaTopology | null {
  const specs = flavor.extra_specs ?? {};
  const dedicated = specs["hw:cpu_policy"] === "dedicated";
  const pagesizeKb = pageSizeKb(specs["hw:mem_page_size"]);
  const asked = specs["hw:numa_nodes"];
  let nodes: number;
  if (asked !== undefined) {
    if (!/^\s*\d+\s*$/.test(asked)) return null;
    nodes = Number(asked);
  } else if (dedicated || pagesizeKb !== null) {
    nodes = 1;
  } else {
    return null;
  }
  if (nodes < 1 || flavor.vcpus % nodes !== 0 || flavor.memory_mb % nodes !== 0) return null;
  const perNode = flavor.vcpus / nodes;
  const cells: NumaCell[] = [];
  for (let node = 0; node < nodes; node++) {
    const vcpus = Array.from({ length: perNode }, (_, i) => node * perNode + i);
    cells.push({
      vcpus,
      memoryMb: flavor.memory_mb / nodes,
      hostNode: node,
      pinning: dedicated ? Object.fromEntries(vcpus.map((c) => [String(c), c])) : null,
    });
  }
  return { cells, pagesizeKb };
}
