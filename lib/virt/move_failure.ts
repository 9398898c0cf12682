/**
 * Failing a move on purpose (the emulator's fault injection for resize, cold migration, confirm,
 * revert, live migration and evacuation): a pure rewrite of the move's steps so that it ends as
 * Nova's compute manager ends a move whose call raised, with nothing held that nothing uses.
 *
 * - resize / migrate: `resize_instance` raises on the source (after `prep_resize` succeeded,
 *   migration `migrating`): the migration is `error`, the destination's claim is given back, the
 *   server stays on its source with its old flavor (`resize-failed`); ERROR with the fault, or
 *   its old states in `rollback`.
 * - confirmResize: the source's `confirm_resize` raises: ERROR with the fault on the destination
 *   with the new flavor, the migration `error`, the source's claim given back (`resize-confirmed`
 *   with a fault). In `rollback` nothing changes: VERIFY_RESIZE again, the migration `finished`.
 * - revertResize: the destination's `revert_resize` raises: as a failed confirm, the server stays
 *   on the destination (ERROR, new flavor) and the source is freed; in `rollback` VERIFY_RESIZE
 *   again (`resize-kept`: the zone the revert moved back returns to the destination's).
 * - live migration: the copy fails (Nova's `_rollback_live_migration`): the server stays on its
 *   source with no task, the migration is `failed`, the destination's claim is given back; in
 *   `error` the server is ERROR on its source.
 * - evacuation: the rebuild on the destination raises: the migration is `failed`, the server
 *   stays on its (down) host, ERROR (or its old states in `rollback`), the destination's claim
 *   given back.
 *
 * Timelines that already fail (the scheduler found no host) are returned unchanged.
 *
 * @module
 */
import type { Failure } from "./failure.ts";
import { LIVE_MIGRATION_EVENTS } from "./move_timeline.ts";
import { RESIZE_EVENTS } from "./resize_timeline.ts";
import type { Step } from "./types.ts";

type From = Pick<Step, "vm_state" | "power_state">;

function failing(step: Step, from: From, failure: Failure, event: string): Step {
  return {
    due: step.due,
    vm_state: failure.mode === "error" ? "error" : from.vm_state,
    task_state: null,
    power_state: from.power_state,
    effect: "fault",
    fault: { message: failure.message, details: failure.details },
    event: {
      name: event,
      phase: "finish",
      result: "Error",
      ...(step.event?.request_id ? { request_id: step.event.request_id } : {}),
    },
  };
}

function requestOf(steps: readonly Step[]): { request_id?: string } {
  const id = steps.find((s) => s.event?.request_id)?.event?.request_id;
  return id ? { request_id: id } : {};
}

function failedResize(steps: readonly Step[], from: From, failure: Failure, i: number): Step[] {
  const id = steps[i].migration!.id;
  const step = failing(steps[i], from, failure, RESIZE_EVENTS.resize);
  step.event = { ...step.event!, ...requestOf(steps) };
  return [
    ...steps.slice(0, i),
    { ...step, effect: "resize-failed", migration: { id, status: "error" } },
  ];
}

/** A failed confirm or revert: `step` is where it fails, `event` the call that raised. */
function failedFinish(step: Step, from: From, failure: Failure, event: string): Step {
  const id = step.migration!.id;
  const out = failing(step, from, failure, event);
  if (failure.mode === "rollback") {
    return {
      ...out,
      vm_state: "resized",
      effect: "resize-kept",
      migration: { id, status: "finished" },
    };
  }
  return { ...out, effect: "resize-confirmed", migration: { id, status: "error" } };
}

function failedLiveMigration(steps: readonly Step[], from: From, failure: Failure): Step[] {
  const land = steps.findIndex((s) => s.move?.land);
  const i = Math.max(land - 1, 0);
  const target = steps[land].move!;
  const step = failing(steps[i], from, failure, LIVE_MIGRATION_EVENTS.liveMigration);
  step.event = { ...step.event!, ...requestOf(steps) };
  step.move = { migration_id: target.migration_id, status: "failed", unclaim: target.land!.host };
  return [...steps.slice(0, i), step];
}

function failedEvacuation(steps: readonly Step[], from: From, failure: Failure): Step[] {
  const land = steps.findIndex((s) => s.move?.land);
  const target = steps[land].move!;
  // The server stays on its own host: the conductor's hand-over records no landing.
  const kept = steps.slice(0, 2).map((s) => {
    if (!s.move?.land) return s;
    const { land: _, ...move } = s.move;
    return { ...s, move };
  });
  const at = steps[Math.min(2, steps.length - 1)];
  const end = steps.at(-1)!;
  const step = failing(at, from, failure, end.event?.name ?? "compute_rebuild_instance");
  step.event = { ...step.event!, ...requestOf(steps) };
  step.move = { migration_id: target.migration_id, status: "failed", unclaim: target.land!.host };
  return [...kept, step];
}

/**
 * `steps` of a move rewritten to fail as `failure` says (see the module doc); `steps` themselves
 * for a move that already fails; undefined when `steps` are not a move's (the generic rewrite of
 * `failure.ts` applies).
 */
export function failedMoveSteps(
  steps: readonly Step[],
  from: From,
  failure: Failure,
): Step[] | undefined {
  const migrated = steps.findIndex((s) => s.effect === "resize-migrated");
  if (migrated >= 0) return failedResize(steps, from, failure, migrated);
  const dropped = steps.findIndex((s) => s.effect === "revert-dest-dropped");
  if (dropped >= 0) {
    return [
      ...steps.slice(0, dropped),
      failedFinish(steps[dropped], from, failure, RESIZE_EVENTS.revert),
    ];
  }
  if (steps.length === 1 && steps[0].effect === "resize-confirmed") {
    return [failedFinish(steps[0], from, failure, RESIZE_EVENTS.confirm)];
  }
  if (steps.some((s) => s.effect === "resize-no-valid-host")) return [...steps];
  if (steps.some((s) => s.move?.land)) {
    return steps.some((s) => s.task_state === "migrating")
      ? failedLiveMigration(steps, from, failure)
      : failedEvacuation(steps, from, failure);
  }
  if (steps.some((s) => s.move)) return [...steps];
  return undefined;
}
