/**
 * Shelving (Nova's `compute.API.shelve`, `shelve_offload` and `unshelve`): a shelve snapshots and
 * powers the guest off (SHELVED), then, per `[DEFAULT] shelved_offload_time`, takes it off its
 * host (SHELVED_OFFLOADED: no host or node, the host's capacity given back, ports and quota
 * kept, as Nova counts cores and ram from instance records); an unshelve starts a SHELVED guest
 * again or places an offloaded one on a host chosen by the scheduler. Each is one atomic change
 * that first applies the due steps, checks Nova's preconditions (the lock, then vm_state, then
 * task state), records the instance action and stores the compute manager's steps.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { effectiveHosts, effectiveHostsInTx } from "../virt/host_zones.ts";
import { ComputeHostNotFound } from "./move_errors.ts";
import { readHostUsage, writeHostUsage } from "../store/hosts.ts";
import { updateInstance } from "../store/instances.ts";
import { transact, type Transaction } from "../store/transaction.ts";
import { addUsage, flavorRequest, pickHost } from "../virt/scheduler.ts";
import { unavailableHosts } from "../virt/services.ts";
import { shelveOffloadSteps, shelveSteps, unshelveSteps } from "../virt/timeline.ts";
import type { ActionActor } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState, InstanceIsLocked, InstanceNotFound } from "./errors.ts";
import { emulatedSteps } from "./emulator.ts";
import { recordActionStart } from "./instance_actions.ts";
import { readSettled, settleInTx } from "./settle.ts";
import { movePlacement } from "./server_groups.ts";
import type { Instance, VmState } from "./types.ts";
import type { Image } from "../images/types.ts";
import { dropShelveSnapshot, stageShelveSnapshot } from "./snapshot.ts";

/** Nova's `UnshelveInstanceInvalidState` (409): a zone or host is only for offloaded servers. */
export class UnshelveInstanceInvalidState extends DomainError {
  constructor(uuid: string, state: string) {
    super(
      "conflict",
      `Specifying an availability zone or a host when unshelving server "${uuid}" with status ` +
        `"${state}" is not supported. The server status must be SHELVED_OFFLOADED.`,
    );
  }
}

/** Nova's `InvalidRequest` for an unshelve into an unknown zone (400). */
export class UnshelveZoneNotAvailable extends DomainError {
  constructor() {
    super("invalid", "The requested availability zone is not available");
  }
}

/** Nova's `UnshelveHostNotInAZ` (409). */
export class UnshelveHostNotInAZ extends DomainError {
  constructor(host: string, zone: string) {
    super("conflict", `Host "${host}" is not in the availability zone "${zone}".`);
  }
}

/** Where an unshelve may put an offloaded server (microversions 2.77 and 2.91). */
export interface UnshelveTarget {
  /** A zone to unshelve into (2.77); null unpins the server (2.91). */
  availabilityZone?: string | null;
  /** A host to unshelve onto (2.91). */
  host?: string;
}

async function change(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  name: string,
  vmStates: readonly VmState[],
  next: (tx: Transaction, current: Instance, requestId: string, now: Date) => Promise<Instance>,
  precheck?: (current: Instance) => void,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    if (current.locked && !actor.isAdmin) throw new InstanceIsLocked(uuid);
    if (!vmStates.includes(current.vm_state)) {
      throw new InstanceInvalidState(name, uuid, "vm_state", current.vm_state);
    }
    if (current.task_state !== null) {
      throw new InstanceInvalidState(name, uuid, "task_state", current.task_state);
    }
    precheck?.(current);
    const requestId = await recordActionStart(tx, uuid, name, actor, now);
    const after = await settleInTx(tx, deps, await next(tx, current, requestId, now), now);
    if (after === null) throw new InstanceNotFound(uuid);
    updateInstance(tx, found, after);
    return after;
  });
}

/**
 * `shelve`: an ACTIVE, STOPPED, PAUSED or SUSPENDED server with no task -> task shelving, then
 * SHELVED / SHUTDOWN after `[deno] fake_boot_seconds`, offloaded per `[DEFAULT]
 * shelved_offload_time`. Errors: {@link InstanceNotFound}, {@link InstanceIsLocked},
 * {@link InstanceInvalidState} (409s).
 */
