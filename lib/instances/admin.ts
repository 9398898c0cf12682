/**
 * The operator's and owner's maintenance actions that change no power state: `os-resetState`
 * (Nova's `AdminActionsController._reset_state`), `injectNetworkInfo` (`compute.API.
 * inject_network_info`) and `changePassword` (`compute.API.set_admin_password` with the compute
 * manager's answer, which the API waits for). Each is one atomic change that first applies the due
 * steps.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { updateInstance } from "../store/instances.ts";
import { transact } from "../store/transaction.ts";
import type { ActionActor } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState, InstanceIsLocked } from "./errors.ts";
import { emulatedSteps } from "./emulator.ts";
import { recordActionStart } from "./instance_actions.ts";
import { readSettled, settleInTx } from "./settle.ts";
import type { Instance } from "./types.ts";

/** Nova's `InstancePasswordSetFailed` (409 at the API): the guest did not take the password. */
export class InstancePasswordSetFailed extends DomainError {
  constructor(uuid: string, reason: string) {
    super("conflict", `Failed to set admin password on ${uuid} because ${reason}`);
  }
}

/** The states `os-resetState` may set. */
export type ResetState = "active" | "error";

/** Tasks a reset leaves running: a delete goes on whatever the task state says, as in Nova. */
const KEEPS_RUNNING = ["deleting", "soft-deleting"];

/**
 * `os-resetState`: in any state, locked or not, vm_state becomes `state` and the task is cleared;
 * the `resetState` action is recorded. The steps of the interrupted task are dropped (Nova's
 * compute manager gives up once its expected task state is gone), except a delete's, which goes
 * on. {@link InstanceNotFound} when there is no such server.
 */
export async function resetServerState(
  kv: Deno.Kv,
  uuid: string,
  state: ResetState,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    await recordActionStart(tx, uuid, "resetState", actor, now);
    const keep = KEEPS_RUNNING.includes(current.task_state ?? "");
    const next: Instance = {
      ...current,
      vm_state: state,
      task_state: null,
      updated_at: now.toISOString(),
      pending: keep ? current.pending : [],
    };
    updateInstance(tx, found, next);
    return next;
  });
}

/**
 * `injectNetworkInfo`: the compute manager hands the guest its network info (the simulated guest
 * has nothing to change). Only the lock is checked (a non-admin on a locked server:
 * {@link InstanceIsLocked}); Nova records no instance action for it.
 */
export async function injectNetworkInfo(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { current } = await readSettled(tx, deps, uuid);
    if (current.locked && !actor.isAdmin) throw new InstanceIsLocked(uuid);
    return current;
  });
}

/**
 * `changePassword`: an ACTIVE server with no task, not locked (for a non-admin). The API sets task
 * updating_password and records `changePassword`; the compute manager, which the API waits for,
 * sets the password in the running guest (event `compute_set_admin_password`) and clears the
 * task, so the answer finds the server at rest again. A guest not running fails the event and is
 * {@link InstancePasswordSetFailed}, as is a call an armed `changePassword` fault fails (the
 * fault recorded, the server ERROR or as it was). The password the guest posted to the metadata API is not
 * touched. Errors: {@link InstanceNotFound}, {@link InstanceIsLocked},
 * {@link InstanceInvalidState}.
 */
export async function changeServerPassword(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  const result = await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    if (current.locked && !actor.isAdmin) throw new InstanceIsLocked(uuid);
    if (current.vm_state !== "active") {
      throw new InstanceInvalidState("changePassword", uuid, "vm_state", current.vm_state);
    }
    if (current.task_state !== null) {
      throw new InstanceInvalidState("changePassword", uuid, "task_state", current.task_state);
    }
    const requestId = await recordActionStart(tx, uuid, "changePassword", actor, now);
    const running = current.power_state === 1;
    let next: Instance = { ...current, updated_at: now.toISOString() };
    let failed = false;
    if (running) {
      // The compute manager's call, answered at once: one step due now (an armed fault fails it).
      const steps = await emulatedSteps(
        tx,
        deps,
        { instance: current, action: "changePassword", requestId, now },
        () => [{
          due: now.toISOString(),
          vm_state: current.vm_state,
          task_state: null,
          power_state: current.power_state,
          event: { name: "compute_set_admin_password", phase: "finish", result: "Success" },
        }],
      );
      failed = steps.some((step) => step.event?.result === "Error");
      // Settle against the record as stored (found): its staged writes are replaced by these.
      next = (await settleInTx(tx, deps, { ...next, pending: steps }, now)) ?? next;
    }
    updateInstance(tx, found, next);
    return { instance: next, running, failed };
  });
  if (!result.running) {
    throw new InstancePasswordSetFailed(uuid, `instance ${uuid} is not running`);
  }
  // Nova's compute manager hides the cause from the caller.
  if (result.failed) throw new InstancePasswordSetFailed(uuid, "error setting admin password");
  return result.instance;
}
