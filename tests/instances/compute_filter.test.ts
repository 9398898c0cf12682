import assert from "node:assert/strict";
import { createServers, getServer } from "../../lib/instances/mod.ts";
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
