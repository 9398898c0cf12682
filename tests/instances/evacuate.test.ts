import assert from "node:assert/strict";
import {
  ComputeServiceInUse,
  createServers,
  EvacuateHostNotFound,
  type EvacuateRequest,
  evacuateServer,
  EvacuateToSameHost,
  getInstanceAction,
  getServer,
  type InstanceDeps,
  InstanceInvalidState,
  listInstanceActions,
  lockServer,
  pauseServer,
  stopServer,
} from "../../lib/instances/mod.ts";
import { getHostUsage } from "../../lib/store/hosts.ts";
import { listInstanceMigrations } from "../../lib/store/server_migrations.ts";
import { setServiceDisabled, setServiceForcedDown } from "../../lib/virt/services.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const OWNER = { projectId: "p1", isAdmin: false, userId: "u1" };
const ADMIN = { projectId: "admin", isAdmin: true, userId: "admin" };
const ANY: EvacuateRequest = { host: null, force: null, stopAtDestination: false };

function setup(
  body: (kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) => Promise<void>,
  hosts?: string[],
) {
  return withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, {
      deno: { fake_boot_seconds: 5 },
      ...(hosts ? { virt: { host: hosts } } : {}),
    });
    await body(kv, clock, deps);
  });
}

async function activeServer(kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) {
  const [vm] = await createServers(kv, createInput(), deps);
  clock.advance(5);
  const got = await getServer(kv, vm.uuid, deps);
  assert.equal(got?.host, deps.hosts[0].name);
  return vm.uuid;
}

async function state(kv: Deno.Kv, uuid: string, deps: InstanceDeps) {
  const i = await getServer(kv, uuid, deps);
  assert.ok(i);
  return [i.vm_state, i.task_state, i.power_state, i.host];
}

async function used(kv: Deno.Kv, deps: InstanceDeps) {
  const u = await getHostUsage(kv, deps.hosts.map((h) => h.name));
  return deps.hosts.map((h) => u.get(h.name)!.memory_mb);
}

Deno.test("evacuate: rebuilt on another host while its own is down", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await setServiceForcedDown(kv, "compute-1", true);
    await evacuateServer(kv, uuid, ADMIN, deps, ANY);
    assert.deepEqual(await state(kv, uuid, deps), ["active", "rebuilding", 1, "compute-1"]);
    assert.deepEqual(await used(kv, deps), [512, 512]);
    let [m] = await listInstanceMigrations(kv, uuid);
    assert.deepEqual(
      [m.migration_type, m.status, m.source_compute, m.dest_compute],
      ["evacuation", "accepted", "compute-1", "compute-2"],
    );
    const seen: string[] = [];
    for (let t = 1; t <= 5; t++) {
      clock.advance(1);
      const s = await state(kv, uuid, deps);
      [m] = await listInstanceMigrations(kv, uuid);
      seen.push(`${s[0]}/${s[1]}/${s[2]}/${s[3]}/${m.status}`);
    }
    assert.deepEqual(seen, [
      "active/rebuilding/0/compute-2/pre-migrating",
      "active/rebuild_block_device_mapping/0/compute-2/pre-migrating",
      "active/rebuild_spawning/0/compute-2/pre-migrating",
      "active/rebuild_spawning/0/compute-2/pre-migrating",
      "active/null/1/compute-2/done",
    ]);
    assert.deepEqual(await used(kv, deps), [0, 512]);
    const [latest] = await listInstanceActions(kv, uuid, { limit: 1 });
    assert.equal(latest.action, "evacuate");
    const action = await getInstanceAction(kv, uuid, latest.request_id);
    assert.deepEqual(action?.events.map((e) => [e.event, e.result]).sort(), [
      ["compute_rebuild_instance", "Success"],
      ["rebuild_server", "Success"],
    ]);
  });
});

Deno.test("evacuate: a stopped server, or any from 2.95, ends stopped", async () => {
  await setup(async (kv, clock, deps) => {
    const a = await activeServer(kv, clock, deps);
    const b = await activeServer(kv, clock, deps);
    await stopServer(kv, b, OWNER, deps);
    clock.advance(5);
    await setServiceForcedDown(kv, "compute-1", true);
    await evacuateServer(kv, a, ADMIN, deps, { ...ANY, stopAtDestination: true });
    await evacuateServer(kv, b, ADMIN, deps, ANY);
    clock.advance(4);
    assert.deepEqual(await state(kv, a, deps), ["active", "powering-off", 1, "compute-2"]);
    clock.advance(1);
    assert.deepEqual(await state(kv, a, deps), ["stopped", null, 4, "compute-2"]);
    assert.deepEqual(await state(kv, b, deps), ["stopped", null, 4, "compute-2"]);
    const [latest] = await listInstanceActions(kv, a, { limit: 1 });
    const action = await getInstanceAction(kv, a, latest.request_id);
    assert.ok(action?.events.some((e) => e.event === "compute_stop_instance"));
  }, ["compute-1:16:65536:500", "compute-2:16:32768:500"]);
});

