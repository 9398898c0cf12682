/**
 * Evacuation (Nova's evacuate API, `compute.API.evacuate`, the conductor's `rebuild_instance`
 * and the compute manager's rebuild with `recreate`): a server whose host's compute service is
 * down is rebuilt on another host. One atomic change checks Nova's preconditions in its order
 * (the named host, not the server's own, the state, the source's service down), records the
 * `evacuate` action and a migration record of type `evacuation` (`accepted`), places the server
 * (a forced host as given, else the scheduler: never the source, only the named host when given)
 * and stores the rebuild's steps (see `lib/virt/move_timeline.ts`), or the scheduler's failure.
 *
 * @module
 */
import { getFlavor } from "../store/flavors.ts";
import { effectiveHostsInTx } from "../virt/host_zones.ts";
import { readHostUsage, writeHostUsage } from "../store/hosts.ts";
import { updateInstance } from "../store/instances.ts";
import { insertMigration, newMigration, readMigrationSeq } from "../store/server_migrations.ts";
import { transact } from "../store/transaction.ts";
import { evacuateNoValidHostSteps, evacuateSteps } from "../virt/move_timeline.ts";
import { addUsage, fits, flavorRequest } from "../virt/scheduler.ts";
import { readServiceStates, serviceIsUp } from "../virt/services.ts";
import type { HostSpec } from "../virt/types.ts";
import type { ActionActor } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { emulatedSteps } from "./emulator.ts";
import { InstanceInvalidState } from "./errors.ts";
import { forRequest, recordActionStart } from "./instance_actions.ts";
import { ComputeServiceInUse, EvacuateHostNotFound, EvacuateToSameHost } from "./move_errors.ts";
import { forcedHostFullReason, scheduleMove } from "./move_schedule.ts";
import { getServer } from "./read.ts";
import { readSettled } from "./settle.ts";
import { movePlacement } from "./server_groups.ts";
import type { Instance, VmState } from "./types.ts";

/** What an `evacuate` asks for. */
export interface EvacuateRequest {
  /** The destination, or null for the scheduler's choice. */
  host: string | null;
  /**
   * Skip the scheduler for a named host: null before 2.29 (a named host is then always used as
   * given), false to run the scheduler's filters on it, true to force it.
   */
  force: boolean | null;
  /** From 2.95 every evacuated server ends STOPPED; before, a stopped one only. */
  stopAtDestination: boolean;
}

const EVACUABLE: readonly VmState[] = ["active", "stopped", "error"];

/**
 * `evacuate`: a server on a host whose compute service is down, ACTIVE, STOPPED or ERROR with no
 * task, goes to task rebuilding, then (over `[deno] fake_boot_seconds`) lands on the destination
 * (its old host's capacity given back), rebuild_block_device_mapping, rebuild_spawning, and ends
 * ACTIVE, or STOPPED when it was stopped or `stopAtDestination` (a server in ERROR ends ACTIVE).
 * When no host fits (or a forced one has not the capacity) it ends ERROR with Nova's NoValidHost
 * fault. Evacuation takes no lock into account, as Nova's.
 *
 * Errors: {@link InstanceNotFound}, {@link EvacuateHostNotFound} (404s),
 * {@link EvacuateToSameHost} (400), {@link InstanceInvalidState} (409),
 * {@link ComputeServiceInUse} (400), in Nova's order.
 */
export async function evacuateServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  request: EvacuateRequest,
): Promise<Instance> {
  const found0 = await getServer(kv, uuid, deps);
  const flavorId = found0 ? (await getFlavor(kv, found0.flavor.flavorid))?.id ?? null : null;
  const staged = await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    const { host } = request;
    if (host !== null && !deps.hosts.some((h) => h.name === host)) {
      throw new EvacuateHostNotFound(host);
    }
    if (current.host === host) throw new EvacuateToSameHost();
    if (!EVACUABLE.includes(current.vm_state)) {
      throw new InstanceInvalidState("evacuate", uuid, "vm_state", current.vm_state);
    }
    if (current.task_state !== null) {
      throw new InstanceInvalidState("evacuate", uuid, "task_state", current.task_state);
    }
    if (!current.launched_at) throw new InstanceInvalidState("evacuate", uuid, "launched_at", null);
    const names = deps.hosts.map((h) => h.name);
    const services = await readServiceStates(tx, names);
    // The hosts in the zones their aggregates give them.
    const hosts = await effectiveHostsInTx(tx, deps.hosts);
    const sourceState = current.host ? services.get(current.host) : undefined;
    if (sourceState && serviceIsUp(sourceState)) throw new ComputeServiceInUse(current.host);

    const requestId = await recordActionStart(tx, uuid, "evacuate", actor, now);
    const id = (await readMigrationSeq(tx)) + 1;
    const migration = newMigration({
      id,
      instance_uuid: uuid,
      migration_type: "evacuation",
      status: "accepted",
      source_compute: current.host,
      source_node: current.node,
      dest_compute: host,
      old_instance_type_id: flavorId,
      new_instance_type_id: flavorId,
      user_id: actor.userId ?? null,
      project_id: actor.projectId || null,
      created_at: now.toISOString(),
    });
    const usage = await readHostUsage(tx, names);
    const needs = flavorRequest(current.flavor);
    const forced = host !== null && request.force !== false;
    let reason = "";
    let dest: HostSpec | undefined;
    if (forced) {
      // A forced host skips the scheduler, not placement's claim.
      const named = hosts.find((h) => h.name === host)!;
      if (fits(named, usage.get(named.name)!, needs)) dest = named;
      else reason = forcedHostFullReason(uuid, named.name);
    } else {
      const pick = scheduleMove(hosts, usage, services, {
        ...needs,
        host,
        ignoreHosts: current.host ? [current.host] : [],
        group: await movePlacement(tx, current.uuid),
      });
      dest = pick.host;
      reason = pick.reason ?? "";
    }
    let next: Instance = { ...current, task_state: "rebuilding", updated_at: now.toISOString() };
    const seconds = { seconds: deps.bootSeconds };
    if (dest) {
      writeHostUsage(tx, dest.name, addUsage(usage.get(dest.name)!, needs));
      migration.dest_compute = dest.name;
      migration.dest_node = dest.name;
      const stopped = current.vm_state === "stopped" ||
        (request.stopAtDestination && current.vm_state !== "error");
      const target = {
        host: dest.name,
        node: dest.name,
        availability_zone: dest.availability_zone,
      };
      const steps = await emulatedSteps(
        tx,
        deps,
        { instance: current, action: "evacuate", requestId, now },
        (d) =>
          evacuateSteps(now, { migrationId: id, target, from: current.vm_state, stopped }, {
            seconds: d.bootSeconds,
          }),
      );
      next = { ...next, pending: steps };
    } else {
      const steps = evacuateNoValidHostSteps(now, {
        migrationId: id,
        message: `No valid host was found. ${reason}`,
      }, seconds);
      next = { ...next, pending: forRequest(steps, requestId) };
    }
    insertMigration(tx, migration);
    // The steps are applied by the next reader (the migration record is staged, not yet stored).
    updateInstance(tx, found, next);
    return next;
  });
  return await getServer(kv, uuid, deps) ?? staged;
}
