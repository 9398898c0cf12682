/**
 * Stored ports: one record per port (`["ports", "id", portId]`) and its indexes: a lock per
 * (fixed IP, network) that makes address allocation atomic (it is asserted absent when staged),
 * and the ports of a network, an instance (device) and a project. See `keys.ts` for the layout and
 * `lib/networks/ports.ts` for the allocation rules.
 *
 * @module
 */
import type { Port } from "./records.ts";
import { keys, listAll } from "./keys.ts";
import { readValues, retryLocked, type Transaction } from "./transaction.ts";

/** Read one port, or null. */
export async function getPort(kv: Deno.Kv, portId: string): Promise<Port | null> {
  return (await retryLocked(() => kv.get<Port>(keys.port(portId)))).value;
}

/**
 * Inside `tx`: the id of the port holding `ip` on `networkId`, or null. The read is checked at
 * commit, so a null answer also means "still free when the transaction commits".
 */
export function addressHolder(
  tx: Transaction,
  networkId: string,
  ip: string,
): Promise<string | null> {
  return tx.get<string>(keys.portAddress(ip, networkId));
}

/** The fixed IPs held on a network (committed ports only), read without checks. */
export async function addressesInUse(kv: Deno.Kv, networkId: string): Promise<Set<string>> {
  const used = new Set<string>();
  for await (const entry of listAll<string[]>(kv, keys.networkPorts(networkId))) {
    for (const ip of entry.value) used.add(ip);
  }
  return used;
}

/** Queue a new port and its indexes on `tx`; each of its addresses must be free at commit. */
export function stagePort(tx: Transaction, port: Port): void {
  for (const { ip_address } of port.fixed_ips) {
    const key = keys.portAddress(ip_address, port.network_id);
    tx.assertAbsent(key);
    tx.set(key, port.id);
  }
  tx.set(keys.port(port.id), port);
  tx.set(keys.networkPort(port.network_id, port.id), port.fixed_ips.map((f) => f.ip_address));
  if (port.device_id) tx.set(keys.devicePort(port.device_id, port.id), port.id);
  tx.set(keys.projectPort(port.project_id, port.id), port.id);
}

/** Queue the removal of a port, its indexes and its address locks on `tx`. */
export function stagePortRemoval(tx: Transaction, port: Port): void {
  for (const { ip_address } of port.fixed_ips) {
    tx.delete(keys.portAddress(ip_address, port.network_id));
  }
  tx.delete(keys.port(port.id));
  tx.delete(keys.networkPort(port.network_id, port.id));
  tx.delete(keys.devicePort(port.device_id, port.id));
  tx.delete(keys.projectPort(port.project_id, port.id));
}

/** The ports holding `ip`, on any network (usually one), through the address index. */
export async function portsByAddress(kv: Deno.Kv, ip: string): Promise<Port[]> {
  const ids: string[] = [];
  for await (const entry of listAll<string>(kv, keys.portAddresses(ip))) ids.push(entry.value);
  return present(await readValues<Port>(kv, ids.map((id) => keys.port(id))));
}

/** Which index a port listing reads. */
export type PortIndex =
  | { by: "device"; deviceId: string }
  | { by: "project"; projectId: string }
  | { by: "network"; networkId: string }
  | { by: "all" };

function indexPrefix(index: PortIndex): Deno.KvKey {
  switch (index.by) {
    case "device":
      return keys.devicePorts(index.deviceId);
    case "project":
      return keys.projectPorts(index.projectId);
    case "network":
      return keys.networkPorts(index.networkId);
    case "all":
      return keys.ports();
  }
}

/**
 * Ports through one index, in port-id order, at most `limit` (all when absent) and only those
 * `keep` accepts when given.
 */
export async function listPortRecords(
  kv: Deno.Kv,
  index: PortIndex,
  options: { limit?: number; keep?: (port: Port) => boolean } = {},
): Promise<Port[]> {
  const out: Port[] = [];
  const limit = options.limit ?? Infinity;
  if (limit <= 0) return out;
  const take = (port: Port | null) => {
    if (port && (!options.keep || options.keep(port))) out.push(port);
  };
  if (index.by === "all") {
    for await (const entry of listAll<Port>(kv, keys.ports())) {
      take(entry.value);
      if (out.length >= limit) break;
    }
    return out;
  }
  let batch: Deno.KvKey[] = [];
  const flush = async () => {
    for (const port of await readValues<Port>(kv, batch)) {
      if (out.length < limit) take(port);
    }
    batch = [];
  };
  for await (const entry of listAll(kv, indexPrefix(index))) {
    batch.push(keys.port(String(entry.key[entry.key.length - 1])));
    if (batch.length >= 100) await flush();
    if (out.length >= limit) break;
  }
  await flush();
  return out;
}

function present<T>(values: (T | null)[]): T[] {
  return values.filter((v): v is T => v !== null);
}

/** Inside `tx`: read one port (the commit fails and retries if it changed meanwhile), or null. */
export function readPort(tx: Transaction, portId: string): Promise<Port | null> {
  return tx.get<Port>(keys.port(portId));
}

/**
 * Queue an update of a port on `tx` (same id, device, network and project): addresses `after`
 * no longer holds are released, new ones must be free at commit, and the record and its network
 * index are rewritten.
 */
export function stagePortUpdate(tx: Transaction, before: Port, after: Port): void {
  const old = new Set(before.fixed_ips.map((f) => f.ip_address));
  const now = new Set(after.fixed_ips.map((f) => f.ip_address));
  for (const ip of old) {
    if (!now.has(ip)) tx.delete(keys.portAddress(ip, before.network_id));
  }
  for (const ip of now) {
    if (old.has(ip)) continue;
    const key = keys.portAddress(ip, after.network_id);
    tx.assertAbsent(key);
    tx.set(key, after.id);
  }
  tx.set(keys.port(after.id), after);
  tx.set(keys.networkPort(after.network_id, after.id), [...now]);
}

/**
 * Queue a change of the device a port is bound to on `tx` (attach or detach of an existing port):
 * the record is rewritten and the device index moves from `before`'s device to `after`'s (an
 * unbound port, `device_id` empty, is in no device's index). Its addresses do not change.
 */
export function stagePortRebind(tx: Transaction, before: Port, after: Port): void {
  if (before.device_id) tx.delete(keys.devicePort(before.device_id, before.id));
  if (after.device_id) tx.set(keys.devicePort(after.device_id, after.id), after.id);
  tx.set(keys.port(after.id), after);
}