export function shelveServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  options: { baseImage?: Image | null } = {},
): Promise<Instance> {
  const states: VmState[] = ["active", "stopped", "paused", "suspended"];
  return change(kv, uuid, actor, deps, "shelve", states, async (tx, current, requestId, now) => {
    const steps = await emulatedSteps(
      tx,
      deps,
      { instance: current, action: "shelve", requestId, now },
      (d) =>
        shelveSteps(now, current, {
          seconds: d.bootSeconds,
          offloadSeconds: d.shelvedOffloadSeconds ?? 0,
        }),
    );
    // The snapshot uploads while the task is shelving_image_uploading (see shelveSteps).
    const s = deps.bootSeconds * 1000;
    const times = {
      saving: new Date(now.getTime() + Math.round((2 * s) / 3)).toISOString(),
      active: new Date(now.getTime() + Math.round(s)).toISOString(),
    };
    const image = stageShelveSnapshot(tx, current, actor, options.baseImage ?? null, now, times);
    return {
      ...current,
      task_state: "shelving",
      updated_at: now.toISOString(),
      pending: steps,
      ...(image ? { shelved_image_id: image.id } : {}),
    };
  });
}

/**
 * `shelveOffload`: a SHELVED server with no task -> task shelving_offloading, then
 * SHELVED_OFFLOADED with no host. Errors as {@link shelveServer}.
 */
export function shelveOffloadServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return change(
    kv,
    uuid,
    actor,
    deps,
    "shelveOffload",
    ["shelved"],
    async (tx, current, requestId, now) => ({
      ...current,
      task_state: "shelving_offloading",
      updated_at: now.toISOString(),
      pending: await emulatedSteps(
        tx,
        deps,
        { instance: current, action: "shelveOffload", requestId, now },
        (d) => shelveOffloadSteps(now, { seconds: d.bootSeconds }),
      ),
    }),
  );
}

/**
 * `unshelve`: a SHELVED or SHELVED_OFFLOADED server with no task -> task unshelving, then ACTIVE.
 * An offloaded server is placed by the scheduler (in `target`'s zone or on its host when given,
 * else in its pinned zone) and claims that host's capacity now; when nothing fits it goes back
 * to SHELVED_OFFLOADED. Errors as {@link shelveServer}, and
 * {@link UnshelveInstanceInvalidState} for a zone or host given for a server that is not
 * offloaded.
 */
export async function unshelveServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  target: UnshelveTarget = {},
): Promise<Instance> {
  // The hosts in the zones their aggregates give them (checked again inside the transaction).
  const zoned = await effectiveHosts(kv, deps.hosts);
  const precheck = (current: Instance) => {
    if (
      (target.availabilityZone !== undefined || target.host) &&
      current.vm_state !== "shelved_offloaded"
    ) {
      throw new UnshelveInstanceInvalidState(uuid, current.vm_state);
    }
    const zone = target.availabilityZone;
    if (zone && !zoned.some((h) => h.availability_zone === zone)) {
      throw new UnshelveZoneNotAvailable();
    }
    if (target.host) {
      const host = zoned.find((h) => h.name === target.host);
      if (!host) throw new ComputeHostNotFound(target.host);
      const expected = zone === undefined ? current.pinned_availability_zone ?? null : zone;
      if (expected !== null && host.availability_zone !== expected) {
        throw new UnshelveHostNotInAZ(host.name, expected);
      }
    }
  };
  return change(
    kv,
    uuid,
    actor,
    deps,
    "unshelve",
    ["shelved", "shelved_offloaded"],
    async (tx, current, requestId, now) => {
      const start = { instance: current, action: "unshelve", requestId, now };
      let next: Instance = { ...current, task_state: "unshelving", updated_at: now.toISOString() };
      // The shelve's snapshot is no longer needed once the guest runs again (Nova deletes it).
      const dropSnapshot = async () => {
        await dropShelveSnapshot(tx, current);
        next = { ...next, shelved_image_id: null };
      };
      if (current.vm_state === "shelved") {
        await dropSnapshot();
        return {
          ...next,
          pending: await emulatedSteps(
            tx,
            deps,
            start,
            (d) => unshelveSteps(now, "shelved", true, { seconds: d.bootSeconds }),
          ),
        };
      }
      const pinned = target.availabilityZone === undefined
        ? current.pinned_availability_zone ?? null
        : target.availabilityZone;
      const usage = await readHostUsage(tx, deps.hosts.map((h) => h.name));
      const needs = flavorRequest(current.flavor);
      const host = pickHost(await effectiveHostsInTx(tx, deps.hosts), usage, {
        ...needs,
        availabilityZone: pinned ?? undefined,
        host: target.host,
        unavailableHosts: await unavailableHosts(tx, deps.hosts),
        group: await movePlacement(tx, current.uuid),
      });
      if (host) {
        await dropSnapshot();
        writeHostUsage(tx, host.name, addUsage(usage.get(host.name)!, needs));
        next = {
          ...next,
          host: host.name,
          node: host.name,
          availability_zone: host.availability_zone,
          pinned_availability_zone: pinned,
        };
      }
      const steps = await emulatedSteps(
        tx,
        deps,
        start,
        (d) => unshelveSteps(now, "shelved_offloaded", host !== null, { seconds: d.bootSeconds }),
      );
      return { ...next, pending: steps };
    },
    precheck,
  );
}
