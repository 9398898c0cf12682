/**
 * Rescue and unrescue (Nova's `compute.API.rescue` / `unrescue`): a rescue boots the guest from a
 * rescue image (task rescuing, then RESCUED); an unrescue brings it back (task unrescuing, then
 * ACTIVE). Each is one atomic change that first applies the due steps, checks Nova's
 * preconditions (the lock, then vm_state, task state and launched_at), records the instance action and
 * stores the compute manager's steps.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { updateInstance } from "../store/instances.ts";
import { transact } from "../store/transaction.ts";
import { rescueSteps } from "../virt/timeline.ts";
import { type ActionActor, InstanceNotLaunched } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState, InstanceIsLocked, InstanceNotFound } from "./errors.ts";
import { emulatedSteps } from "./emulator.ts";
import { recordActionStart } from "./instance_actions.ts";
import { readSettled, settleInTx } from "./settle.ts";
import type { Instance, VmState } from "./types.ts";

/** Nova's `UnsupportedRescueImage` (400): the rescue image cannot be used (here: is unknown). */
export class UnsupportedRescueImage extends DomainError {
  constructor(image: string) {
    super("invalid", `Requested rescue image '${image}' is not supported`);
  }
}

/** What a rescue may name: its image and how to tell whether that image exists. */
export interface RescueOptions {
  rescueImageRef?: string;
  imageExists?: (id: string) => boolean;
}

const RESCUABLE: readonly VmState[] = ["active", "stopped", "error"];

async function rescueOrUnrescue(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  action: "rescue" | "unrescue",
  options: RescueOptions = {},
): Promise<Instance> {
  const vmStates: readonly VmState[] = action === "rescue" ? RESCUABLE : ["rescued"];
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    if (current.locked && !actor.isAdmin) throw new InstanceIsLocked(uuid);
    if (!vmStates.includes(current.vm_state)) {
      throw new InstanceInvalidState(action, uuid, "vm_state", current.vm_state);
    }
    if (current.task_state !== null) {
      throw new InstanceInvalidState(action, uuid, "task_state", current.task_state);
    }
    // Nova's `must_have_launched`: a server in ERROR that never booted cannot be rescued.
    if (!current.launched_at) throw new InstanceNotLaunched(action, uuid);
    const image = options.rescueImageRef;
    if (image !== undefined && options.imageExists && !options.imageExists(image)) {
      throw new UnsupportedRescueImage(image);
    }
    const requestId = await recordActionStart(tx, uuid, action, actor, now);
    const next: Instance = {
      ...current,
      task_state: action === "rescue" ? "rescuing" : "unrescuing",
      updated_at: now.toISOString(),
      pending: await emulatedSteps(
        tx,
        deps,
        { instance: current, action, requestId, now },
        (d) => rescueSteps(now, action, { seconds: d.bootSeconds }),
      ),
    };
    const after = await settleInTx(tx, deps, next, now);
    if (after === null) throw new InstanceNotFound(uuid);
    updateInstance(tx, found, after);
    return after;
  });
}

/**
 * `rescue`: an ACTIVE, STOPPED or ERROR server with no task -> task rescuing, then RESCUED after
 * `[deno] fake_boot_seconds`. Errors: {@link InstanceNotFound}, {@link InstanceIsLocked},
 * {@link InstanceInvalidState} (409s), then {@link UnsupportedRescueImage} (400) for a
 * `rescueImageRef` that `imageExists` does not know, in Nova's order.
 */
export function rescueServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  options: RescueOptions = {},
): Promise<Instance> {
  return rescueOrUnrescue(kv, uuid, actor, deps, "rescue", options);
}

/**
 * `unrescue`: a RESCUED server with no task -> task unrescuing, then ACTIVE. Errors as
 * {@link rescueServer}.
 */
export function unrescueServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
): Promise<Instance> {
  return rescueOrUnrescue(kv, uuid, actor, deps, "unrescue");
}
