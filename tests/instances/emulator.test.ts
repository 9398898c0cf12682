import assert from "node:assert/strict";
import {
  advanceClock,
  armFault,
  createServers,
  disarmFault,
  EmulatorFaultNotFound,
  getServer,
  type Instance,
  InstanceNotFound,
  listFaults,
  rebootServer,
  setEmulatorDelays,
  setServerEmulatorDelays,
  stopServer,
} from "../../lib/instances/mod.ts";
import { getInstanceAction, listInstanceActions } from "../../lib/instances/mod.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const OWNER = { projectId: "p1", isAdmin: false };
const ON = { deno: { fake_boot_seconds: 4 }, emulator: { enabled: true } };

function state(i: Instance | null): [string, string | null, number] {
  assert.ok(i);
  return [i.vm_state, i.task_state, i.power_state];
}

Deno.test("emulator off: armed faults and stored delays are not read", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const off = testDeps(clock, { deno: { fake_boot_seconds: 4 } });
    assert.equal(off.emulator, false);
    await armFault(kv, { action: "create" }, off);
    await setEmulatorDelays(kv, { boot_seconds: 1000 });
    const [vm] = await createServers(kv, createInput(), off);
    clock.advance(4);
    assert.deepEqual(state(await getServer(kv, vm.uuid, off)), ["active", null, 1]);
    assert.equal((await listFaults(kv)).length, 1);
  });
});

Deno.test("one multi-create transaction takes a count of 1 once, a count of 2 twice", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, ON);
    await armFault(kv, { action: "create" }, deps);
    const two = await createServers(kv, createInput({ minCount: 2, maxCount: 2 }), deps);
    clock.advance(4);
    const seen = [];
    for (const vm of two) seen.push((await getServer(kv, vm.uuid, deps))!.vm_state);
    assert.deepEqual(seen, ["error", "active"]);
    assert.deepEqual(await listFaults(kv), []);

    await armFault(kv, { action: "create", count: 2 }, deps);
    const more = await createServers(kv, createInput({ minCount: 3, maxCount: 3 }), deps);
    clock.advance(4);
    seen.length = 0;
    for (const vm of more) seen.push((await getServer(kv, vm.uuid, deps))!.vm_state);
    assert.deepEqual(seen, ["error", "error", "active"]);
    assert.deepEqual(await listFaults(kv), []);
  });
});

Deno.test("a failed reboot keeps its task steps, then fails at their due time", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { ...ON, deno: { fake_boot_seconds: 3 } });
    const [vm] = await createServers(kv, createInput(), deps);
    clock.advance(3);
    await armFault(kv, { action: "reboot", serverId: vm.uuid, message: "boom" }, deps);
    await rebootServer(kv, vm.uuid, "SOFT", OWNER, deps);
    const seen = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(1);
      seen.push(state(await getServer(kv, vm.uuid, deps)));
    }
    assert.deepEqual(seen, [
      ["active", "reboot_pending", 1],
      ["active", "reboot_started", 1],
      ["error", null, 1],
    ]);
    const failed = await getServer(kv, vm.uuid, deps);
    assert.equal(failed?.fault?.message, "boom");
    assert.equal(failed?.fault?.created, new Date(clock.ms).toISOString());
    const [latest] = await listInstanceActions(kv, vm.uuid, { limit: 1 });
    const found = await getInstanceAction(kv, vm.uuid, latest.request_id);
    assert.equal(found?.action.message, "Error");
    assert.deepEqual(found?.events.map((e) => [e.event, e.result, e.traceback]), [
      ["compute_reboot_instance", "Error", "nova.exception.NovaException: boom"],
    ]);
  });
});

Deno.test("delays: a server's own over the deployment's over configuration", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, ON);
    await setEmulatorDelays(kv, { boot_seconds: 10, action_seconds: 20 });
    const [a, b] = await createServers(kv, createInput({ minCount: 2, maxCount: 2 }), deps);
    assert.equal(a.pending.at(-1)?.due, new Date(clock.ms + 10_000).toISOString());
    clock.advance(10);
    await setServerEmulatorDelays(kv, b.uuid, { action_seconds: 30 });
    const stoppedA = await stopServer(kv, a.uuid, OWNER, deps);
    const stoppedB = await stopServer(kv, b.uuid, OWNER, deps);
    assert.equal(stoppedA.pending[0].due, new Date(clock.ms + 20_000).toISOString());
    assert.equal(stoppedB.pending[0].due, new Date(clock.ms + 30_000).toISOString());
    await assert.rejects(
      setServerEmulatorDelays(kv, crypto.randomUUID(), { boot_seconds: 1 }),
      InstanceNotFound,
    );
  });
});

Deno.test("advanceClock: steps come due sooner, never before now; one server or all", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { ...ON, deno: { fake_boot_seconds: 100 } });
    const [a, b] = await createServers(kv, createInput({ minCount: 2, maxCount: 2 }), deps);
    assert.deepEqual(await advanceClock(kv, deps, 50, a.uuid), { servers: 1 });
    const moved = await getServer(kv, a.uuid, deps);
    // networking (25 s) and block_device_mapping (50 s) came due at once; spawning is 25 s away.
    assert.deepEqual(state(moved), ["building", "block_device_mapping", 0]);
    assert.deepEqual(moved?.pending.map((s) => s.due), [
      new Date(clock.ms + 25_000).toISOString(),
      new Date(clock.ms + 50_000).toISOString(),
    ]);
    assert.deepEqual(state(await getServer(kv, b.uuid, deps)), ["building", "scheduling", 0]);
    assert.deepEqual(await advanceClock(kv, deps, 1e6), { servers: 2 });
    for (const vm of [a, b]) {
      const done = await getServer(kv, vm.uuid, deps);
      assert.deepEqual(state(done), ["active", null, 1]);
      assert.equal(done?.launched_at, new Date(clock.ms).toISOString(), "not before now");
    }
    assert.deepEqual(await advanceClock(kv, deps, 10), { servers: 0 });
    await assert.rejects(advanceClock(kv, deps, 1, crypto.randomUUID()), InstanceNotFound);
  });
});

Deno.test("advanceClock leaves a step already due where it was", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { ...ON, deno: { fake_boot_seconds: 100 } });
    const [vm] = await createServers(kv, createInput(), deps);
    clock.advance(30); // networking (25 s) is due but no reader has applied it
    await advanceClock(kv, deps, 20, vm.uuid);
    const read = await getServer(kv, vm.uuid, deps);
    assert.deepEqual(state(read), ["building", "block_device_mapping", 0]);
    assert.equal(read?.updated_at, new Date(clock.ms - 30_000 + 50_000 - 20_000).toISOString());
  });
});

Deno.test("disarmFault: gone, and a second time not found", async () => {
  await withKv(async (kv) => {
    const deps = testDeps(new TestClock(), ON);
    const fault = await armFault(kv, { action: "stop", count: 2, mode: "rollback" }, deps);
    assert.deepEqual(await listFaults(kv), [fault]);
    await disarmFault(kv, fault.id);
    assert.deepEqual(await listFaults(kv), []);
    await assert.rejects(disarmFault(kv, fault.id), EmulatorFaultNotFound);
  });
});
