/**
 * Soft-deleted servers (Nova's deferred delete): `restore` brings a SOFT_DELETED server back
 * before its reclaim, `forceDelete` deletes a server at once. The soft delete itself is
 * `deleteServer` (`./write.ts`) when `[DEFAULT] reclaim_instance_interval` is set. Each is one
 * atomic change that first applies whatever steps are due, so a reclaim that came due before the
 * request has happened (the server is gone: 404).
 *
 * @module
 */
import { updateInstance } from "../store/instances.ts";
import { transact } from "../store/transaction.ts";
import { restoreSteps } from "../virt/timeline.ts";
import type { ActionActor } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState, InstanceIsLocked, InstanceNotFound } from "./errors.ts";
import { emulatedSteps } from "./emulator.ts";
import { recordActionStart } from "./instance_actions.ts";
import { readSettled, settleInTx } from "./settle.ts";
import type { Instance } from "./types.ts";
import { stageDelete } from "./write.ts";

/**
 * `restore`: a SOFT_DELETED server with no task -> task restoring, then ACTIVE / RUNNING after
 * `[deno] fake_boot_seconds`; its reclaim is cancelled. A server without a host is ACTIVE at once,
 * as Nova's API does it. The `restore` action is recorded. Errors: {@link InstanceNotFound},
 * {@link InstanceIsLocked} (a non-admin on a locked server), {@link InstanceInvalidState} (any
 * other vm_state or a task in progress; 409s).
 *
 * The quota the server holds was never released, so there is nothing to claim again.
 *
 * @example
 * ```ts
 * await restoreServer(kv, uuid, { projectId: "p1", isAdmin: false }, deps); // task "restoring"
 * ```
 */
export async function restoreServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    if (current.locked && !actor.isAdmin) throw new InstanceIsLocked(uuid);
    if (current.vm_state !== "soft-delete") {
      throw new InstanceInvalidState("restore", uuid, "vm_state", current.vm_state);
    }
    if (current.task_state !== null) {
      throw new InstanceInvalidState("restore", uuid, "task_state", current.task_state);
    }
    const requestId = await recordActionStart(tx, uuid, "restore", actor, now);
    const next: Instance = current.host
      ? {
        ...current,
        task_state: "restoring",
        updated_at: now.toISOString(),
        pending: await emulatedSteps(
          tx,
          deps,
          { instance: current, action: "restore", requestId, now },
          (d) => restoreSteps(now, { seconds: d.bootSeconds }),
        ),
      }
      : {
        ...current,
        vm_state: "active",
        task_state: null,
        updated_at: now.toISOString(),
        pending: [],
      };
    const after = await settleInTx(tx, deps, next, now);
    if (after === null) throw new InstanceNotFound(uuid);
    updateInstance(tx, found, after);
    return after;
  });
}

/**
 * `forceDelete`: delete the server now, whatever its state (Nova's `force_delete` checks neither
 * vm_state nor task state), skipping the soft delete: task deleting, gone after `[virt]
 * fake_delete_seconds`. A server already being deleted or soft-deleted is left alone, as Nova
 * leaves it. The `delete` action is recorded (Nova records no other name for it). Errors:
 * {@link InstanceNotFound}, {@link InstanceIsLocked} (a non-admin on a locked server).
 */
export async function forceDeleteServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance | null> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    if (current.locked && !actor.isAdmin) throw new InstanceIsLocked(uuid);
    return await stageDelete(tx, deps, found, current, actor, now);
  });
}
