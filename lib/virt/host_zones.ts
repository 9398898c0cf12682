/**
 * The effective availability zone of each compute host, the one source of truth for the
 * scheduler, the server create checks and `os-availability-zone`: the zone of the host
 * aggregates it belongs to that set `availability_zone` metadata (Nova's
 * `get_host_availability_zone`: their distinct zones, sorted, joined with commas), else the zone
 * the host was configured with (`[virt] host`, or `[DEFAULT] default_availability_zone`).
 *
 * @module
 */
import {
  type AggregateRecord,
  getAggregate,
  getHostAggregateIds,
  readAggregates,
  readHostAggregateIds,
} from "../store/aggregates.ts";
import type { Transaction } from "../store/transaction.ts";
import type { HostSpec } from "./types.ts";

/**
 * A host's zone given the aggregates it belongs to: theirs when any sets one, else `fallback`.
 *
 * @example
 * ```ts
 * hostZone([{ metadata: { availability_zone: "az2" } }], "nova"); // "az2"
 * hostZone([], "nova"); // "nova"
 * ```
 */
export function hostZone(
  aggregates: readonly Pick<AggregateRecord, "metadata">[],
  fallback: string,
): string {
  const zones = new Set<string>();
  for (const a of aggregates) {
    const zone = a.metadata.availability_zone;
    if (zone !== undefined) zones.add(zone);
  }
  if (!zones.size) return fallback;
  return [...zones].sort((a, b) => a < b ? -1 : a > b ? 1 : 0).join(",");
}

function merge(
  hosts: readonly HostSpec[],
  membership: ReadonlyMap<string, readonly number[]>,
  aggregates: ReadonlyMap<number, AggregateRecord>,
): HostSpec[] {
  return hosts.map((host) => {
    const mine = (membership.get(host.name) ?? []).flatMap((id) => aggregates.get(id) ?? []);
    const zone = hostZone(mine, host.availability_zone);
    return zone === host.availability_zone ? host : { ...host, availability_zone: zone };
  });
}

/**
 * The configured hosts with their effective zones, read through `tx` (each membership and zone
 * a version check, so a placement commits only if no host changed zone meanwhile).
 */
export async function effectiveHostsInTx(
  tx: Transaction,
  hosts: readonly HostSpec[],
): Promise<HostSpec[]> {
  const membership = await readHostAggregateIds(tx, hosts.map((h) => h.name));
  const ids = [...new Set([...membership.values()].flat())];
  if (!ids.length) return [...hosts];
  const records = await readAggregates(tx, ids);
  return merge(hosts, membership, new Map(records.map((r) => [r.id, r])));
}

/** The configured hosts with their effective zones, read without checks (for display). */
export async function effectiveHosts(
  kv: Deno.Kv,
  hosts: readonly HostSpec[],
): Promise<HostSpec[]> {
  const membership = await getHostAggregateIds(kv, hosts.map((h) => h.name));
  const ids = [...new Set([...membership.values()].flat())];
  if (!ids.length) return [...hosts];
  const records = new Map<number, AggregateRecord>();
  for (const id of ids) {
    const record = await getAggregate(kv, id);
    if (record) records.set(id, record);
  }
  return merge(hosts, membership, records);
}
