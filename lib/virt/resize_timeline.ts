/**
 * Task timelines of a resize or cold migration on the simulated hypervisor, as Nova's conductor
 * and compute manager move the instance and its migration record: resize_prep -> resize_migrating
 * (migration `migrating`) -> resize_migrated (on the destination, powered off, `post-migrating`)
 * -> resize_finish (the new flavor) -> VERIFY_RESIZE (vm_state resized, `finished`); then a
 * confirm (source freed, `confirmed`) or a revert (resize_reverting, destination freed,
 * `reverted`, back on the source with the old flavor). Pure functions: the steps, and what each
 * does to the record (`applyResizeStep`, which `applySteps` calls); what a step frees or counts
 * is staged by `lib/instances/resize_settle.ts`.
 *
 * @module
 */
import type { Instance } from "../instances/types.ts";
import type { Step } from "./types.ts";

/** The instance-action events of a move, as Nova's conductor and compute manager name them. */
export const RESIZE_EVENTS = {
  conductor: "conductor_migrate_server",
  /** The conductor's reporter around the cold migration itself (inside migrate_server). */
  coldMigrate: "cold_migrate",
  prep: "compute_prep_resize",
  resize: "compute_resize_instance",
  finish: "compute_finish_resize",
  confirm: "compute_confirm_resize",
  revert: "compute_revert_resize",
  finishRevert: "compute_finish_revert_resize",
} as const;

/** The fault of a move no host could take (Nova's NoValidHost with placement's empty reason). */
export const RESIZE_NO_VALID_HOST = "No valid host was found. ";

function at(now: Date, seconds: number): string {
  return new Date(now.getTime() + Math.round(seconds * 1000)).toISOString();
}

/** The states a move starts from: an ACTIVE (running) or STOPPED (shut down) server. */
export interface MoveFrom {
  vm_state: "active" | "stopped";
  power_state: Step["power_state"];
}

/**
 * The steps of a resize or cold migration that found a destination, once the API has set task
 * resize_prep, spread over `seconds`; with `confirmWindow` > 0 (`[DEFAULT]
 * resize_confirm_window`), a last step confirms it that many seconds after VERIFY_RESIZE (Nova's
 * periodic `_poll_unconfirmed_resizes`; its action is recorded when the step applies).
 *
 * @example
 * ```ts
 * resizeSteps(new Date(), { vm_state: "active", power_state: 1 }, 7, { seconds: 5 })
 *   .at(-1)?.vm_state; // "resized"
 * ```
 */
export function resizeSteps(
  now: Date,
  from: MoveFrom,
  migrationId: number,
  options: { seconds: number; confirmWindow?: number },
): Step[] {
  const s = options.seconds;
  const on = from.vm_state === "active";
  const prep = {
    vm_state: from.vm_state,
    task_state: "resize_prep",
    power_state: from.power_state,
  };
  const steps: Step[] = [
    { due: at(now, s / 5), ...prep, event: { name: RESIZE_EVENTS.conductor, phase: "start" } },
    { due: at(now, s / 5), ...prep, event: { name: RESIZE_EVENTS.coldMigrate, phase: "start" } },
    { due: at(now, s / 5), ...prep, event: { name: RESIZE_EVENTS.prep, phase: "start" } },
    {
      due: at(now, s / 5),
      ...prep,
      event: { name: RESIZE_EVENTS.prep, phase: "finish", result: "Success" },
    },
    {
      due: at(now, s / 5),
      ...prep,
      event: { name: RESIZE_EVENTS.coldMigrate, phase: "finish", result: "Success" },
    },
    {
      due: at(now, s / 5),
      ...prep,
      event: { name: RESIZE_EVENTS.conductor, phase: "finish", result: "Success" },
    },
    {
      due: at(now, (2 * s) / 5),
      vm_state: from.vm_state,
      task_state: "resize_migrating",
      power_state: from.power_state,
      migration: { id: migrationId, status: "migrating" },
      event: { name: RESIZE_EVENTS.resize, phase: "start" },
    },
    {
      due: at(now, (3 * s) / 5),
      vm_state: from.vm_state,
      task_state: "resize_migrated",
      // Nova's compute writes no power_state during a move (its power sync skips servers with a
      // task): the record keeps the starting one until VERIFY_RESIZE.
      power_state: from.power_state,
      effect: "resize-migrated",
      migration: { id: migrationId, status: "post-migrating" },
      event: { name: RESIZE_EVENTS.resize, phase: "finish", result: "Success" },
    },
    {
      due: at(now, (4 * s) / 5),
      vm_state: from.vm_state,
      task_state: "resize_finish",
      power_state: from.power_state,
      effect: "resize-finish",
      event: { name: RESIZE_EVENTS.finish, phase: "start" },
    },
    {
      due: at(now, s),
      vm_state: "resized",
      task_state: null,
      power_state: on ? 1 : 4,
      effect: "resize-verify",
      migration: { id: migrationId, status: "finished" },
      event: { name: RESIZE_EVENTS.finish, phase: "finish", result: "Success" },
    },
  ];
  const window = options.confirmWindow ?? 0;
  if (window > 0) {
    steps.push({
      due: at(now, s + window),
      vm_state: on ? "active" : "stopped",
      task_state: null,
      power_state: on ? 1 : 4,
      effect: "resize-confirmed",
      migration: { id: migrationId, status: "confirmed" },
      event: { name: RESIZE_EVENTS.confirm, phase: "finish", result: "Success" },
    });
  }
  return steps;
}

/**
 * The steps of a move the scheduler found no host for: the conductor puts the server back in
 * its states with no task and a NoValidHost fault, and errors the migration.
 */
