import assert from "node:assert/strict";
import {
  createServers,
  getInstanceAction,
  getServer,
  type Instance,
  type InstanceDeps,
  InstanceInvalidState,
  InstanceIsLocked,
  lockServer,
  rescueServer,
  stopServer,
  unrescueServer,
} from "../../lib/instances/mod.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const OWNER = { projectId: "p1", isAdmin: false, userId: "u1" };
const ADMIN = { projectId: "admin", isAdmin: true };

function state(i: Instance | null): [string, string | null, number] {
  assert.ok(i);
  return [i.vm_state, i.task_state, i.power_state];
}

function setup(body: (kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) => Promise<void>) {
  return withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 2 } });
    await body(kv, clock, deps);
  });
}

async function activeServer(kv: Deno.Kv, clock: TestClock, deps: InstanceDeps): Promise<string> {
  const [vm] = await createServers(kv, createInput(), deps);
  clock.advance(2);
  assert.deepEqual(state(await getServer(kv, vm.uuid, deps)), ["active", null, 1]);
  return vm.uuid;
}

Deno.test("rescue: rescuing, then RESCUED; unrescue: unrescuing, then ACTIVE; actions recorded", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const rescuing = await rescueServer(kv, uuid, { ...OWNER, requestId: "req-r" }, deps);
    assert.deepEqual(state(rescuing), ["active", "rescuing", 1]);
    await assert.rejects(() => rescueServer(kv, uuid, OWNER, deps), InstanceInvalidState);
    await assert.rejects(() => unrescueServer(kv, uuid, OWNER, deps), InstanceInvalidState);
    clock.advance(2);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["rescued", null, 1]);
    const action = await getInstanceAction(kv, uuid, "req-r");
    assert.equal(action?.action.action, "rescue");
    assert.deepEqual(action?.events.map((e) => [e.event, e.result]), [
      ["compute_rescue_instance", "Success"],
    ]);
    await assert.rejects(() => rescueServer(kv, uuid, OWNER, deps), /vm_state rescued/);
    const back = await unrescueServer(kv, uuid, OWNER, deps);
    assert.deepEqual(state(back), ["rescued", "unrescuing", 1]);
    clock.advance(2);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["active", null, 1]);
  });
});

Deno.test("rescue: a STOPPED server may be rescued; a locked one only by an admin", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await stopServer(kv, uuid, OWNER, deps);
    clock.advance(2);
    await lockServer(kv, uuid, ADMIN, null, deps);
    await assert.rejects(() => rescueServer(kv, uuid, OWNER, deps), InstanceIsLocked);
    assert.deepEqual(state(await rescueServer(kv, uuid, ADMIN, deps)), [
      "stopped",
      "rescuing",
      4,
    ]);
    clock.advance(2);
    await assert.rejects(() => unrescueServer(kv, uuid, OWNER, deps), InstanceIsLocked);
  });
});

Deno.test("rescue: an unknown rescue image is a 400 after the state checks, as Nova orders them", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const options = { rescueImageRef: "img-x", imageExists: (id: string) => id === "img-ok" };
    await assert.rejects(
      () => rescueServer(kv, uuid, OWNER, deps, options),
      /Requested rescue image 'img-x' is not supported/,
    );
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["active", null, 1]);
    await rescueServer(kv, uuid, OWNER, deps, { ...options, rescueImageRef: "img-ok" });
    await assert.rejects(() => rescueServer(kv, uuid, OWNER, deps, options), InstanceInvalidState);
  });
});
