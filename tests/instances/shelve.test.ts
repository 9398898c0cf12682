import assert from "node:assert/strict";
import {
  ComputeHostNotFound,
  createServers,
  getInstanceAction,
  getServer,
  type Instance,
  type InstanceDeps,
  InstanceInvalidState,
  shelveOffloadServer,
  shelveServer,
  UnshelveHostNotInAZ,
  UnshelveInstanceInvalidState,
  unshelveServer,
  UnshelveZoneNotAvailable,
} from "../../lib/instances/mod.ts";
import { getHostUsage } from "../../lib/store/hosts.ts";
import { createInput, heldIps, PRIVATE, TestClock, testDeps, withKv } from "./support.ts";

const OWNER = { projectId: "p1", isAdmin: false, userId: "u1" };

function state(i: Instance | null): [string, string | null, number, string | null] {
  assert.ok(i);
  return [i.vm_state, i.task_state, i.power_state, i.host];
}

function setup(
  body: (kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) => Promise<void>,
  offload = 0,
) {
  return withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, {
      deno: { fake_boot_seconds: 3 },
      DEFAULT: { shelved_offload_time: offload },
    });
    await body(kv, clock, deps);
  });
}

async function activeServer(kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) {
  const [vm] = await createServers(kv, createInput(), deps);
  clock.advance(3);
  const got = await getServer(kv, vm.uuid, deps);
  assert.equal(got?.vm_state, "active");
  return { uuid: vm.uuid, host: got!.host! };
}

async function usage(kv: Deno.Kv, deps: InstanceDeps) {
  const q = await deps.quota.projectQuotaUsage(kv, "p1");
  return { instances: q.instances.in_use, cores: q.cores.in_use, ram: q.ram.in_use };
}

Deno.test("the option reaches the deps (0 by default)", () => {
  const clock = new TestClock();
  assert.equal(testDeps(clock).shelvedOffloadSeconds, 0);
  const deps = testDeps(clock, { DEFAULT: { shelved_offload_time: -1 } });
  assert.equal(deps.shelvedOffloadSeconds, -1);
});

Deno.test("shelve with shelved_offload_time 0 offloads at once: host released, ports and quota kept", async () => {
  await setup(async (kv, clock, deps) => {
    const { uuid, host } = await activeServer(kv, clock, deps);
    const shelving = await shelveServer(kv, uuid, { ...OWNER, requestId: "req-s" }, deps);
    assert.deepEqual(state(shelving), ["active", "shelving", 1, host]);
    await assert.rejects(() => shelveServer(kv, uuid, OWNER, deps), InstanceInvalidState);
    clock.advance(1);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), [
      "active",
      "shelving_image_pending_upload",
      1,
      host,
    ]);
    clock.advance(2);
    const off = await getServer(kv, uuid, deps);
    assert.deepEqual(state(off), ["shelved_offloaded", null, 4, null]);
    assert.equal(off?.node, null);
    assert.equal((await getHostUsage(kv, [host])).get(host)!.vcpus, 0);
    assert.equal((await heldIps(kv, PRIVATE.id)).length, 1);
    assert.deepEqual(await usage(kv, deps), { instances: 1, cores: 1, ram: 512 });
    const action = await getInstanceAction(kv, uuid, "req-s");
    assert.equal(action?.action.action, "shelve");
    assert.deepEqual(action?.events.map((e) => [e.event, e.result]), [
      ["compute_shelve_instance", "Success"],
    ]);
    await assert.rejects(
      () => shelveOffloadServer(kv, uuid, OWNER, deps),
      /vm_state shelved_offloaded/,
    );

    // Unshelve places it again through the scheduler.
    const un = await unshelveServer(kv, uuid, OWNER, deps);
    assert.equal(un.task_state, "unshelving");
    assert.ok(un.host);
    assert.equal((await getHostUsage(kv, [un.host])).get(un.host)!.vcpus, 1);
    clock.advance(2);
    assert.equal((await getServer(kv, uuid, deps))?.task_state, "spawning");
    clock.advance(1);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["active", null, 1, un.host]);
  });
});

Deno.test("shelved_offload_time -1 keeps SHELVED; shelveOffload offloads; unshelve of SHELVED starts", async () => {
  await setup(async (kv, clock, deps) => {
    const { uuid, host } = await activeServer(kv, clock, deps);
    await shelveServer(kv, uuid, OWNER, deps);
    clock.advance(1000);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["shelved", null, 4, host]);
    await assert.rejects(
      () => unshelveServer(kv, uuid, OWNER, deps, { availabilityZone: "nova" }),
      UnshelveInstanceInvalidState,
    );
    const starting = await unshelveServer(kv, uuid, { ...OWNER, requestId: "req-u" }, deps);
    assert.deepEqual(state(starting), ["shelved", "unshelving", 4, host]);
    clock.advance(3);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["active", null, 1, host]);
    const action = await getInstanceAction(kv, uuid, "req-u");
    assert.deepEqual(action?.events.map((e) => e.event), ["compute_start_instance"]);

    await shelveServer(kv, uuid, OWNER, deps);
    clock.advance(3);
    const offloading = await shelveOffloadServer(kv, uuid, OWNER, deps);
    assert.deepEqual(state(offloading), ["shelved", "shelving_offloading", 4, host]);
    clock.advance(3);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["shelved_offloaded", null, 4, null]);
    await assert.rejects(
      () => unshelveServer(kv, uuid, OWNER, deps, { availabilityZone: "nowhere" }),
      UnshelveZoneNotAvailable,
    );
    await assert.rejects(
      () => unshelveServer(kv, uuid, OWNER, deps, { host: "nohost" }),
      ComputeHostNotFound,
    );
  }, -1);
});

Deno.test("a positive shelved_offload_time offloads that long after the shelve", async () => {
  await setup(async (kv, clock, deps) => {
    const { uuid, host } = await activeServer(kv, clock, deps);
    await shelveServer(kv, uuid, OWNER, deps);
    clock.advance(3);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["shelved", null, 4, host]);
    clock.advance(10);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["shelved_offloaded", null, 4, null]);
  }, 10);
});

Deno.test("unshelve onto a host: it must be in the requested (or pinned) zone", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, {
      deno: { fake_boot_seconds: 0 },
      virt: { host: ["a1:8:8192:100:az1", "b1:8:8192:100:az2"] },
    });
    const { uuid } = await activeServer(kv, clock, deps);
    await shelveServer(kv, uuid, OWNER, deps);
    assert.equal((await getServer(kv, uuid, deps))?.vm_state, "shelved_offloaded");
    await assert.rejects(
      () => unshelveServer(kv, uuid, OWNER, deps, { availabilityZone: "az1", host: "b1" }),
      UnshelveHostNotInAZ,
    );
    const un = await unshelveServer(kv, uuid, OWNER, deps, { availabilityZone: "az2", host: "b1" });
    assert.equal(un.host, "b1");
    assert.equal(un.availability_zone, "az2");
    assert.equal(un.pinned_availability_zone, "az2");
    assert.equal((await getServer(kv, uuid, deps))?.vm_state, "active");
  });
});