export function resizeNoValidHostSteps(
  now: Date,
  from: MoveFrom,
  migrationId: number,
  options: { seconds: number; reason?: string },
): Step[] {
  const due = at(now, options.seconds / 5);
  const message = RESIZE_NO_VALID_HOST + (options.reason ?? "");
  return [
    {
      due,
      ...from,
      task_state: "resize_prep",
      event: { name: RESIZE_EVENTS.conductor, phase: "start" },
    },
    {
      due,
      ...from,
      task_state: "resize_prep",
      event: { name: RESIZE_EVENTS.coldMigrate, phase: "start" },
    },
    {
      due,
      ...from,
      task_state: "resize_prep",
      event: { name: RESIZE_EVENTS.coldMigrate, phase: "finish", result: "Error" },
    },
    {
      due,
      ...from,
      task_state: null,
      effect: "resize-no-valid-host",
      fault: { message, details: "nova.exception.NoValidHost: " + message },
      migration: { id: migrationId, status: "error" },
      event: { name: RESIZE_EVENTS.conductor, phase: "finish", result: "Error" },
    },
  ];
}

/**
 * The step of a confirm (no task is set): after `seconds` the source compute frees the old
 * flavor's claim and the server is ACTIVE, or STOPPED when powered off.
 */
export function confirmResizeSteps(
  now: Date,
  powerState: Step["power_state"],
  migrationId: number,
  options: { seconds: number },
): Step[] {
  return [{
    due: at(now, options.seconds),
    vm_state: powerState === 4 ? "stopped" : "active",
    task_state: null,
    power_state: powerState,
    effect: "resize-confirmed",
    migration: { id: migrationId, status: "confirmed" },
    event: { name: RESIZE_EVENTS.confirm, phase: "finish", result: "Success" },
  }];
}

/**
 * The steps of a revert, once the API has set task resize_reverting: the destination destroys
 * the guest and drops its claim (migration `reverted`), then the source brings the server back
 * with the old flavor, in `oldVmState` (ACTIVE running or STOPPED).
 */
export function revertResizeSteps(
  now: Date,
  oldVmState: "active" | "stopped",
  migrationId: number,
  options: { seconds: number },
): Step[] {
  const s = options.seconds;
  // As in a resize, the record keeps its power_state (VERIFY_RESIZE's) until the revert ends.
  const reverting = {
    vm_state: "resized" as const,
    task_state: "resize_reverting",
    power_state: (oldVmState === "active" ? 1 : 4) as Step["power_state"],
  };
  return [
    {
      due: at(now, s / 2),
      ...reverting,
      event: { name: RESIZE_EVENTS.revert, phase: "start" },
    },
    {
      due: at(now, s / 2),
      ...reverting,
      effect: "revert-dest-dropped",
      migration: { id: migrationId, status: "reverted" },
      event: { name: RESIZE_EVENTS.revert, phase: "finish", result: "Success" },
    },
    {
      due: at(now, s / 2),
      ...reverting,
      event: { name: RESIZE_EVENTS.finishRevert, phase: "start" },
    },
    {
      due: at(now, s),
      vm_state: oldVmState,
      task_state: null,
      power_state: oldVmState === "active" ? 1 : 4,
      effect: "resize-reverted",
      event: { name: RESIZE_EVENTS.finishRevert, phase: "finish", result: "Success" },
    },
  ];
}

/**
 * The record after one move step's effect (its states are already applied): the host moves to
 * the destination, the new flavor applies, the old one comes back, or the open move is dropped.
 * Steps of other tasks are returned unchanged.
 */
export function applyResizeStep(next: Instance, step: Step): Instance {
  const ctx = next.migration_context;
  switch (step.effect) {
    case "resize-migrated":
      if (ctx) {
        next.host = ctx.dest_compute;
        next.node = ctx.dest_compute;
        next.availability_zone = ctx.dest_zone;
        next.old_flavor = next.old_flavor ?? next.flavor;
      }
      break;
    case "resize-finish":
      if (next.new_flavor) next.flavor = next.new_flavor;
      break;
    case "resize-verify":
      next.launched_at = step.due;
      break;
    case "resize-confirmed":
      // A revert that failed on the destination leaves the server there (its zone too).
      if (ctx && next.host === ctx.dest_compute) next.availability_zone = ctx.dest_zone;
      next.old_flavor = null;
      next.new_flavor = null;
      next.migration_context = null;
      break;
    case "revert-dest-dropped":
      if (ctx) next.migration_context = { ...ctx, dest_claimed: false };
      break;
    case "resize-reverted":
      if (ctx) {
        next.host = ctx.source_compute;
        next.node = ctx.source_compute;
        next.availability_zone = ctx.source_zone;
      }
      if (next.old_flavor) next.flavor = next.old_flavor;
      next.old_flavor = null;
      next.new_flavor = null;
      next.migration_context = null;
      next.launched_at = step.due;
      break;
    case "resize-failed":
      // A move that failed before the destination finished: back on the source, old flavor.
      if (ctx) {
        next.host = ctx.source_compute;
        next.node = ctx.source_compute;
        next.availability_zone = ctx.source_zone;
      }
      if (next.old_flavor) next.flavor = next.old_flavor;
      next.old_flavor = null;
      next.new_flavor = null;
      next.migration_context = null;
      break;
    case "resize-kept":
      // A failed confirm or revert rolled back: the server is on the destination, as before.
      if (ctx) next.availability_zone = ctx.dest_zone;
      break;
    case "resize-no-valid-host":
      next.fault = {
        code: 500,
        message: step.fault?.message ?? RESIZE_NO_VALID_HOST,
        details: step.fault?.details ?? "nova.exception.NoValidHost: " + RESIZE_NO_VALID_HOST,
        created: step.due,
      };
      next.old_flavor = null;
      next.new_flavor = null;
      next.migration_context = null;
      break;
  }
  return next;
}
