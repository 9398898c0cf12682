import assert from "node:assert/strict";
import {
  evacuateNoValidHostSteps,
  evacuateSteps,
  liveMigrationFailureSteps,
  liveMigrationSteps,
} from "../../lib/virt/move_timeline.ts";

const NOW = new Date("2024-05-01T12:00:00.000Z");
const TARGET = { host: "b", node: "b", availability_zone: "nova" };

Deno.test("a live migration keeps its states and ends on the target, completed", () => {
  const steps = liveMigrationSteps(NOW, { vm_state: "paused", power_state: 3 }, {
    migrationId: 7,
    target: TARGET,
    memoryBytes: 100,
    diskBytes: 0,
  }, { seconds: 6 });
  assert.ok(steps.every((s) => s.vm_state === "paused" && s.power_state === 3));
  assert.deepEqual(steps.filter((s) => s.move?.status).map((s) => [s.due, s.move!.status]), [
    ["2024-05-01T12:00:01.000Z", "queued"],
    ["2024-05-01T12:00:02.000Z", "preparing"],
    ["2024-05-01T12:00:03.000Z", "running"],
    ["2024-05-01T12:00:06.000Z", "completed"],
  ]);
  assert.deepEqual(steps.filter((s) => s.move?.memory).map((s) => s.move!.memory!.processed), [
    0,
    50,
    100,
  ]);
  assert.deepEqual(steps.map((s) => s.task_state).slice(-3), ["migrating", null, null]);
  assert.deepEqual(steps.find((s) => s.move?.land)?.move?.land, TARGET);
  assert.ok(steps.every((s) => s.move === undefined || s.move.migration_id === 7));
});

Deno.test("a refused live migration clears the task at once (0 s) or later", () => {
  const failure = { migrationId: 1, message: "m", code: 400, details: "d" };
  const [now] = liveMigrationFailureSteps(NOW, { vm_state: "active", power_state: 1 }, failure, {
    seconds: 0,
  });
  assert.equal(now.due, NOW.toISOString());
  assert.deepEqual([now.task_state, now.move?.status, now.event?.result], [null, "error", "Error"]);
});

Deno.test("an evacuation rebuilds, optionally stops, and is done", () => {
  const plan = { migrationId: 2, target: TARGET, from: "stopped" as const, stopped: true };
  const steps = evacuateSteps(NOW, plan, { seconds: 5 });
  assert.deepEqual(steps.map((s) => s.task_state), [
    "rebuilding",
    "rebuilding",
    "rebuild_block_device_mapping",
    "rebuild_spawning",
    "powering-off",
    null,
    null,
  ]);
  assert.equal(steps.at(-1)?.vm_state, "stopped");
  assert.equal(steps.at(-1)?.move?.status, "done");
  const active = evacuateSteps(NOW, { ...plan, from: "active", stopped: false }, { seconds: 5 });
  assert.deepEqual([active.at(-1)?.vm_state, active.at(-1)?.power_state], ["active", 1]);
  const [fail] = evacuateNoValidHostSteps(NOW, { migrationId: 2, message: "x" }, { seconds: 5 });
  assert.deepEqual([fail.vm_state, fail.move?.status, fail.move?.fault?.code], [
    "error",
    "error",
    500,
  ]);
});