Deno.test("evacuate preconditions in Nova's order; no lock check", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await assert.rejects(
      evacuateServer(kv, uuid, ADMIN, deps, { ...ANY, host: "nowhere" }),
      new EvacuateHostNotFound("nowhere"),
    );
    await assert.rejects(
      evacuateServer(kv, uuid, ADMIN, deps, { ...ANY, host: "compute-1" }),
      new EvacuateToSameHost(),
    );
    await assert.rejects(
      evacuateServer(kv, uuid, ADMIN, deps, ANY),
      new ComputeServiceInUse("compute-1"),
    );
    await pauseServer(kv, uuid, OWNER, deps);
    clock.advance(5);
    await assert.rejects(
      evacuateServer(kv, uuid, ADMIN, deps, ANY),
      new InstanceInvalidState("evacuate", uuid, "vm_state", "paused"),
    );
    const { unpauseServer } = await import("../../lib/instances/mod.ts");
    await unpauseServer(kv, uuid, OWNER, deps);
    clock.advance(5);
    await lockServer(kv, uuid, OWNER, null, deps);
    await setServiceForcedDown(kv, "compute-1", true);
    await evacuateServer(kv, uuid, OWNER, deps, ANY);
    await assert.rejects(
      evacuateServer(kv, uuid, ADMIN, deps, ANY),
      new InstanceInvalidState("evacuate", uuid, "task_state", "rebuilding"),
    );
    assert.equal((await listInstanceMigrations(kv, uuid)).length, 1);
  });
});

Deno.test("evacuate: no host fits → ERROR with NoValidHost, claims untouched", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await setServiceForcedDown(kv, "compute-1", true);
    await setServiceDisabled(kv, "compute-2", true);
    await evacuateServer(kv, uuid, ADMIN, deps, ANY);
    clock.advance(1);
    assert.deepEqual(await state(kv, uuid, deps), ["error", null, 0, "compute-1"]);
    assert.equal(
      (await getServer(kv, uuid, deps))?.fault?.message,
      "No valid host was found. There are not enough hosts available.",
    );
    const [m] = await listInstanceMigrations(kv, uuid);
    assert.equal(m.status, "error");
    assert.deepEqual(await used(kv, deps), [512, 0]);
    // A forced host skips the scheduler (Nova's force, or any host before 2.29).
    await evacuateServer(kv, uuid, ADMIN, deps, { ...ANY, host: "compute-2" });
    clock.advance(5);
    assert.deepEqual(await state(kv, uuid, deps), ["active", null, 1, "compute-2"]);
    assert.deepEqual(await used(kv, deps), [0, 512]);
  });
});

Deno.test("evacuate with a host the scheduler checks (force false) can fail there", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await setServiceForcedDown(kv, "compute-1", true);
    await evacuateServer(kv, uuid, ADMIN, deps, { ...ANY, host: "compute-2", force: false });
    clock.advance(5);
    assert.deepEqual(await state(kv, uuid, deps), ["error", null, 0, "compute-1"]);
    await evacuateServer(kv, uuid, ADMIN, deps, { ...ANY, host: "compute-3", force: false });
    clock.advance(5);
    assert.deepEqual(await state(kv, uuid, deps), ["active", null, 1, "compute-3"]);
  }, ["compute-1:16:32768:500", "compute-2:1:256:1", "compute-3:16:32768:500"]);
});

Deno.test("evacuate to a forced host without the capacity: ERROR, nothing claimed", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await setServiceForcedDown(kv, "compute-1", true);
    await evacuateServer(kv, uuid, ADMIN, deps, { ...ANY, host: "compute-2", force: true });
    clock.advance(5);
    const got = await getServer(kv, uuid, deps);
    assert.deepEqual([got?.vm_state, got?.host], ["error", "compute-1"]);
    assert.equal(
      got?.fault?.message,
      `No valid host was found. Unable to move instance ${uuid} to host compute-2. There is ` +
        "not enough capacity on the host for the instance.",
    );
    assert.deepEqual(await used(kv, deps), [512, 0]);
  }, ["compute-1:16:32768:500", "compute-2:1:256:1"]);
});
