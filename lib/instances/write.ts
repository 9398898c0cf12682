/**
 * Changing servers: updating the fields `PUT /servers/{id}` sets, and deleting (task state
 * deleting, then gone when its step is due: quota, host capacity and ports released, the record
 * out of the live indexes). Each is one atomic change that first applies whatever steps are due.
 *
 * @module
 */
import { updateInstance } from "../store/instances.ts";
import { transact, type Transaction } from "../store/transaction.ts";
import { deleteSteps, softDeleteSteps } from "../virt/timeline.ts";
import { confirmResizeOnDelete } from "./resize.ts";
import type { InstanceDeps } from "./deps.ts";
import { emulatedSteps } from "./emulator.ts";
import { type ActionRequester, recordActionStart } from "./instance_actions.ts";
import { readSettled, settleInTx } from "./settle.ts";
import { abandonMove } from "./move_steps.ts";
import type { Instance } from "./types.ts";

/** What `PUT /servers/{id}` may change. */
export interface ServerChanges {
  name?: string;
  description?: string | null;
  hostname?: string;
  accessIpV4?: string | null;
  accessIpV6?: string | null;
  /** `OS-DCF:diskConfig`: AUTO true, MANUAL false. */
  autoDiskConfig?: boolean;
  /** The zone to pin the server to (2.104), null to unpin. */
  pinnedAvailabilityZone?: string | null;
}

/**
 * Apply `changes` to a live server and return it; {@link InstanceNotFound} (404) when there is
 * none.
 */
export async function updateServer(
  kv: Deno.Kv,
  uuid: string,
  changes: ServerChanges,
  deps: InstanceDeps,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    const next: Instance = { ...current, updated_at: now.toISOString() };
    if (changes.name !== undefined) next.name = changes.name;
    if (changes.description !== undefined) next.description = changes.description;
    if (changes.hostname !== undefined) next.hostname = changes.hostname;
    if (changes.accessIpV4 !== undefined) next.access_ip_v4 = changes.accessIpV4;
    if (changes.accessIpV6 !== undefined) next.access_ip_v6 = changes.accessIpV6;
    if (changes.autoDiskConfig !== undefined) next.auto_disk_config = changes.autoDiskConfig;
    if (changes.pinnedAvailabilityZone !== undefined) {
      next.pinned_availability_zone = changes.pinnedAvailabilityZone;
    }
    updateInstance(tx, found, next);
    return next;
  });
}

/**
 * A server still being scheduled has no compute host in Nova yet: its API deletes the build request
 * at once (`_delete_while_booting`), so it is gone on the spot.
 */
function stillScheduling(instance: Instance): boolean {
  return instance.vm_state === "building" && instance.task_state === "scheduling";
}

/** Task states during which a new delete request is ignored, as Nova's `_delete` ignores it. */
const DELETING_TASKS: readonly (string | null)[] = ["deleting", "soft-deleting"];

/**
 * Stage the delete of `current` (the settled form of `found`, the record as stored, both read
 * through `tx`): the `delete` action recorded for `who`, then either a soft delete (`soft`: task
 * soft-deleting, SOFT_DELETED after `[virt] fake_delete_seconds`, reclaimed `[DEFAULT]
 * reclaim_instance_interval` seconds after the request) or a delete (task deleting, gone after
 * `fake_delete_seconds`). A server on no host is gone at once, soft or not, with no event. A server
 * already being deleted or soft-deleted is left alone. Returns the record as it stands (null when
 * already gone).
 */
export async function stageDelete(
  tx: Transaction,
  deps: InstanceDeps,
  found: Instance,
  current: Instance,
  who: ActionRequester,
  now: Date,
  soft = false,
): Promise<Instance | null> {
  if (DELETING_TASKS.includes(current.task_state)) return current;
  // Nova confirms an unconfirmed resize before it deletes the server.
  current = await confirmResizeOnDelete(tx, current, who, now);
  const requestId = await recordActionStart(tx, current.uuid, "delete", who, now);
  await abandonMove(tx, current, now);
  // No host (shelved offloaded, or ERROR after NoValidHost): no compute to ask, so Nova's API
  // deletes the record itself, at once and even instead of a soft delete (`_local_delete`).
  // A server still scheduling is deleted at once too.
  const local = current.host === null;
  const atOnce = local || stillScheduling(current);
  const steps = await emulatedSteps(
    tx,
    deps,
    { instance: current, action: "delete", requestId, now },
    (d) =>
      soft && !local
        ? softDeleteSteps(now, {
          seconds: d.deleteSeconds,
          reclaimSeconds: d.reclaimSeconds ?? 0,
        })
        : deleteSteps(now, { deleteSeconds: atOnce ? 0 : d.deleteSeconds }),
  );
  const deleting: Instance = {
    ...current,
    task_state: soft && !local ? "soft-deleting" : "deleting",
    progress: 0,
    updated_at: now.toISOString(),
    pending: steps,
  };
  // Settle against the record as stored (found): its staged writes are replaced by these.
  const after = await settleInTx(tx, deps, deleting, now);
  if (after !== null) updateInstance(tx, found, after);
  return after;
}

/**
 * Start deleting a server: task state `deleting` now, gone after `[virt] fake_delete_seconds`
 * (at once when 0). A build in progress is abandoned. Deleting a server already being deleted
 * changes nothing. {@link InstanceNotFound} (404) when there is no such live server. Returns the
 * record as it stands after the call (null when already gone). A `delete` action is recorded for
 * `who` in the same change.
 *
 * With `[DEFAULT] reclaim_instance_interval` > 0 a server that has launched is soft-deleted
 * instead (Nova's `soft_delete`; one never launched is deleted): it keeps its quota, host and
 * ports until the reclaim, and `restore` brings it back (`./deferred_delete.ts`).
 */
export async function deleteServer(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
  who: ActionRequester = {},
): Promise<Instance | null> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    const soft = (deps.reclaimSeconds ?? 0) > 0 && current.launched_at !== null;
    return await stageDelete(tx, deps, found, current, who, now, soft);
  });
}
