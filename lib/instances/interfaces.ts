/**
 * Interface attach and detach (Nova's `compute.API.attach_interface` / `detach_interface` and
 * what the compute manager does through Neutron): attaching gives the server a new port on a
 * network (with a requested fixed IP, or the lowest free one) or binds a port the user made;
 * detaching deletes a port Nova made and unbinds a port the user gave. Each is one atomic change
 * of the port records and the server's record (its `ports`, which the addresses in the server
 * views and the metadata API's network data are read from), with its instance action.
 *
 * The API's gates come first, in Nova's order: the lock (an admin may act on a locked server),
 * then vm_state ACTIVE, PAUSED or STOPPED and no task. Then the action is recorded; what fails
 * after that (Nova's compute manager) leaves the action with an `Error` event. An attach is a
 * call, so its failure reaches the caller; a detach is a cast, so a port the server does not
 * have fails only its event.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import type { NetworkCatalog } from "../networks/catalog.ts";
import { FixedIpAlreadyInUse, NetworkNotFound, PortNotFound } from "../networks/errors.ts";
import { unboundPort } from "../networks/ports.ts";
import type { Network, Port } from "../networks/types.ts";
import { updateInstance } from "../store/instances.ts";
import { readActionByRequest, writeAction, writeEvent } from "../store/instance_actions.ts";
import { readPort, stagePortRebind, stagePortRemoval } from "../store/ports.ts";
import { transact, type Transaction } from "../store/transaction.ts";
import type { ActionActor } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState, InstanceIsLocked } from "./errors.ts";
import { recordActionStart, recordInstantEvent } from "./instance_actions.ts";
import {
  AttachFixedIpInUse,
  AttachNetworkAmbiguous,
  InterfaceAttachFailedNoNetwork,
  PortInUse,
  PortNotAttached,
  PortNotUsable,
} from "./interface_errors.ts";
import { readSettled } from "./settle.ts";
import type { Instance, VmState } from "./types.ts";

export * from "./interface_errors.ts";

/** What an attach asks for (the API has refused a network together with a port). */
export interface AttachRequest {
  /** A network to make a new port on. */
  networkId?: string | null;
  /** A port the user made, to bind to the server. */
  portId?: string | null;
  /** A fixed IP for the new port (only with `networkId`). */
  fixedIp?: string | null;
  /** A device tag (2.49). */
  tag?: string | null;
}

/** The networks an attach may choose from (`lib/networks/catalog.ts`'s catalog). */
export type AttachNetworks = Pick<NetworkCatalog, "get" | "list" | "visibleTo">;

/** The vm states `check_instance_state` allows for both, with no task. */
const VM_STATES: readonly VmState[] = ["active", "paused", "stopped"];

function checkGates(instance: Instance, action: string, actor: ActionActor): void {
  if (instance.locked && !actor.isAdmin) throw new InstanceIsLocked(instance.uuid);
  if (!VM_STATES.includes(instance.vm_state)) {
    throw new InstanceInvalidState(action, instance.uuid, "vm_state", instance.vm_state);
  }
  if (instance.task_state !== null) {
    throw new InstanceInvalidState(action, instance.uuid, "task_state", instance.task_state);
  }
}

/** Stage an event of `requestId`'s action that started and failed at `now` with `error`. */
async function recordFailedEvent(
  tx: Transaction,
  uuid: string,
  requestId: string,
  name: string,
  host: string | null,
  now: Date,
  error: DomainError,
): Promise<void> {
  const action = await readActionByRequest(tx, uuid, requestId);
  if (!action) return;
  const time = now.toISOString();
  writeEvent(tx, uuid, action.id, {
    id: action.event_count,
    event: name,
    start_time: time,
    finish_time: time,
    result: "Error",
    traceback:
      `Traceback (most recent call last):\nnova.exception.${error.constructor.name}: ${error.message}\n`,
    host,
    details: error.message,
  });
  writeAction(tx, {
    ...action,
    event_count: action.event_count + 1,
    updated_at: time,
    message: "Error",
  });
}

/** The network a new port goes on: the one asked for, or the only one the project has. */
function chooseNetwork(
  networks: AttachNetworks,
  instance: Instance,
  networkId: string | null | undefined,
  actor: ActionActor,
): Network {
  if (networkId) {
    const network = networks.get(networkId);
    if (!network || !networks.visibleTo(network, actor.projectId, actor.isAdmin)) {
      throw new NetworkNotFound(networkId);
    }
    return network;
  }
  const available = networks.list().filter((n) =>
    n.shared || (n.project_id !== null && n.project_id === instance.project_id)
  );
  if (available.length === 0) throw new InterfaceAttachFailedNoNetwork(instance.project_id);
  if (available.length > 1) throw new AttachNetworkAmbiguous();
  return available[0];
}

