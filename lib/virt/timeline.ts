/**
 * Task timelines of the simulated hypervisor: a task is a list of steps with due times, stored
 * with the instance; what a reader observes is a function of the record and the clock. These are
 * pure functions: building the steps of a task, finding the due ones, and applying them to a
 * record (whoever applies them stores the result in one atomic change, see `lib/instances`).
 *
 * Times written by a step are the step's due time, not the time it was observed, so two readers
 * applying the same step compute the same record.
 *
 * @module
 */
import type { Instance } from "../instances/types.ts";
import type { Step } from "./types.ts";
import { applyResizeStep } from "./resize_timeline.ts";

/** The instance-action event of a build, as Nova's compute manager names it. */
export const BUILD_EVENT = "compute__do_build_and_run_instance";
/** The instance-action event of a failed scheduling, as Nova's conductor names it. */
export const SCHEDULE_EVENT = "conductor_schedule_and_build_instances";
/** The instance-action event of a delete. */
export const DELETE_EVENT = "compute_terminate_instance";

function at(now: Date, seconds: number): string {
  return new Date(now.getTime() + Math.round(seconds * 1000)).toISOString();
}

/**
 * The steps of a build that found a host: Nova's compute manager takes the instance from
 * scheduling through networking, block_device_mapping and spawning to ACTIVE / RUNNING, spread
 * evenly over `bootSeconds`.
 *
 * @example
 * ```ts
 * buildSteps(new Date(), { bootSeconds: 1 }).at(-1)?.vm_state; // "active"
 * ```
 */
export function buildSteps(now: Date, options: { bootSeconds: number }): Step[] {
  const b = options.bootSeconds;
  return [
    {
      due: at(now, b / 4),
      vm_state: "building",
      task_state: "networking",
      power_state: 0,
      event: { name: BUILD_EVENT, phase: "start" },
    },
    {
      due: at(now, b / 2),
      vm_state: "building",
      task_state: "block_device_mapping",
      power_state: 0,
    },
    { due: at(now, (3 * b) / 4), vm_state: "building", task_state: "spawning", power_state: 0 },
    {
      due: at(now, b),
      vm_state: "active",
      task_state: null,
      power_state: 1,
      effect: "launched",
      event: { name: BUILD_EVENT, phase: "finish", result: "Success" },
    },
  ];
}

/**
 * The step of a build no host could take: after a quarter of `bootSeconds` in scheduling, the
 * instance goes to ERROR with Nova's NoValidHost fault (its claims are released then).
 */
export function noValidHostSteps(now: Date, options: { bootSeconds: number }): Step[] {
  return [{
    due: at(now, options.bootSeconds / 4),
    vm_state: "error",
    task_state: null,
    power_state: 0,
    effect: "no-valid-host",
    event: { name: SCHEDULE_EVENT, phase: "finish", result: "Error" },
  }];
}

/** The step of a delete: after `deleteSeconds` in task state deleting, the instance is gone. */
export function deleteSteps(now: Date, options: { deleteSeconds: number }): Step[] {
  return [{
    due: at(now, options.deleteSeconds),
    vm_state: "deleted",
    task_state: null,
    power_state: 0,
    effect: "deleted",
    event: { name: DELETE_EVENT, phase: "finish", result: "Success" },
  }];
}

/** The instance-action event of a soft delete, as Nova's compute manager names it. */
export const SOFT_DELETE_EVENT = "compute_soft_delete_instance";
/** The instance-action event of a restore, as Nova's compute manager names it. */
export const RESTORE_EVENT = "compute_restore_instance";

/**
 * The steps of a soft delete, once the API has set task state soft-deleting: after `seconds` the
 * compute manager powers the guest off and leaves it SOFT_DELETED (vm_state soft-delete, power
 * state 4) with no task; `reclaimSeconds` after the request (never before the first step) the
 * periodic reclaim deletes it, releasing what it holds. The reclaim records no event, as Nova's
 * periodic task records none.
 *
 * @example
 * ```ts
 * softDeleteSteps(new Date(), { seconds: 1, reclaimSeconds: 60 }).map((s) => s.vm_state);
 * // ["soft-delete", "deleted"]
 * ```
 */
