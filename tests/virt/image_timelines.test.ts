/** The rebuild, snapshot and backup timelines: pure step lists. */
import assert from "node:assert/strict";
import {
  backupSteps,
  IMAGE_TASK_EVENTS,
  rebuildSteps,
  snapshotSteps,
  uploadTimes,
} from "../../lib/virt/image_timelines.ts";

const NOW = new Date("2024-01-01T00:00:00.000Z");
const ACTIVE = { vm_state: "active", power_state: 1 } as const;

Deno.test("rebuildSteps: two compute states, then ACTIVE or STOPPED as the server was", () => {
  const steps = rebuildSteps(NOW, ACTIVE, { seconds: 3 });
  assert.deepEqual(steps.map((s) => [s.due.slice(17, 19), s.vm_state, s.task_state]), [
    ["00", "active", "rebuilding"],
    ["01", "active", "rebuild_block_device_mapping"],
    ["02", "active", "rebuild_spawning"],
    ["03", "active", null],
  ]);
  assert.equal(steps[0].event?.name, IMAGE_TASK_EVENTS.rebuildServer);
  assert.equal(steps[1].event?.name, IMAGE_TASK_EVENTS.rebuild);
  assert.equal(steps[3].effect, "launched");
  const stopped = rebuildSteps(NOW, { vm_state: "stopped", power_state: 4 }, { seconds: 3 });
  assert.deepEqual([stopped[3].vm_state, stopped[3].power_state], ["stopped", 4]);
});

Deno.test("snapshotSteps and backupSteps end with the upload; a backup rotates", () => {
  const snap = snapshotSteps(NOW, ACTIVE, "img-1", { seconds: 4 });
  assert.deepEqual(snap.map((s) => s.task_state), [
    "image_snapshot",
    "image_pending_upload",
    "image_uploading",
    null,
  ]);
  const times = uploadTimes(NOW, { seconds: 4 });
  assert.equal(snap[2].due, times.saving);
  assert.equal(snap.at(-1)?.due, times.active);
  assert.equal(snap.at(-1)?.effect, undefined);
  const backup = backupSteps(NOW, ACTIVE, "img-2", { seconds: 4 });
  assert.deepEqual(backup.map((s) => s.task_state), [
    "image_pending_upload",
    "image_uploading",
    null,
  ]);
  assert.equal(backup.at(-1)?.effect, "rotate-backups");
  assert.equal(backup.at(-1)?.image_id, "img-2");
  assert.equal(backup.at(-1)?.event?.name, IMAGE_TASK_EVENTS.backup);
  assert.ok(backup.every((s) => s.vm_state === "active" && s.power_state === 1));
});
