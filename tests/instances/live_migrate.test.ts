import assert from "node:assert/strict";
import {
  ComputeHostNotFound,
  ComputeServiceUnavailable,
  createServers,
  deleteServer,
  getInstanceAction,
  getServer,
  type InstanceDeps,
  InstanceInvalidState,
  InstanceIsLocked,
  type LiveMigrateRequest,
  liveMigrateServer,
  lockServer,
  MigrationPreCheckError,
  NoValidHost,
  stopServer,
  UnableToMigrateToSelf,
} from "../../lib/instances/mod.ts";
import { getHostUsage } from "../../lib/store/hosts.ts";
import { listInstanceMigrations } from "../../lib/store/server_migrations.ts";
import { setServiceDisabled, setServiceForcedDown } from "../../lib/virt/services.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const OWNER = { projectId: "p1", isAdmin: false, userId: "u1" };
const ADMIN = { projectId: "admin", isAdmin: true, userId: "admin" };
const ANY: LiveMigrateRequest = { host: null, blockMigration: false, force: null, async: true };

function setup(body: (kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) => Promise<void>) {
  return withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 6 } });
    await body(kv, clock, deps);
  });
}

async function activeServer(kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) {
  const [vm] = await createServers(kv, createInput(), deps);
  clock.advance(6);
  const got = await getServer(kv, vm.uuid, deps);
  assert.equal(got?.vm_state, "active");
  assert.equal(got?.host, "compute-1");
  return vm.uuid;
}

async function state(kv: Deno.Kv, uuid: string, deps: InstanceDeps) {
  const i = await getServer(kv, uuid, deps);
  assert.ok(i);
  return [i.vm_state, i.task_state, i.power_state, i.host];
}

async function used(kv: Deno.Kv, deps: InstanceDeps) {
  const u = await getHostUsage(kv, deps.hosts.map((h) => h.name));
  return [u.get("compute-1")!.memory_mb, u.get("compute-2")!.memory_mb];
}

Deno.test("live migration: migrating while memory is copied, then on the other host", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    assert.deepEqual(await used(kv, deps), [512, 0]);
    await liveMigrateServer(kv, uuid, ADMIN, deps, ANY);
    assert.deepEqual(await state(kv, uuid, deps), ["active", "migrating", 1, "compute-1"]);
    // The destination is claimed while the source still holds the server.
    assert.deepEqual(await used(kv, deps), [512, 512]);
    let [m] = await listInstanceMigrations(kv, uuid);
    assert.equal(m.migration_type, "live-migration");
    assert.equal(m.status, "accepted");
    assert.deepEqual([m.source_compute, m.dest_compute, m.dest_node], [
      "compute-1",
      "compute-2",
      "compute-2",
    ]);
    const seen: string[] = [];
    const memory: (number | null)[] = [];
    for (let t = 1; t <= 6; t++) {
      clock.advance(1);
      const s = await state(kv, uuid, deps);
      [m] = await listInstanceMigrations(kv, uuid);
      seen.push(`${s[1]}/${m.status}/${s[3]}`);
      memory.push(m.memory_processed);
    }
    assert.deepEqual(seen, [
      "migrating/queued/compute-1",
      "migrating/preparing/compute-1",
      "migrating/running/compute-1",
      "migrating/running/compute-1",
      "migrating/running/compute-1",
      "null/completed/compute-2",
    ]);
    assert.deepEqual(memory, [
      null,
      null,
      0,
      256 * 1024 * 1024,
      512 * 1024 * 1024,
      512 * 1024 * 1024,
    ]);
    assert.equal(m.memory_total, 512 * 1024 * 1024);
    assert.equal(m.memory_remaining, 0);
    assert.deepEqual(await state(kv, uuid, deps), ["active", null, 1, "compute-2"]);
    assert.deepEqual(await used(kv, deps), [0, 512]);
    const action = await getInstanceAction(kv, uuid, (await actionId(kv, uuid, deps))!);
    assert.equal(action?.action.action, "live-migration");
    assert.deepEqual(action?.events.map((e) => e.event).sort(), [
      "compute_check_can_live_migrate_destination",
      "compute_check_can_live_migrate_source",
      "compute_live_migration",
      "compute_post_live_migration_at_destination",
      "compute_pre_live_migration",
      "conductor_live_migrate_instance",
    ]);
    assert.ok(action?.events.every((e) => e.result === "Success" && e.finish_time));
  });
});

async function actionId(kv: Deno.Kv, uuid: string, _deps: InstanceDeps) {
  const { listInstanceActions } = await import("../../lib/instances/mod.ts");
  const [latest] = await listInstanceActions(kv, uuid, { limit: 1 });
  return latest?.request_id;
}

Deno.test("live migration keeps a paused server paused; a block migration counts disk", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const { pauseServer } = await import("../../lib/instances/mod.ts");
    await pauseServer(kv, uuid, OWNER, deps);
    clock.advance(6);
    await liveMigrateServer(kv, uuid, ADMIN, deps, { ...ANY, blockMigration: true });
    assert.deepEqual(await state(kv, uuid, deps), ["paused", "migrating", 3, "compute-1"]);
    clock.advance(6);
    assert.deepEqual(await state(kv, uuid, deps), ["paused", null, 3, "compute-2"]);
    const [m] = await listInstanceMigrations(kv, uuid);
    assert.equal(m.disk_total, 1024 ** 3);
  });
});