export function softDeleteSteps(
  now: Date,
  options: { seconds: number; reclaimSeconds: number },
): Step[] {
  return [
    {
      due: at(now, options.seconds),
      vm_state: "soft-delete",
      task_state: null,
      power_state: 4,
      event: { name: SOFT_DELETE_EVENT, phase: "finish", result: "Success" },
    },
    {
      due: at(now, Math.max(options.seconds, options.reclaimSeconds)),
      vm_state: "deleted",
      task_state: null,
      power_state: 0,
      effect: "deleted",
    },
  ];
}

/**
 * The step of a restore, once the API has set task state restoring: after `seconds` the compute
 * manager powers the guest on and leaves it ACTIVE / RUNNING with no task. The soft delete's
 * reclaim step is gone with the steps this replaces.
 */
export function restoreSteps(now: Date, options: { seconds: number }): Step[] {
  return [{
    due: at(now, options.seconds),
    vm_state: "active",
    task_state: null,
    power_state: 1,
    event: { name: RESTORE_EVENT, phase: "finish", result: "Success" },
  }];
}

/** The pending steps of `instance` due at `now` (in order). */
export function dueSteps(instance: Pick<Instance, "pending">, now: Date): Step[] {
  const t = now.getTime();
  const out: Step[] = [];
  for (const step of instance.pending) {
    if (Date.parse(step.due) > t) break;
    out.push(step);
  }
  return out;
}

/** Nova's NoValidHost message when placement offers no candidate (the reason is empty). */
export const NO_VALID_HOST_MESSAGE = "No valid host was found. ";

/**
 * The record after `steps` (the first steps of `instance.pending`) took effect: their states,
 * `launched_at` for a finished build, the NoValidHost fault, `deleted_at` / `terminated_at` for a
 * delete, and the remaining steps still pending. `now` is unused for times (each step's due time
 * is), so the result does not depend on when it is observed.
 */
export function applySteps(instance: Instance, steps: readonly Step[], _now?: Date): Instance {
  if (steps.length === 0) return instance;
  const next: Instance = { ...instance, pending: instance.pending.slice(steps.length) };
  for (const step of steps) {
    next.vm_state = step.vm_state;
    next.task_state = step.task_state;
    next.power_state = step.power_state;
    next.updated_at = step.due;
    if (step.effect === "launched") {
      next.launched_at = step.due;
      next.progress = 0;
    } else if (step.effect === "no-valid-host") {
      next.fault = {
        code: 500,
        message: step.fault?.message ?? NO_VALID_HOST_MESSAGE,
        details: step.fault?.details ?? "nova.exception.NoValidHost: " + NO_VALID_HOST_MESSAGE,
        created: step.due,
      };
      next.host = null;
      next.node = null;
    } else if (step.vm_state === "shelved_offloaded" && step.task_state === null) {
      // An offload leaves the hypervisor: the instance keeps no host or node.
      next.host = null;
      next.node = null;
    } else if (step.effect === "deleted") {
      next.deleted_at = step.due;
      next.terminated_at = step.due;
    } else if (step.effect) {
      applyResizeStep(next, step);
    }
    if (step.fault && step.effect !== "no-valid-host") {
      // A failed compute call (see `lib/virt/failure.ts`): Nova records the fault, code 500.
      const { message, details } = step.fault ?? { message: "", details: "" };
      next.fault = { code: 500, message, details, created: step.due };
    }
  }
  return next;
}

/** The instance-action events of the power actions, as Nova's compute manager names them. */
export const ACTION_EVENTS = {
  stop: "compute_stop_instance",
  start: "compute_start_instance",
  reboot: "compute_reboot_instance",
  pause: "compute_pause_instance",
  unpause: "compute_unpause_instance",
  suspend: "compute_suspend_instance",
  resume: "compute_resume_instance",
} as const;

/** A power action of the simulated hypervisor (a reboot is {@link rebootSteps}). */
export type PowerAction = "stop" | "start" | "pause" | "unpause" | "suspend" | "resume";

/** Where each power action leaves the instance: Nova's vm_state and the fake driver's power state. */
const POWER_ACTION_END: Readonly<
  Record<PowerAction, { vm_state: Step["vm_state"]; power_state: Step["power_state"] }>
