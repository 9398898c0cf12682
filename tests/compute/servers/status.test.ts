import assert from "node:assert/strict";
import { statesFromStatus, statusFromState } from "../../../lib/compute/servers/status.ts";

Deno.test("statusFromState follows Nova's state map", () => {
  assert.equal(statusFromState("active", null), "ACTIVE");
  assert.equal(statusFromState("active", "reboot_started"), "REBOOT");
  assert.equal(statusFromState("active", "updating_password"), "PASSWORD");
  assert.equal(statusFromState("active", "resize_finish"), "RESIZE");
  assert.equal(statusFromState("active", "spawning"), "ACTIVE");
  assert.equal(statusFromState("stopped", "rebuilding"), "REBUILD");
  assert.equal(statusFromState("resized", "resize_reverting"), "REVERT_RESIZE");
  assert.equal(statusFromState("resized", null), "VERIFY_RESIZE");
  assert.equal(statusFromState("paused", "migrating"), "MIGRATING");
  assert.equal(statusFromState("error", "rebuild_spawning"), "REBUILD");
  assert.equal(statusFromState("shelved_offloaded", null), "SHELVED_OFFLOADED");
  assert.equal(statusFromState("nonsense", null), "UNKNOWN");
  assert.equal(statusFromState("toString", null), "UNKNOWN");
  assert.equal(statusFromState("active", "toString"), "ACTIVE");
});

Deno.test("statesFromStatus maps statuses back, case-insensitively", () => {
  assert.deepEqual(statesFromStatus(["shutoff"]), {
    vmStates: ["stopped"],
    taskStates: ["default"],
  });
  assert.deepEqual(statesFromStatus(["REBOOT"]), {
    vmStates: ["active"],
    taskStates: ["reboot_pending", "reboot_started", "rebooting"],
  });
  assert.deepEqual(statesFromStatus(["ACTIVE", "build"]), {
    vmStates: ["active", "building"],
    taskStates: ["default"],
  });
  assert.deepEqual(statesFromStatus(["bogus"]), { vmStates: [], taskStates: [] });
});
