import assert from "node:assert/strict";
import type { Instance } from "../../lib/instances/types.ts";
import {
  applySteps,
  buildSteps,
  deleteSteps,
  dueSteps,
  noValidHostSteps,
  powerActionSteps,
  rebootSteps,
  rescueSteps,
  restoreSteps,
  shelveSteps,
  softDeleteSteps,
  unshelveSteps,
} from "../../lib/virt/timeline.ts";

const T0 = new Date("2024-05-01T00:00:00.000Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);

function building(pending = buildSteps(T0, { bootSeconds: 2 })): Instance {
  return {
    vm_state: "building",
    task_state: "scheduling",
    power_state: 0,
    pending,
    launched_at: null,
    fault: null,
    host: "h",
    node: "h",
    updated_at: null,
    progress: 0,
    deleted_at: null,
    terminated_at: null,
  } as unknown as Instance;
}

Deno.test("a build goes networking, block_device_mapping, spawning, then ACTIVE/RUNNING", () => {
  const steps = buildSteps(T0, { bootSeconds: 2 });
  assert.deepEqual(
    steps.map((s) => [s.due, s.vm_state, s.task_state, s.power_state]),
    [
      ["2024-05-01T00:00:00.500Z", "building", "networking", 0],
      ["2024-05-01T00:00:01.000Z", "building", "block_device_mapping", 0],
      ["2024-05-01T00:00:01.500Z", "building", "spawning", 0],
      ["2024-05-01T00:00:02.000Z", "active", null, 1],
    ],
  );
});

Deno.test("due steps are the leading ones whose time has come", () => {
  const inst = building();
  assert.equal(dueSteps(inst, at(0.4)).length, 0);
  assert.equal(dueSteps(inst, at(0.5)).length, 1);
  assert.equal(dueSteps(inst, at(1.7)).length, 3);
  assert.equal(dueSteps(inst, at(99)).length, 4);
});

Deno.test("applying steps takes their states and times, whenever it is observed", () => {
  const inst = building();
  const early = applySteps(inst, dueSteps(inst, at(1)), at(1));
  assert.equal(early.task_state, "block_device_mapping");
  assert.equal(early.pending.length, 2);
  const done = applySteps(early, dueSteps(early, at(5)), at(5));
  const late = applySteps(inst, dueSteps(inst, at(500)), at(500));
  assert.deepEqual(done, late);
  assert.equal(done.vm_state, "active");
  assert.equal(done.launched_at, "2024-05-01T00:00:02.000Z");
  assert.deepEqual(done.pending, []);
  assert.equal(applySteps(inst, []), inst);
});

Deno.test("no valid host: ERROR with Nova's fault; delete: deleted times", () => {
  const failed = building(noValidHostSteps(T0, { bootSeconds: 1 }));
  const err = applySteps(failed, dueSteps(failed, at(1)));
  assert.equal(err.vm_state, "error");
  assert.equal(err.task_state, null);
  assert.deepEqual(err.fault?.message, "No valid host was found. ");
  assert.equal(err.fault?.code, 500);
  assert.equal(err.host, null);
  const gone = building(deleteSteps(T0, { deleteSeconds: 0 }));
  const del = applySteps(gone, dueSteps(gone, T0));
  assert.equal(del.vm_state, "deleted");
  assert.equal(del.deleted_at, T0.toISOString());
  assert.equal(del.terminated_at, T0.toISOString());
});

Deno.test("powerActionSteps: one step after `seconds` to the action's vm_state and power state", () => {
  const ends = (["stop", "start", "pause", "unpause", "suspend", "resume"] as const).map((a) => {
    const [step, ...rest] = powerActionSteps(T0, a, { seconds: 2 });
    assert.equal(rest.length, 0);
    assert.equal(step.due, at(2).toISOString());
    assert.equal(step.task_state, null);
    assert.equal(step.event?.name, `compute_${a}_instance`);
    return [a, step.vm_state, step.power_state];
  });
  assert.deepEqual(ends, [
    ["stop", "stopped", 4],
    ["start", "active", 1],
    ["pause", "paused", 3],
    ["unpause", "active", 1],
    ["suspend", "suspended", 7],
    ["resume", "active", 1],
  ]);
});

Deno.test("rebootSteps: pending, started (keeping the state it had), then ACTIVE", () => {
  const hard = rebootSteps(T0, "HARD", { vm_state: "paused", power_state: 3 }, { seconds: 3 });
  assert.deepEqual(
    hard.map((s) => [s.due, s.vm_state, s.task_state, s.power_state]),
    [
      [at(1).toISOString(), "paused", "reboot_pending_hard", 3],
      [at(2).toISOString(), "paused", "reboot_started_hard", 3],
      [at(3).toISOString(), "active", null, 1],
    ],
  );
  const soft = rebootSteps(T0, "SOFT", { vm_state: "active", power_state: 1 }, { seconds: 3 });
  assert.deepEqual(soft.map((s) => s.task_state), ["reboot_pending", "reboot_started", null]);
  const rebooting = { ...building(soft), vm_state: "active", task_state: "rebooting" } as Instance;
  const after = applySteps(rebooting, dueSteps(rebooting, at(2)));
  assert.deepEqual([after.task_state, after.pending.length], ["reboot_started", 1]);
});

Deno.test("soft delete: SOFT_DELETED / SHUTDOWN, then the reclaim; restore ends ACTIVE", () => {
  const soft = softDeleteSteps(T0, { seconds: 2, reclaimSeconds: 60 });
  assert.deepEqual(
    soft.map((s) => [s.due, s.vm_state, s.task_state, s.power_state, s.effect, s.event?.name]),
    [
      [at(2).toISOString(), "soft-delete", null, 4, undefined, "compute_soft_delete_instance"],
      [at(60).toISOString(), "deleted", null, 0, "deleted", undefined],
    ],
  );
  // A reclaim interval shorter than the soft delete itself waits for it.
  assert.equal(softDeleteSteps(T0, { seconds: 5, reclaimSeconds: 1 })[1].due, at(5).toISOString());
  assert.deepEqual(
    restoreSteps(T0, { seconds: 3 }).map((s) => [s.due, s.vm_state, s.task_state, s.power_state]),
    [[at(3).toISOString(), "active", null, 1]],
  );
});

Deno.test("shelve steps: offload at once (0), later (> 0) or never (-1); applying it drops the host", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const from = { vm_state: "active" as const, power_state: 1 as const };
  const states = (offloadSeconds: number) =>
    shelveSteps(now, from, { seconds: 3, offloadSeconds }).map((s) => [s.vm_state, s.task_state]);
  assert.deepEqual(states(0), [
    ["active", "shelving_image_pending_upload"],
    ["active", "shelving_image_uploading"],
    ["shelved", "shelving_offloading"],
    ["shelved_offloaded", null],
  ]);
  assert.equal(states(-1).length, 3);
  assert.equal(
    shelveSteps(now, from, { seconds: 3, offloadSeconds: 60 })[3].due,
    "2026-01-01T00:01:03.000Z",
  );
  const shelved = { ...building([]), host: "h1", node: "h1" };
  const off = applySteps({
    ...shelved,
    pending: shelveSteps(now, from, { seconds: 3, offloadSeconds: 0 }),
  }, shelveSteps(now, from, { seconds: 3, offloadSeconds: 0 }));
  assert.deepEqual([off.vm_state, off.host, off.node, off.power_state], [
    "shelved_offloaded",
    null,
    null,
    4,
  ]);
  assert.equal(rescueSteps(now, "unrescue", { seconds: 1 })[0].vm_state, "active");
  // The conductor reads the snapshot, then fails to schedule: the instance stays offloaded.
  const failed = unshelveSteps(now, "shelved_offloaded", false, { seconds: 2 });
  assert.deepEqual(failed.map((s) => [s.event?.name, s.event?.result]), [
    ["get_image_info", "Success"],
    ["schedule_instances", "Error"],
  ]);
  assert.deepEqual(failed.at(-1)?.task_state, null);
  const placed = unshelveSteps(now, "shelved_offloaded", true, { seconds: 2 });
  assert.deepEqual(placed.map((s) => [s.task_state, s.event?.name ?? null]), [
    ["unshelving", "get_image_info"],
    ["unshelving", "schedule_instances"],
    ["spawning", null],
    [null, "compute_unshelve_instance"],
  ]);
  assert.equal(unshelveSteps(now, "shelved", true, { seconds: 2 }).length, 2);
});