> = {
  stop: { vm_state: "stopped", power_state: 4 },
  start: { vm_state: "active", power_state: 1 },
  pause: { vm_state: "paused", power_state: 3 },
  unpause: { vm_state: "active", power_state: 1 },
  suspend: { vm_state: "suspended", power_state: 7 },
  resume: { vm_state: "active", power_state: 1 },
};

/**
 * The step of a power action, once the API has set its task state (powering-off, powering-on,
 * pausing, unpausing, suspending, resuming): after `seconds` the compute manager leaves the
 * instance in the action's vm_state and power state with no task (stop: STOPPED / SHUTDOWN;
 * start, unpause, resume: ACTIVE / RUNNING; pause: PAUSED / PAUSED; suspend: SUSPENDED /
 * SUSPENDED).
 *
 * @example
 * ```ts
 * powerActionSteps(new Date(), "stop", { seconds: 1 })[0].power_state; // 4
 * ```
 */
export function powerActionSteps(
  now: Date,
  action: PowerAction,
  options: { seconds: number },
): Step[] {
  const end = POWER_ACTION_END[action];
  return [{
    due: at(now, options.seconds),
    vm_state: end.vm_state,
    task_state: null,
    power_state: end.power_state,
    event: { name: ACTION_EVENTS[action], phase: "finish", result: "Success" },
  }];
}

/**
 * The steps of a reboot, once the API has set task state rebooting (SOFT) or rebooting_hard
 * (HARD): Nova's compute manager moves the task to reboot_pending(_hard), then
 * reboot_started(_hard), keeping the vm_state and power state the instance had (`from`), and
 * ends ACTIVE / RUNNING with no task; spread evenly over `seconds`.
 *
 * @example
 * ```ts
 * rebootSteps(new Date(), "HARD", { vm_state: "stopped", power_state: 4 }, { seconds: 1 })
 *   .map((s) => s.task_state); // ["reboot_pending_hard", "reboot_started_hard", null]
 * ```
 */
export function rebootSteps(
  now: Date,
  type: "SOFT" | "HARD",
  from: { vm_state: Step["vm_state"]; power_state: Step["power_state"] },
  options: { seconds: number },
): Step[] {
  const s = options.seconds;
  const suffix = type === "HARD" ? "_hard" : "";
  return [
    {
      due: at(now, s / 3),
      vm_state: from.vm_state,
      task_state: "reboot_pending" + suffix,
      power_state: from.power_state,
      event: { name: ACTION_EVENTS.reboot, phase: "start" },
    },
    {
      due: at(now, (2 * s) / 3),
      vm_state: from.vm_state,
      task_state: "reboot_started" + suffix,
      power_state: from.power_state,
    },
    {
      due: at(now, s),
      vm_state: "active",
      task_state: null,
      power_state: 1,
      event: { name: ACTION_EVENTS.reboot, phase: "finish", result: "Success" },
    },
  ];
}

/** The instance-action events of rescue and unrescue, as Nova's compute manager names them. */
export const RESCUE_EVENTS = {
  rescue: "compute_rescue_instance",
  unrescue: "compute_unrescue_instance",
} as const;

/**
 * The step of a rescue (task rescuing) or an unrescue (task unrescuing): after `seconds` the
 * compute manager leaves the guest RESCUED or ACTIVE, running (the fake driver's power state 1),
 * with no task.
 *
 * @example
 * ```ts
 * rescueSteps(new Date(), "rescue", { seconds: 1 })[0].vm_state; // "rescued"
 * ```
 */
export function rescueSteps(
  now: Date,
  action: "rescue" | "unrescue",
  options: { seconds: number },
): Step[] {
  return [{
    due: at(now, options.seconds),
    vm_state: action === "rescue" ? "rescued" : "active",
    task_state: null,
    power_state: 1,
    event: { name: RESCUE_EVENTS[action], phase: "finish", result: "Success" },
  }];
}

/** The instance-action events of shelving and unshelving, as Nova's compute manager names them. */
export const SHELVE_EVENTS = {
  shelve: "compute_shelve_instance",
  offload: "compute_shelve_offload_instance",
  unshelve: "compute_unshelve_instance",
  start: "compute_start_instance",
} as const;

