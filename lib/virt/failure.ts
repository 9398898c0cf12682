/**
 * Failing a task on purpose (the emulator's fault injection): a pure rewrite of a task's steps
 * so that it ends the way a failed compute call ends in Nova.
 *
 * The task keeps its leading steps, those that only move the task state (reboot_pending,
 * spawning, shelving_image_uploading, ...), and fails at the first step that would end it: the
 * first that changes the vm_state, clears the task state or finishes the action's event. That
 * step becomes the failure, at the same due time; whatever followed (an offload, a reclaim) is
 * dropped.
 *
 * - `error`: vm_state ERROR, no task, the power state the instance had, an instance fault (code
 *   500) and the action's event finished with result Error (Nova's `wrap_instance_fault` and
 *   `wrap_instance_event` around a call that raised and set the instance to ERROR). A build
 *   fails as a NoValidHost-like build failure: what it claimed is released, it keeps no host.
 * - `rollback`: back to the vm_state and power state the instance had, no task, the event
 *   finished with result Error and the fault recorded (not shown: Nova shows a fault only on an
 *   ERROR or DELETED server), as Nova's `reverts_task_state` and rollback paths leave it. A
 *   build has nothing to go back to: it fails as with `error`.
 *
 * @module
 */
import { failedMoveSteps } from "./move_failure.ts";
import type { Step } from "./types.ts";

/** How an injected failure ends a task. */
export type FailureMode = "error" | "rollback";

/** The failure to write into a task. */
export interface Failure {
  mode: FailureMode;
  /** The instance fault's message. */
  message: string;
  /** The instance fault's details (the traceback Nova records). */
  details: string;
  /** The task is a build (the instance has no earlier state). */
  build?: boolean;
}

/**
 * Whether step `i` finishes an event that one of `steps` started (a finish of an event the API or
 * the conductor started before the task's steps, such as a rebuild's `rebuild_server`, is not the
 * compute's work and not where the task fails).
 */
function finishesOwnEvent(steps: readonly Step[], i: number): boolean {
  const event = steps[i].event;
  if (event?.phase !== "finish") return false;
  return steps.slice(0, i).some((s) => s.event?.phase === "start" && s.event.name === event.name);
}

/** The index of the step at which a task of `steps`, started from `from`, ends. */
function endIndex(steps: readonly Step[], from: Pick<Step, "vm_state">): number {
  const i = steps.findIndex((s, k) =>
    s.vm_state !== from.vm_state || s.task_state === null || finishesOwnEvent(steps, k)
  );
  return i < 0 ? steps.length - 1 : i;
}

/**
 * `steps`, a task started from `from` (the instance's states before the API set the task),
 * rewritten to fail as `failure` says; null when there are no steps to fail.
 *
 * @example
 * ```ts
 * const steps = rebootSteps(now, "SOFT", { vm_state: "active", power_state: 1 }, { seconds: 3 });
 * failedSteps(steps, { vm_state: "active", power_state: 1 }, {
 *   mode: "error",
 *   message: "boom",
 *   details: "boom",
 * })?.at(-1)?.vm_state; // "error"
 * ```
 */
export function failedSteps(
  steps: readonly Step[],
  from: Pick<Step, "vm_state" | "power_state">,
  failure: Failure,
): Step[] | null {
  if (steps.length === 0) return null;
  const move = failedMoveSteps(steps, from, failure);
  if (move) return move;
  const i = endIndex(steps, from);
  const own = steps.findIndex((_, k) => finishesOwnEvent(steps, k));
  const finish = (own >= 0 ? steps[own].event : undefined) ?? steps[i].event;
  const toError = failure.mode === "error" || failure.build === true;
  const failing: Step = {
    due: steps[i].due,
    vm_state: toError ? "error" : from.vm_state,
    task_state: null,
    power_state: from.power_state,
    effect: failure.build ? "no-valid-host" : "fault",
    fault: { message: failure.message, details: failure.details },
  };
  if (steps[i].image_id) failing.image_id = steps[i].image_id;
  if (finish) failing.event = { ...finish, phase: "finish", result: "Error" };
  return [...steps.slice(0, i), failing];
}
