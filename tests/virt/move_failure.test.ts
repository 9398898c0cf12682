import assert from "node:assert/strict";
import { failedMoveSteps } from "../../lib/virt/move_failure.ts";
import { evacuateSteps, liveMigrationSteps } from "../../lib/virt/move_timeline.ts";
import {
  confirmResizeSteps,
  resizeNoValidHostSteps,
  resizeSteps,
} from "../../lib/virt/resize_timeline.ts";
import { rebootSteps } from "../../lib/virt/timeline.ts";

const NOW = new Date("2024-05-01T12:00:00.000Z");
const ACTIVE = { vm_state: "active" as const, power_state: 1 as const };
const FAIL = { mode: "error" as const, message: "boom", details: "x: boom" };
const TARGET = { host: "compute-2", node: "compute-2", availability_zone: "nova" };

Deno.test("a resize fails at resize_instance: migration error, then nothing more", () => {
  const steps = resizeSteps(NOW, ACTIVE, 7, { seconds: 5, confirmWindow: 60 });
  const failed = failedMoveSteps(steps, ACTIVE, FAIL)!;
  const last = failed.at(-1)!;
  // It fails where resize_instance would finish: the step that lands on the destination.
  const migrated = steps.findIndex((s) => s.effect === "resize-migrated");
  assert.equal(failed.length, migrated + 1);
  assert.deepEqual(
    [
      last.vm_state,
      last.task_state,
      last.effect,
      last.migration,
      last.event?.name,
      last.event?.result,
    ],
    [
      "error",
      null,
      "resize-failed",
      { id: 7, status: "error" },
      "compute_resize_instance",
      "Error",
    ],
  );
  assert.equal(last.due, steps[migrated].due);
});

Deno.test("a rolled-back confirm keeps VERIFY_RESIZE and the migration finished", () => {
  const [step] = failedMoveSteps(confirmResizeSteps(NOW, 1, 3, { seconds: 1 }), {
    vm_state: "resized",
    power_state: 1,
  }, { ...FAIL, mode: "rollback" })!;
  assert.deepEqual([step.vm_state, step.effect, step.migration], [
    "resized",
    "resize-kept",
    { id: 3, status: "finished" },
  ]);
});

Deno.test("a live migration fails before landing; an evacuation never lands", () => {
  const plan = { migrationId: 4, target: TARGET, memoryBytes: 100, diskBytes: 0 };
  const live = failedMoveSteps(liveMigrationSteps(NOW, ACTIVE, plan, { seconds: 6 }), ACTIVE, {
    ...FAIL,
    mode: "rollback",
  })!;
  assert.ok(!live.some((s) => s.move?.land));
  assert.deepEqual(live.at(-1)!.move, { migration_id: 4, status: "failed", unclaim: "compute-2" });
  assert.equal(live.at(-1)!.vm_state, "active");
  const evac = failedMoveSteps(
    evacuateSteps(NOW, { migrationId: 5, target: TARGET, from: "active", stopped: false }, {
      seconds: 5,
    }),
    ACTIVE,
    FAIL,
  )!;
  assert.ok(!evac.some((s) => s.move?.land));
  assert.deepEqual(evac.at(-1)!.move, { migration_id: 5, status: "failed", unclaim: "compute-2" });
  assert.equal(evac.at(-1)!.vm_state, "error");
});

Deno.test("timelines that already fail stay; other tasks are not moves", () => {
  const nvh = resizeNoValidHostSteps(NOW, ACTIVE, 1, { seconds: 1 });
  assert.deepEqual(failedMoveSteps(nvh, ACTIVE, FAIL), nvh);
  assert.equal(
    failedMoveSteps(rebootSteps(NOW, "SOFT", ACTIVE, { seconds: 1 }), ACTIVE, FAIL),
    undefined,
  );
});