/**
 * The steps of a shelve, once the API has set task state shelving: the snapshot's
 * shelving_image_pending_upload and shelving_image_uploading (keeping `from`'s states), then
 * SHELVED / SHUTDOWN after `seconds`. `offloadSeconds` is `[DEFAULT] shelved_offload_time`: 0
 * offloads at once (the SHELVED step carries task shelving_offloading and the offload ends the
 * action), more offloads that long after the shelve (Nova's periodic task: no event), less never.
 *
 * @example
 * ```ts
 * shelveSteps(new Date(), { vm_state: "active", power_state: 1 }, { seconds: 1, offloadSeconds: 0 })
 *   .at(-1)?.vm_state; // "shelved_offloaded"
 * ```
 */
export function shelveSteps(
  now: Date,
  from: { vm_state: Step["vm_state"]; power_state: Step["power_state"] },
  options: { seconds: number; offloadSeconds: number },
): Step[] {
  const s = options.seconds;
  const offloadNow = options.offloadSeconds === 0;
  const finish: Step["event"] = { name: SHELVE_EVENTS.shelve, phase: "finish", result: "Success" };
  const steps: Step[] = [
    { due: at(now, s / 3), ...from, task_state: "shelving_image_pending_upload" },
    { due: at(now, (2 * s) / 3), ...from, task_state: "shelving_image_uploading" },
    {
      due: at(now, s),
      vm_state: "shelved",
      task_state: offloadNow ? "shelving_offloading" : null,
      power_state: 4,
      ...(offloadNow ? {} : { event: finish }),
    },
  ];
  if (offloadNow) {
    steps.push({
      due: at(now, s),
      vm_state: "shelved_offloaded",
      task_state: null,
      power_state: 4,
      event: finish,
    });
  } else if (options.offloadSeconds > 0) {
    steps.push({
      due: at(now, s + options.offloadSeconds),
      vm_state: "shelved_offloaded",
      task_state: null,
      power_state: 4,
    });
  }
  return steps;
}

/**
 * The step of a `shelveOffload`, once the API has set task state shelving_offloading: after
 * `seconds` the guest is SHELVED_OFFLOADED with no host (see {@link applySteps}).
 */
export function shelveOffloadSteps(now: Date, options: { seconds: number }): Step[] {
  return [{
    due: at(now, options.seconds),
    vm_state: "shelved_offloaded",
    task_state: null,
    power_state: 4,
    event: { name: SHELVE_EVENTS.offload, phase: "finish", result: "Success" },
  }];
}

/**
 * The steps of an unshelve, once the API has set task state unshelving. A SHELVED guest is
 * started (task powering-on, then ACTIVE / RUNNING, the start event); a SHELVED_OFFLOADED guest
 * given a host spawns there (task spawning, then ACTIVE / RUNNING); with no host it falls back to
 * SHELVED_OFFLOADED with no task and a failed `schedule_instances` event, as Nova's conductor. An
 * offloaded guest's action also gets the conductor's `get_image_info` and `schedule_instances`.
 */
export function unshelveSteps(
  now: Date,
  from: "shelved" | "shelved_offloaded",
  placed: boolean,
  options: { seconds: number },
): Step[] {
  const s = options.seconds;
  // An offloaded guest goes through the conductor first: it reads the shelved snapshot
  // (`get_image_info`) and schedules (`schedule_instances`), each an event of the action.
  const conductor = (result: "Success" | "Error"): Step[] =>
    (["get_image_info", "schedule_instances"] as const).map((name) => ({
      due: at(now, s / 2),
      vm_state: "shelved_offloaded",
      task_state: name === "schedule_instances" && result === "Error" ? null : "unshelving",
      power_state: 4,
      event: {
        name,
        phase: "finish",
        result: name === "schedule_instances" ? result : "Success",
      },
    }));
  if (from === "shelved_offloaded" && !placed) return conductor("Error");
  return [
    ...(from === "shelved_offloaded" ? conductor("Success") : []),
    {
      due: at(now, s / 2),
      vm_state: from,
      task_state: from === "shelved" ? "powering-on" : "spawning",
      power_state: 4,
    },
    {
      due: at(now, s),
      vm_state: "active",
      task_state: null,
      power_state: 1,
      event: {
        name: from === "shelved" ? SHELVE_EVENTS.start : SHELVE_EVENTS.unshelve,
        phase: "finish",
        result: "Success",
      },
    },
  ];
}