Deno.test("live migration preconditions: lock, state, task, unknown host", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await assert.rejects(
      liveMigrateServer(kv, uuid, ADMIN, deps, { ...ANY, host: "nowhere" }),
      ComputeHostNotFound,
      "Compute host nowhere could not be found.",
    );
    await lockServer(kv, uuid, OWNER, null, deps);
    await assert.rejects(liveMigrateServer(kv, uuid, OWNER, deps, ANY), InstanceIsLocked);
    const { unlockServer } = await import("../../lib/instances/mod.ts");
    await unlockServer(kv, uuid, deps, OWNER);
    await liveMigrateServer(kv, uuid, ADMIN, deps, ANY);
    await assert.rejects(
      liveMigrateServer(kv, uuid, ADMIN, deps, ANY),
      new InstanceInvalidState("os-migrateLive", uuid, "task_state", "migrating"),
    );
    clock.advance(6);
    await stopServer(kv, uuid, OWNER, deps);
    clock.advance(6);
    await assert.rejects(
      liveMigrateServer(kv, uuid, ADMIN, deps, ANY),
      new InstanceInvalidState("os-migrateLive", uuid, "vm_state", "stopped"),
    );
    // Only the one accepted migration was recorded: refused requests record nothing.
    assert.equal((await listInstanceMigrations(kv, uuid)).length, 1);
  });
});

Deno.test("synchronous conductor failures (before 2.34) are recorded, then thrown", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const sync = { ...ANY, async: false };
    await assert.rejects(
      liveMigrateServer(kv, uuid, ADMIN, deps, { ...sync, host: "compute-1" }),
      new UnableToMigrateToSelf(uuid, "compute-1"),
    );
    assert.deepEqual(await state(kv, uuid, deps), ["active", null, 1, "compute-1"]);
    const [m] = await listInstanceMigrations(kv, uuid);
    assert.equal(m.status, "error");
    const action = await getInstanceAction(kv, uuid, (await actionId(kv, uuid, deps))!);
    assert.deepEqual(action?.events.map((e) => [e.event, e.result]), [
      ["conductor_live_migrate_instance", "Error"],
    ]);
    // Scheduler path: the source is never a candidate.
    await assert.rejects(
      liveMigrateServer(kv, uuid, ADMIN, deps, { ...sync, host: "compute-1", force: false }),
      new NoValidHost("There are not enough hosts available."),
    );
    await setServiceForcedDown(kv, "compute-2", true);
    await assert.rejects(
      liveMigrateServer(kv, uuid, ADMIN, deps, { ...sync, host: "compute-2" }),
      new ComputeServiceUnavailable("compute-2"),
    );
    await assert.rejects(
      liveMigrateServer(kv, uuid, ADMIN, deps, sync),
      new NoValidHost("There are not enough hosts available."),
    );
    await setServiceForcedDown(kv, "compute-2", false);
    await setServiceDisabled(kv, "compute-2", true, "maintenance");
    // Disabled: the source is still offered (then ignored).
    await assert.rejects(
      liveMigrateServer(kv, uuid, ADMIN, deps, sync),
      new NoValidHost("There are not enough hosts available."),
    );
    await assert.rejects(
      liveMigrateServer(kv, uuid, ADMIN, deps, { ...sync, host: "compute-2", force: false }),
      new NoValidHost(),
    );
    await setServiceForcedDown(kv, "compute-1", true);
    await assert.rejects(
      liveMigrateServer(kv, uuid, ADMIN, deps, sync),
      new ComputeServiceUnavailable("compute-1"),
    );
    assert.deepEqual(await used(kv, deps), [512, 0]);
    assert.ok((await listInstanceMigrations(kv, uuid)).every((x) => x.status === "error"));
  });
});

Deno.test("a forced host must have the memory; async failures end the task later", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, {
      deno: { fake_boot_seconds: 4 },
      virt: { host: ["small:1:512:10", "big:8:8192:100", "tinydisk:8:8192:0"] },
      DEFAULT: { ram_allocation_ratio: 1.0 },
    });
    const [vm] = await createServers(kv, createInput(), deps);
    clock.advance(4);
    assert.equal((await getServer(kv, vm.uuid, deps))?.host, "big");
    await assert.rejects(
      liveMigrateServer(kv, vm.uuid, ADMIN, deps, { ...ANY, host: "small", async: false }),
      new MigrationPreCheckError(
        `Unable to migrate ${vm.uuid} to small: Lack of memory(host:512.0 <= instance:512)`,
      ),
    );
    await assert.rejects(
      liveMigrateServer(kv, vm.uuid, ADMIN, deps, { ...ANY, host: "tinydisk", async: false }),
      new NoValidHost(
        `Unable to move instance ${vm.uuid} to host tinydisk. There is not enough capacity on ` +
          "the host for the instance.",
      ),
    );
    await liveMigrateServer(kv, vm.uuid, ADMIN, deps, { ...ANY, host: "small" });
    assert.deepEqual(await state(kv, vm.uuid, deps), ["active", "migrating", 1, "big"]);
    clock.advance(1);
    assert.deepEqual(await state(kv, vm.uuid, deps), ["active", null, 1, "big"]);
    const [m] = await listInstanceMigrations(kv, vm.uuid);
    assert.equal(m.status, "error");
    assert.match((await getServer(kv, vm.uuid, deps))!.fault!.message, /Lack of memory/);
  });
});

Deno.test("deleting a migrating server gives the destination's claim back", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await liveMigrateServer(kv, uuid, ADMIN, deps, ANY);
    clock.advance(2);
    assert.deepEqual(await used(kv, deps), [512, 512]);
    await deleteServer(kv, uuid, deps, OWNER);
    clock.advance(1);
    assert.equal(await getServer(kv, uuid, deps), null);
    assert.deepEqual(await used(kv, deps), [0, 0]);
    const [m] = await listInstanceMigrations(kv, uuid);
    assert.equal(m.status, "error");
  });
});
