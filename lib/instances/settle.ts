/**
 * Bringing a record up to the clock: the due steps of its task take effect, with what they
 * release (quota, host capacity, ports) and the instance-action events they start or finish
 * staged on the same transaction, so applying a step is one atomic change; a second reader
 * applying the same step finds the record changed, runs again and sees nothing due.
 *
 * @module
 */
import { removeInstance, updateInstance } from "../store/instances.ts";
import type { Transaction } from "../store/transaction.ts";
import { flavorRequest } from "../virt/scheduler.ts";
import { applySteps, dueSteps } from "../virt/timeline.ts";
import type { InstanceDeps } from "./deps.ts";
import { recordStepEvents } from "./instance_actions.ts";
import { changeClaim, releaseMoveClaims, settleMoveSteps } from "./resize_settle.ts";
import { rotateBackups } from "./backup_rotation.ts";
import type { Instance } from "./types.ts";
import { InstanceNotFound } from "./errors.ts";
import { readInstance } from "../store/instances.ts";
import { applyMoveSteps } from "./move_steps.ts";
import { softDeleteInstanceMigrations } from "../store/server_migrations.ts";
import { dropFailedUploads } from "./failed_upload.ts";
import { leaveServerGroup } from "./server_groups.ts";
import { releaseVolumes } from "./volume_release.ts";
import { placeVolumes } from "./volume_placement.ts";

/** Stage releasing the instances, cores and ram the record counts, if it still counts them. */
export async function releaseQuota(
  tx: Transaction,
  deps: InstanceDeps,
  instance: Instance,
): Promise<Instance> {
  if (!instance.quota_counted) return instance;
  await deps.quota.release(tx, {
    projectId: instance.project_id,
    userId: instance.user_id,
    deltas: { instances: 1, cores: instance.flavor.vcpus, ram: instance.flavor.memory_mb },
  });
  return { ...instance, quota_counted: false };
}

/** Stage giving the record's host capacity back. */
export async function releaseHost(tx: Transaction, instance: Instance): Promise<void> {
  // A server mid-resize holds the old flavor on the source and the new one on the destination.
  if (await releaseMoveClaims(tx, instance)) return;
  if (!instance.host) return;
  await changeClaim(tx, instance.host, flavorRequest(instance.flavor), -1);
}

/**
 * Stage the effects of the steps of `before` (read through `tx`) that are due at `now`. Returns
 * the record as it now stands, or null when a delete finished (the record is gone).
 */
export async function settleInTx(
  tx: Transaction,
  deps: InstanceDeps,
  before: Instance,
  now: Date,
): Promise<Instance | null> {
  const due = dueSteps(before, now);
  if (due.length === 0) return before;
  let after = applySteps(before, due);
  await recordStepEvents(tx, before, after, due);
  await settleMoveSteps(tx, deps, before, after, due);
  const effects = new Set(due.map((s) => s.effect));
  if (effects.has("deleted")) {
    after = await releaseQuota(tx, deps, after);
    await releaseHost(tx, before);
    if (before.ports.length) await deps.ports.releasePorts(tx, before.ports);
    // Nova soft-deletes a destroyed instance's migrations with it.
    await softDeleteInstanceMigrations(tx, before.uuid, now);
    // The compute detaches the server's volumes and deletes those marked delete_on_termination.
    after = await releaseVolumes(tx, after, now);
    removeInstance(tx, before, { ...after, pending: [] });
    await leaveServerGroup(tx, before.uuid);
    return null;
  }
  if (effects.has("no-valid-host")) {
    after = await releaseQuota(tx, deps, after);
    // A no-fit build never claimed a host or ports; give back any it holds all the same.
    await releaseHost(tx, before);
    if (before.ports.length) await deps.ports.releasePorts(tx, before.ports);
    after = { ...after, ports: [] };
  }
  // A live migration's or evacuation's steps move their migration record and hosts.
  after = await applyMoveSteps(tx, before, after, due);
  for (const step of due) {
    if (step.effect === "rotate-backups" && step.image_id) {
      await rotateBackups(tx, before.uuid, step.image_id);
    }
  }
  // A failed snapshot or backup deletes the image it was uploading.
  await dropFailedUploads(tx, due);
  // Volume attachments follow the server to its new host (and get devices after an unshelve).
  after = await placeVolumes(tx, before, after);
  // An offload gives the host's capacity back; the ports stay (unbound) with the instance.
  if (before.host && !after.host && after.vm_state === "shelved_offloaded") {
    await releaseHost(tx, before);
  }
  updateInstance(tx, before, after);
  return after;
}

/** Whether the record has steps due at `now`. */
export function hasDue(instance: Instance, now: Date): boolean {
  return dueSteps(instance, now).length > 0;
}

/** A record read through a transaction and brought up to the clock. */
export interface Settled {
  /** The time the change is made at (`deps.clock()`). */
  now: Date;
  /** The record as stored (what a write replaces). */
  found: Instance;
  /** The record with its due steps applied (what the change starts from). */
  current: Instance;
}

/**
 * Read `uuid` through `tx` and apply its due steps: the start of every change to a server. Throws
 * {@link InstanceNotFound} when there is no such live server (or its delete just finished).
 *
 * @example
 * ```ts
 * const { now, found, current } = await readSettled(tx, deps, uuid);
 * updateInstance(tx, found, { ...current, updated_at: now.toISOString() });
 * ```
 */
export async function readSettled(
  tx: Transaction,
  deps: InstanceDeps,
  uuid: string,
): Promise<Settled> {
  const now = deps.clock();
  const found = await readInstance(tx, uuid);
  const current = found && await settleInTx(tx, deps, found, now);
  if (!found || !current) throw new InstanceNotFound(uuid);
  return { now, found, current };
}
