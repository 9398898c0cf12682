/**
 * Host usage counters of the simulated hypervisor: what each compute host has handed out (vCPUs,
 * RAM, disk, instances), read and written inside the transaction that places or removes a server,
 * so two concurrent builds can never both take a host's last capacity.
 *
 * @module
 */
import type { HostUsage } from "./records.ts";
import { keys } from "./keys.ts";
import { readValues, type Transaction } from "./transaction.ts";

const ZERO: HostUsage = { vcpus: 0, memory_mb: 0, disk_gb: 0, instances: 0 };

/** The usage of each named host, read through `tx` (each a version check); zero when unset. */
export async function readHostUsage(
  tx: Transaction,
  hosts: readonly string[],
): Promise<Map<string, HostUsage>> {
  const values = await tx.getMany<HostUsage>(hosts.map((h) => keys.hostUsage(h)));
  return new Map(hosts.map((h, i) => [h, values[i] ?? { ...ZERO }]));
}

/** The usage of each named host, read without checks (for display). */
export async function getHostUsage(
  kv: Deno.Kv,
  hosts: readonly string[],
): Promise<Map<string, HostUsage>> {
  const values = await readValues<HostUsage>(kv, hosts.map((h) => keys.hostUsage(h)));
  return new Map(hosts.map((h, i) => [h, values[i] ?? { ...ZERO }]));
}

/** Queue a host's new usage (computed from what was read through the same `tx`). */
export function writeHostUsage(tx: Transaction, host: string, usage: HostUsage): void {
  tx.set(keys.hostUsage(host), usage);
}
