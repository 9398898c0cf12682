import assert from "node:assert/strict";
import { failedSteps } from "../../lib/virt/failure.ts";
import {
  buildSteps,
  deleteSteps,
  rebootSteps,
  shelveSteps,
  softDeleteSteps,
} from "../../lib/virt/timeline.ts";

const NOW = new Date("2024-05-01T12:00:00.000Z");
const ACTIVE = { vm_state: "active", power_state: 1 } as const;
const ERR = { message: "boom", details: "nova.exception.NovaException: boom" };

Deno.test("error: a reboot keeps its task steps and fails at its end", () => {
  const steps = rebootSteps(NOW, "SOFT", ACTIVE, { seconds: 3 });
  const failed = failedSteps(steps, ACTIVE, { mode: "error", ...ERR });
  assert.deepEqual(failed?.map((s) => [s.vm_state, s.task_state, s.power_state]), [
    ["active", "reboot_pending", 1],
    ["active", "reboot_started", 1],
    ["error", null, 1],
  ]);
  const last = failed!.at(-1)!;
  assert.equal(last.due, steps.at(-1)!.due);
  assert.equal(last.effect, "fault");
  assert.deepEqual(last.fault, ERR);
  assert.deepEqual(last.event, {
    name: "compute_reboot_instance",
    phase: "finish",
    result: "Error",
  });
});

Deno.test("rollback: back to the states before, an offload or reclaim after is dropped", () => {
  const stopped = { vm_state: "stopped", power_state: 4 } as const;
  const shelve = shelveSteps(NOW, stopped, { seconds: 3, offloadSeconds: 60 });
  const failed = failedSteps(shelve, stopped, { mode: "rollback", ...ERR });
  assert.deepEqual(failed?.map((s) => [s.vm_state, s.task_state, s.power_state, s.event?.result]), [
    ["stopped", "shelving_image_pending_upload", 4, undefined],
    ["stopped", "shelving_image_uploading", 4, undefined],
    ["stopped", null, 4, "Error"],
  ]);
  const soft = softDeleteSteps(NOW, { seconds: 1, reclaimSeconds: 60 });
  const undone = failedSteps(soft, ACTIVE, { mode: "rollback", ...ERR });
  assert.deepEqual(undone?.map((s) => [s.vm_state, s.task_state, s.effect]), [
    ["active", null, "fault"],
  ]);
  const deleted = failedSteps(deleteSteps(NOW, { deleteSeconds: 0 }), ACTIVE, {
    mode: "error",
    ...ERR,
  });
  assert.deepEqual(deleted?.map((s) => [s.vm_state, s.effect]), [["error", "fault"]]);
});

Deno.test("a build fails NoValidHost-like in either mode; no steps, nothing to fail", () => {
  const building = { vm_state: "building", power_state: 0 } as const;
  for (const mode of ["error", "rollback"] as const) {
    const failed = failedSteps(buildSteps(NOW, { bootSeconds: 4 }), building, {
      mode,
      ...ERR,
      build: true,
    });
    assert.deepEqual(failed?.map((s) => [s.vm_state, s.task_state, s.effect]), [
      ["building", "networking", undefined],
      ["building", "block_device_mapping", undefined],
      ["building", "spawning", undefined],
      ["error", null, "no-valid-host"],
    ]);
  }
  assert.equal(failedSteps([], ACTIVE, { mode: "error", ...ERR }), null);
});
