/**
 * Live migration (Nova's `compute.API.live_migrate`, the conductor's `LiveMigrationTask` and the
 * compute manager's live migration): an ACTIVE or PAUSED server moves to another host while it
 * keeps running. One atomic change checks Nova's preconditions (the lock, the state, the named
 * host), records the `live-migration` action and a migration record (`accepted`), runs the
 * conductor's checks and either claims the destination and stores the move's steps (task
 * migrating throughout, see `lib/virt/move_timeline.ts`) or stores the conductor's failure.
 *
 * @module
 */
import type { DomainError } from "../errors/mod.ts";
import { effectiveHostsInTx } from "../virt/host_zones.ts";
import { getFlavor } from "../store/flavors.ts";
import { readHostUsage, writeHostUsage } from "../store/hosts.ts";
import { updateInstance } from "../store/instances.ts";
import { insertMigration, newMigration, readMigrationSeq } from "../store/server_migrations.ts";
import { transact } from "../store/transaction.ts";
import { liveMigrationFailureSteps, liveMigrationSteps } from "../virt/move_timeline.ts";
import { addUsage, fits, flavorRequest } from "../virt/scheduler.ts";
import { readServiceStates, serviceIsUp } from "../virt/services.ts";
import type { HostSpec } from "../virt/types.ts";
import type { ActionActor } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { emulatedSteps } from "./emulator.ts";
import { InstanceInvalidState, InstanceIsLocked } from "./errors.ts";
import { forRequest, recordActionStart } from "./instance_actions.ts";
import {
  ComputeHostNotFound,
  ComputeServiceUnavailable,
  MigrationPreCheckError,
  NoValidHost,
  pyFloatText,
  UnableToMigrateToSelf,
} from "./move_errors.ts";
import { forcedHostFullReason, scheduleMove } from "./move_schedule.ts";
import { getServer } from "./read.ts";
import { readSettled } from "./settle.ts";
import { movePlacement } from "./server_groups.ts";
import type { Instance, VmState } from "./types.ts";

/** What an `os-migrateLive` asks for. */
export interface LiveMigrateRequest {
  /** The destination, or null for the scheduler's choice. */
  host: string | null;
  /** Copy the disks (true), share them (false) or let the hypervisor decide (null, 2.25 "auto"). */
  blockMigration: boolean | null;
  /**
   * Skip the scheduler for a named host: null before 2.30 (a named host is then always forced),
   * false to run the scheduler's filters on it, true to force it.
   */
  force: boolean | null;
  /**
   * From 2.34 the conductor's checks run after the answer: a failure only ends the migration in
   * `error`. Before, the failure comes back as the error of this call (after it was recorded).
   */
  async: boolean;
}

const MIGRATABLE: readonly VmState[] = ["active", "paused"];
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The conductor's choice: a destination or the error that refused the move. */
type Choice = { host: HostSpec; error?: undefined } | { host?: undefined; error: DomainError };

/**
 * `os-migrateLive`: an ACTIVE or PAUSED server with no task goes to task migrating; the
 * migration is recorded `accepted`. Then, as Nova's conductor: the source's compute service must
 * be up; a forced host (`force` true, or any named host before 2.30) must not be the source, must
 * be up and have the memory (then the capacity); otherwise the scheduler picks a host other than the source (only
 * the named one when given). On success the destination's capacity is claimed and the move takes
 * `[deno] fake_boot_seconds`; at its end the server runs on the destination and the source's
 * capacity is given back. On failure the task is cleared and the migration is `error` (at once
 * when not `async`, then this throws the conductor's error).
 *
 * Errors: {@link InstanceNotFound} (404), {@link InstanceIsLocked}, {@link InstanceInvalidState}
 * (409s), {@link ComputeHostNotFound} (400) for an unknown host; when not `async`,
 * {@link ComputeServiceUnavailable}, {@link UnableToMigrateToSelf},
 * {@link MigrationPreCheckError}, {@link NoValidHost} (400s).
 */
