/**
 * `addFixedIp` and `removeFixedIp` (Nova's `compute.API.add_fixed_ip` / `remove_fixed_ip`, done by
 * the compute manager through Neutron): the API checks the lock and casts; the manager adds an
 * address of the network to the server's port on it, or takes an address off the port holding it.
 * Here both happen in one atomic change. What the manager cannot do (no port on that network, no
 * free address, an address the server does not hold) fails after Nova's API has answered 202, so
 * it changes nothing and raises nothing. No instance action is recorded, as in Nova.
 *
 * @module
 */
import { withExtraFixedIp } from "../networks/fixed_ips.ts";
import type { Network } from "../networks/types.ts";
import { updateInstance } from "../store/instances.ts";
import { readPort, stagePortUpdate } from "../store/ports.ts";
import type { Port } from "../store/records.ts";
import { transact, type Transaction } from "../store/transaction.ts";
import { DomainError } from "../errors/mod.ts";
import type { ActionActor } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceIsLocked } from "./errors.ts";
import { readSettled } from "./settle.ts";
import type { Instance } from "./types.ts";

type PortEdit = (tx: Transaction, instance: Instance) => Promise<[Port, Port] | null>;

async function editPort(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  edit: PortEdit,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    if (current.locked && !actor.isAdmin) throw new InstanceIsLocked(uuid);
    const change = await edit(tx, current);
    if (change === null) return current;
    const [before, after] = change;
    stagePortUpdate(tx, before, after);
    const next: Instance = {
      ...current,
      ports: current.ports.map((p) => p.id === after.id ? after : p),
      updated_at: now.toISOString(),
    };
    updateInstance(tx, found, next);
    return next;
  });
}

/** The server's ports as stored (the record's copies when a port is missing). */
async function storedPorts(tx: Transaction, instance: Instance): Promise<Port[]> {
  const out: Port[] = [];
  for (const copy of instance.ports) out.push(await readPort(tx, copy.id) ?? copy);
  return out;
}

/**
 * `addFixedIp`: the server's first port on `network` (null: a network that does not exist) gets
 * the lowest free address of its subnet. {@link InstanceNotFound}, {@link InstanceIsLocked} (a
 * non-admin on a locked server); otherwise nothing happens when there is no such port or address.
 */
export function addFixedIp(
  kv: Deno.Kv,
  uuid: string,
  network: Network | null,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return editPort(kv, uuid, actor, deps, async (tx, instance) => {
    if (network === null) return null;
    const zone = `compute:${instance.availability_zone}`;
    const port = (await storedPorts(tx, instance)).find((p) =>
      p.network_id === network.id && p.device_owner === zone
    );
    if (!port) return null;
    try {
      return [port, await withExtraFixedIp(tx, network, port)];
    } catch (e) {
      if (e instanceof DomainError) return null;
      throw e;
    }
  });
}

/**
 * `removeFixedIp`: the server's port holding `address` loses it (the port stays, even with no
 * address left). {@link InstanceNotFound}, {@link InstanceIsLocked}; an address the server does
 * not hold changes nothing.
 */
export function removeFixedIp(
  kv: Deno.Kv,
  uuid: string,
  address: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return editPort(kv, uuid, actor, deps, async (tx, instance) => {
    const zone = `compute:${instance.availability_zone}`;
    const port = (await storedPorts(tx, instance)).find((p) =>
      p.device_owner === zone && p.fixed_ips.some((f) => f.ip_address === address)
    );
    if (!port) return null;
    return [port, {
      ...port,
      fixed_ips: port.fixed_ips.filter((f) => f.ip_address !== address),
    }];
  });
}