/** The compute manager's part of an attach: the port, staged on `tx` (not yet on the record). */
async function attachPort(
  tx: Transaction,
  instance: Instance,
  request: AttachRequest,
  networks: AttachNetworks,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Port> {
  const zone = instance.availability_zone ?? "nova";
  if (request.portId) {
    const port = await readPort(tx, request.portId);
    // Neutron hides another project's port from a caller who is not an admin.
    if (!port || (!actor.isAdmin && port.project_id !== actor.projectId)) {
      throw new PortNotFound(request.portId);
    }
    if (port.project_id !== instance.project_id) {
      throw new PortNotUsable(request.portId, instance.uuid);
    }
    if (port.device_id) throw new PortInUse(request.portId);
    const bound: Port = {
      ...port,
      device_id: instance.uuid,
      device_owner: `compute:${zone}`,
      tag: request.tag ?? null,
      preserve_on_delete: true,
    };
    stagePortRebind(tx, port, bound);
    return bound;
  }
  const network = chooseNetwork(networks, instance, request.networkId, actor);
  try {
    return await deps.ports.allocatePort(tx, network, {
      deviceId: instance.uuid,
      projectId: instance.project_id,
      fixedIp: request.fixedIp ?? undefined,
      availabilityZone: zone,
      tag: request.tag ?? null,
    });
  } catch (e) {
    if (e instanceof FixedIpAlreadyInUse) throw new AttachFixedIpInUse(e.address);
    throw e;
  }
}

/**
 * Attach an interface to server `uuid` and return its port. Errors: `InstanceNotFound`,
 * `InstanceIsLocked` and `InstanceInvalidState` (409) before the action is recorded;
 * {@link PortNotFound} when `portId` names no port at all. Then, with the action's
 * `compute_attach_interface` event failed: {@link PortNotFound} (another project's port, to a
 * non-admin), {@link PortNotUsable}, {@link PortInUse}, `NetworkNotFound`,
 * {@link InterfaceAttachFailedNoNetwork}, {@link AttachNetworkAmbiguous},
 * {@link AttachFixedIpInUse}, `InvalidFixedIp`, `NoMoreFixedIps`.
 *
 * @example
 * ```ts
 * const port = await attachInterface(kv, uuid, { networkId }, networks, actor, deps);
 * port.device_id === uuid; // true
 * ```
 */
export async function attachInterface(
  kv: Deno.Kv,
  uuid: string,
  request: AttachRequest,
  networks: AttachNetworks,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Port> {
  const outcome = await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    checkGates(current, "attach_interface", actor);
    // The API looks the port up (as an admin) before anything reaches the compute host.
    if (request.portId && !(await readPort(tx, request.portId))) {
      await recordActionStart(tx, uuid, "attach_interface", actor, now);
      return { error: new PortNotFound(request.portId) };
    }
    const requestId = await recordActionStart(tx, uuid, "attach_interface", actor, now);
    let port: Port;
    try {
      port = await attachPort(tx, current, request, networks, actor, deps);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await recordFailedEvent(
        tx,
        uuid,
        requestId,
        "compute_attach_interface",
        current.host,
        now,
        e,
      );
      return { error: e };
    }
    await recordInstantEvent(tx, uuid, requestId, "compute_attach_interface", current.host, now);
    updateInstance(tx, found, {
      ...current,
      ports: [...current.ports, port],
      updated_at: now.toISOString(),
    });
    return { port };
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.port;
}

/**
 * Detach port `portId` from server `uuid`: a port Nova made is deleted (its addresses freed), a
 * port the user gave is unbound. Errors: `InstanceNotFound`, `InstanceIsLocked`,
 * `InstanceInvalidState` (409). A port the server does not have changes nothing but the action,
 * whose `compute_detach_interface` event fails (Nova's API has answered 202 by then).
 *
 * @example
 * ```ts
 * await detachInterface(kv, uuid, port.id, actor, deps);
 * ```
 */
export async function detachInterface(
  kv: Deno.Kv,
  uuid: string,
  portId: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    checkGates(current, "detach_interface", actor);
    const requestId = await recordActionStart(tx, uuid, "detach_interface", actor, now);
    const copy = current.ports.find((p) => p.id === portId);
    if (!copy) {
      const error = new PortNotAttached(portId);
      await recordFailedEvent(
        tx,
        uuid,
        requestId,
        "compute_detach_interface",
        current.host,
        now,
        error,
      );
      return current;
    }
    const port = await readPort(tx, portId);
    if (port) {
      if (port.preserve_on_delete) stagePortRebind(tx, port, unboundPort(port));
      else stagePortRemoval(tx, port);
    }
    await recordInstantEvent(tx, uuid, requestId, "compute_detach_interface", current.host, now);
    const next: Instance = {
      ...current,
      ports: current.ports.filter((p) => p.id !== portId),
      updated_at: now.toISOString(),
    };
    updateInstance(tx, found, next);
    return next;
  });
}