export async function liveMigrateServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  request: LiveMigrateRequest,
): Promise<Instance> {
  const found0 = await getServer(kv, uuid, deps);
  const flavorId = found0 ? (await getFlavor(kv, found0.flavor.flavorid))?.id ?? null : null;
  const outcome = await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    if (current.locked && !actor.isAdmin) throw new InstanceIsLocked(uuid);
    const name = "os-migrateLive";
    if (!MIGRATABLE.includes(current.vm_state)) {
      throw new InstanceInvalidState(name, uuid, "vm_state", current.vm_state);
    }
    if (current.task_state !== null) {
      throw new InstanceInvalidState(name, uuid, "task_state", current.task_state);
    }
    if (!current.launched_at) throw new InstanceInvalidState(name, uuid, "launched_at", null);
    if (request.host !== null && !deps.hosts.some((h) => h.name === request.host)) {
      throw new ComputeHostNotFound(request.host);
    }
    const requestId = await recordActionStart(tx, uuid, "live-migration", actor, now);
    const forced = request.host !== null && request.force !== false;
    const id = (await readMigrationSeq(tx)) + 1;
    const migration = newMigration({
      id,
      instance_uuid: uuid,
      migration_type: "live-migration",
      status: "accepted",
      source_compute: current.host,
      source_node: current.node,
      dest_compute: forced ? request.host : null,
      old_instance_type_id: flavorId,
      new_instance_type_id: flavorId,
      user_id: actor.userId ?? null,
      project_id: actor.projectId || null,
      created_at: now.toISOString(),
    });

    const names = deps.hosts.map((h) => h.name);
    const usage = await readHostUsage(tx, names);
    // The hosts in the zones their aggregates give them.
    const hosts = await effectiveHostsInTx(tx, deps.hosts);
    const services = await readServiceStates(tx, names);
    const needs = flavorRequest(current.flavor);
    const source = current.host ?? "";
    const group = await movePlacement(tx, current.uuid);
    const choose = (): Choice => {
      const sourceState = services.get(source);
      if (sourceState && !serviceIsUp(sourceState)) {
        return { error: new ComputeServiceUnavailable(source) };
      }
      if (forced) {
        const dest = hosts.find((h) => h.name === request.host)!;
        if (dest.name === source) return { error: new UnableToMigrateToSelf(uuid, dest.name) };
        if (!serviceIsUp(services.get(dest.name)!)) {
          return { error: new ComputeServiceUnavailable(dest.name) };
        }
        const used = usage.get(dest.name)!.memory_mb;
        const avail = dest.memory_mb * dest.ram_allocation_ratio - used;
        if (avail <= current.flavor.memory_mb) {
          return {
            error: new MigrationPreCheckError(
              `Unable to migrate ${uuid} to ${dest.name}: Lack of memory(host:` +
                `${pyFloatText(avail)} <= instance:${current.flavor.memory_mb})`,
            ),
          };
        }
        if (!fits(dest, usage.get(dest.name)!, needs)) {
          return { error: new NoValidHost(forcedHostFullReason(uuid, dest.name)) };
        }
        return { host: dest };
      }
      const pick = scheduleMove(hosts, usage, services, {
        ...needs,
        host: request.host,
        ignoreHosts: [source],
        group,
      });
      return pick.host ? { host: pick.host } : { error: new NoValidHost(pick.reason) };
    };
    const choice = choose();
    const from = { vm_state: current.vm_state, power_state: current.power_state };
    let next: Instance = { ...current, task_state: "migrating", updated_at: now.toISOString() };
    if (choice.error) {
      const steps = liveMigrationFailureSteps(now, from, {
        migrationId: id,
        message: choice.error.message,
        code: choice.error.kind === "invalid" ? 400 : 500,
        details: choice.error.message,
      }, { seconds: request.async ? deps.bootSeconds / 4 : 0 });
      next = { ...next, pending: forRequest(steps, requestId) };
    } else {
      const dest = choice.host;
      writeHostUsage(tx, dest.name, addUsage(usage.get(dest.name)!, needs));
      migration.dest_compute = dest.name;
      migration.dest_node = dest.name;
      const copiesDisk = request.blockMigration === true;
      const steps = await emulatedSteps(
        tx,
        deps,
        { instance: current, action: "live-migration", requestId, now },
        (d) =>
          liveMigrationSteps(now, from, {
            migrationId: id,
            target: { host: dest.name, node: dest.name, availability_zone: dest.availability_zone },
            memoryBytes: current.flavor.memory_mb * MiB,
            diskBytes: copiesDisk
              ? (current.flavor.root_gb + current.flavor.ephemeral_gb) * GiB
              : 0,
          }, { seconds: d.bootSeconds }),
      );
      next = { ...next, pending: steps };
    }
    insertMigration(tx, migration);
    // The steps are applied by the next reader (the migration record is staged, not yet stored).
    updateInstance(tx, found, next);
    return { instance: next, error: choice.error };
  });
  const settled = await getServer(kv, uuid, deps) ?? outcome.instance;
  if (outcome.error && !request.async) throw outcome.error;
  return settled;
}
