import assert from "node:assert/strict";
import type { Instance } from "../../lib/instances/types.ts";
import {
  confirmResizeSteps,
  resizeNoValidHostSteps,
  resizeSteps,
  revertResizeSteps,
} from "../../lib/virt/resize_timeline.ts";
import { applySteps } from "../../lib/virt/timeline.ts";

const NOW = new Date("2024-05-01T12:00:00.000Z");
const RUNNING = { vm_state: "active", power_state: 1 } as const;

function record(): Instance {
  const flavor = {
    flavorid: "1",
    name: "m1.tiny",
    memory_mb: 512,
    vcpus: 1,
    root_gb: 1,
    ephemeral_gb: 0,
    swap: 0,
    rxtx_factor: 1,
    extra_specs: {},
    description: null,
  };
  return {
    uuid: "i1",
    vm_state: "active",
    task_state: "resize_prep",
    power_state: 1,
    host: "a",
    node: "a",
    availability_zone: "za",
    flavor,
    old_flavor: flavor,
    new_flavor: { ...flavor, flavorid: "2", vcpus: 2 },
    migration_context: {
      migration_id: 4,
      source_compute: "a",
      source_zone: "za",
      dest_compute: "b",
      dest_zone: "zb",
      source_claim: { vcpus: 1, memory_mb: 512, disk_gb: 1 },
      dest_claim: { vcpus: 2, memory_mb: 512, disk_gb: 1 },
      dest_claimed: true,
      old_vm_state: "active",
    },
    fault: null,
    launched_at: null,
    updated_at: null,
    pending: [],
  } as unknown as Instance;
}

Deno.test("resize steps: Nova's task states and migration statuses, spread over the seconds", () => {
  const steps = resizeSteps(NOW, RUNNING, 4, { seconds: 5 });
  assert.deepEqual(steps.map((s) => s.task_state), [
    "resize_prep",
    "resize_prep",
    "resize_prep",
    "resize_prep",
    "resize_prep",
    "resize_prep",
    "resize_migrating",
    "resize_migrated",
    "resize_finish",
    null,
  ]);
  assert.deepEqual(steps.filter((s) => s.migration).map((s) => s.migration?.status), [
    "migrating",
    "post-migrating",
    "finished",
  ]);
  assert.equal(steps.at(-1)?.due, "2024-05-01T12:00:05.000Z");
  assert.deepEqual([steps.at(-1)?.vm_state, steps.at(-1)?.power_state], ["resized", 1]);
  const stopped = resizeSteps(NOW, { vm_state: "stopped", power_state: 4 }, 4, { seconds: 5 });
  assert.equal(stopped.at(-1)?.power_state, 4);
});

Deno.test("the confirm window adds a confirm step that long after VERIFY_RESIZE", () => {
  const steps = resizeSteps(NOW, RUNNING, 4, { seconds: 5, confirmWindow: 60 });
  const last = steps.at(-1)!;
  assert.deepEqual([last.due, last.vm_state, last.effect], [
    "2024-05-01T12:01:05.000Z",
    "active",
    "resize-confirmed",
  ]);
  assert.equal(resizeSteps(NOW, RUNNING, 4, { seconds: 5, confirmWindow: 0 }).length, 10);
});

Deno.test("applying a resize moves the host, then the flavor; a revert brings both back", () => {
  const steps = resizeSteps(NOW, RUNNING, 4, { seconds: 5 });
  const migrated = applySteps({ ...record(), pending: steps }, steps.slice(0, 8));
  assert.deepEqual([migrated.host, migrated.availability_zone, migrated.flavor.flavorid], [
    "b",
    "zb",
    "1",
  ]);
  assert.equal(migrated.pending.length, 2);
  const resized = applySteps(migrated, steps.slice(8));
  assert.deepEqual([resized.vm_state, resized.flavor.flavorid], ["resized", "2"]);
  assert.equal(resized.launched_at, "2024-05-01T12:00:05.000Z");
  const revert = revertResizeSteps(NOW, "active", 4, { seconds: 2 });
  const dropped = applySteps({ ...resized, pending: revert }, revert.slice(0, 3));
  assert.equal(dropped.migration_context?.dest_claimed, false);
  const back = applySteps(dropped, revert.slice(3));
  assert.deepEqual([back.vm_state, back.host, back.availability_zone, back.flavor.flavorid], [
    "active",
    "a",
    "za",
    "1",
  ]);
  assert.deepEqual([back.old_flavor, back.new_flavor, back.migration_context], [null, null, null]);
});

Deno.test("a confirm clears the move; no valid host puts the states back with Nova's fault", () => {
  const confirm = confirmResizeSteps(NOW, 4, 4, { seconds: 1 });
  const done = applySteps({ ...record(), vm_state: "resized", pending: confirm }, confirm);
  assert.deepEqual([done.vm_state, done.migration_context], ["stopped", null]);
  const nvh = resizeNoValidHostSteps(NOW, RUNNING, 4, { seconds: 5 });
  const back = applySteps({ ...record(), pending: nvh }, nvh);
  assert.deepEqual([back.vm_state, back.task_state, back.host], ["active", null, "a"]);
  assert.equal(back.fault?.message, "No valid host was found. ");
  assert.equal(nvh.at(-1)?.migration?.status, "error");
});
