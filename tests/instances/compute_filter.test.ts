import assert from "node:assert/strict";
import { createServers, getServer, migrateServer } from "../../lib/instances/mod.ts";
import { setServiceDisabled, setServiceForcedDown } from "../../lib/virt/services.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

Deno.test("builds skip hosts whose compute service is down or disabled", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 0 } });
    const [first] = await createServers(kv, createInput(), deps);
    assert.equal((await getServer(kv, first.uuid, deps))?.host, "compute-1");
    await setServiceForcedDown(kv, "compute-1", true);
    const [second] = await createServers(kv, createInput(), deps);
    assert.equal((await getServer(kv, second.uuid, deps))?.host, "compute-2");
    await setServiceForcedDown(kv, "compute-1", false);
    await setServiceDisabled(kv, "compute-2", true, "maintenance");
    await setServiceDisabled(kv, "compute-1", true);
    const [third] = await createServers(kv, createInput(), deps);
    const got = await getServer(kv, third.uuid, deps);
    assert.deepEqual([got?.vm_state, got?.host], ["error", null]);
    await setServiceDisabled(kv, "compute-1", false);
    const [fourth] = await createServers(kv, createInput(), deps);
    assert.equal((await getServer(kv, fourth.uuid, deps))?.host, "compute-1");
  });
});

Deno.test("a build picks the host with more free RAM unless its service is down", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 0 } });
    await setServiceForcedDown(kv, "compute-1", true);
    const [vm] = await createServers(kv, createInput(), deps);
    assert.equal((await getServer(kv, vm.uuid, deps))?.host, "compute-2");
  });
});

Deno.test("a cold migration skips hosts whose compute service is disabled or down", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 0 } });
    const [vm] = await createServers(kv, createInput(), deps);
    assert.equal((await getServer(kv, vm.uuid, deps))?.host, "compute-1");
    const admin = { projectId: "admin", isAdmin: true, userId: "admin" };
    const outcome = async () => {
      const got = await getServer(kv, vm.uuid, deps);
      return [got?.vm_state, got?.task_state, got?.host, got?.fault?.message];
    };
    // Placement offers only the source, which the filters ignore.
    const filtered = "No valid host was found. There are not enough hosts available.";
    for (const down of [false, true]) {
      if (down) await setServiceForcedDown(kv, "compute-2", true);
      else await setServiceDisabled(kv, "compute-2", true, "maintenance");
      await migrateServer(kv, vm.uuid, admin, deps);
      assert.deepEqual(await outcome(), ["active", null, "compute-1", filtered], `down: ${down}`);
      // Not even when asked for by name (2.56): placement leaves out a disabled host, the
      // filters one that is down.
      await migrateServer(kv, vm.uuid, admin, deps, "compute-2");
      const reason = down ? filtered : "No valid host was found. ";
      assert.deepEqual(await outcome(), ["active", null, "compute-1", reason], `down: ${down}`);
      await setServiceDisabled(kv, "compute-2", false);
      await setServiceForcedDown(kv, "compute-2", false);
    }
    // Every compute disabled: placement offers nothing (Nova's empty reason).
    await setServiceDisabled(kv, "compute-1", true);
    await setServiceDisabled(kv, "compute-2", true);
    await migrateServer(kv, vm.uuid, admin, deps);
    assert.deepEqual(await outcome(), [
      "active",
      null,
      "compute-1",
      "No valid host was found. ",
    ]);
    await setServiceDisabled(kv, "compute-1", false);
    await setServiceDisabled(kv, "compute-2", false);
    // Enabled and up again: the migration goes there.
    await migrateServer(kv, vm.uuid, admin, deps);
    const moved = await getServer(kv, vm.uuid, deps);
    assert.deepEqual([moved?.vm_state, moved?.host], ["resized", "compute-2"]);
  });
});
