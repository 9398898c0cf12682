/**
 * Armed faults through the domain, on a test clock: a failed resize gives the destination back
 * at the step that fails (not before), a failed revert rolls back to VERIFY_RESIZE and can be
 * retried, a failed live migration frees its destination, and a failed snapshot deletes its image.
 */
import assert from "node:assert/strict";
import {
  armFault,
  createServers,
  deleteServer,
  type FlavorSnapshot,
  getServer,
  type Instance,
  type InstanceDeps,
  liveMigrateServer,
  resizeServer,
  revertResize,
  snapshotServer,
} from "../../lib/instances/mod.ts";
import { DEFAULT_IMAGE } from "../../lib/images/catalog.ts";
import { getHostUsage } from "../../lib/store/hosts.ts";
import { readImageRecord } from "../../lib/store/images.ts";
import { listInstanceMigrations } from "../../lib/store/server_migrations.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const OWNER = { projectId: "p1", isAdmin: false, userId: "u1" };
const ADMIN = { projectId: "admin", isAdmin: true, userId: "admin" };
const TINY = createInput().flavor;
const SMALL: FlavorSnapshot = {
  ...TINY,
  flavorid: "2",
  name: "m1.small",
  vcpus: 2,
  memory_mb: 2048,
};
const ON = { deno: { fake_boot_seconds: 5 }, emulator: { enabled: true } };

type Body = (kv: Deno.Kv, clock: TestClock, deps: InstanceDeps, vm: Instance) => Promise<void>;

function setup(body: Body) {
  return withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, ON);
    const [vm] = await createServers(kv, createInput({ image: DEFAULT_IMAGE }), deps);
    clock.advance(5);
    const active = await getServer(kv, vm.uuid, deps);
    assert.equal(active?.vm_state, "active");
    await body(kv, clock, deps, active!);
  });
}

async function ram(kv: Deno.Kv): Promise<Record<string, number>> {
  const u = await getHostUsage(kv, ["compute-1", "compute-2"]);
  return Object.fromEntries([...u].map(([h, v]) => [h, v.memory_mb]));
}

async function cores(kv: Deno.Kv, deps: InstanceDeps): Promise<[number, number]> {
  const q = await deps.quota.projectQuotaUsage(kv, "p1");
  return [q.cores.in_use, q.ram.in_use];
}

async function statuses(kv: Deno.Kv, uuid: string): Promise<string[]> {
  return (await listInstanceMigrations(kv, uuid)).map((m) => m.status);
}

const small = () => Promise.resolve({ snapshot: SMALL, id: 2, disabled: false });

Deno.test("a failed resize holds the destination until its failing step, then frees it", async () => {
  await setup(async (kv, clock, deps, vm) => {
    const source = vm.host!;
    const dest = source === "compute-1" ? "compute-2" : "compute-1";
    await armFault(kv, { action: "resize", serverId: vm.uuid }, deps);
    await resizeServer(kv, vm.uuid, OWNER, deps, { flavor: small });
    assert.deepEqual(await ram(kv), { [source]: 512, [dest]: 2048 });
    clock.advance(2);
    const migrating = await getServer(kv, vm.uuid, deps);
    assert.equal(migrating?.task_state, "resize_migrating");
    assert.deepEqual(await statuses(kv, vm.uuid), ["migrating"]);
    clock.advance(1);
    const failed = await getServer(kv, vm.uuid, deps);
    assert.deepEqual(
      [failed?.vm_state, failed?.task_state, failed?.host, failed?.flavor.flavorid],
      ["error", null, source, "1"],
    );
    assert.equal(failed?.migration_context, null);
    assert.equal(failed?.old_flavor, null);
    assert.equal(failed?.fault?.message, "An unknown exception occurred.");
    assert.deepEqual(await statuses(kv, vm.uuid), ["error"]);
    assert.deepEqual(await ram(kv), { [source]: 512, [dest]: 0 });
    assert.deepEqual(await cores(kv, deps), [1, 512]);
    assert.equal(failed?.pending.length, 0, "nothing after the failure (no auto-confirm)");
  });
});

Deno.test("a failed revert rolls back to VERIFY_RESIZE; quota stays on the new flavor", async () => {
  await setup(async (kv, clock, deps, vm) => {
    await resizeServer(kv, vm.uuid, OWNER, deps, { flavor: small });
    clock.advance(5);
    const resized = await getServer(kv, vm.uuid, deps);
    assert.equal(resized?.vm_state, "resized");
    const usage = await ram(kv);
    await armFault(kv, { action: "revertResize", serverId: vm.uuid, mode: "rollback" }, deps);
    const reverting = await revertResize(kv, vm.uuid, OWNER, deps);
    assert.equal(reverting.task_state, "resize_reverting");
    clock.advance(5);
    const kept = await getServer(kv, vm.uuid, deps);
    assert.deepEqual([kept?.vm_state, kept?.task_state, kept?.host], [
      "resized",
      null,
      resized?.host,
    ]);
    assert.deepEqual(kept?.migration_context, resized?.migration_context);
    assert.deepEqual(await statuses(kv, vm.uuid), ["finished"]);
    assert.deepEqual(await ram(kv), usage);
    assert.deepEqual(await cores(kv, deps), [2, 2048]);
  });
});

Deno.test("a failed live migration frees the destination and stays on the source", async () => {
  await setup(async (kv, clock, deps, vm) => {
    await armFault(kv, { action: "live-migration", serverId: vm.uuid, mode: "rollback" }, deps);
    await liveMigrateServer(kv, vm.uuid, ADMIN, deps, {
      host: null,
      blockMigration: null,
      force: null,
      async: true,
    });
    assert.deepEqual(Object.values(await ram(kv)).sort(), [512, 512]);
    clock.advance(5);
    const after = await getServer(kv, vm.uuid, deps);
    assert.deepEqual([after?.vm_state, after?.task_state, after?.host], ["active", null, vm.host]);
    assert.deepEqual(await statuses(kv, vm.uuid), ["failed"]);
    assert.deepEqual(Object.values(await ram(kv)).sort(), [0, 512]);
    assert.equal((await ram(kv))[vm.host!], 512);
  });
});

Deno.test("a failed snapshot deletes its image when its task fails", async () => {
  await setup(async (kv, clock, deps, vm) => {
    await armFault(kv, { action: "createImage", serverId: vm.uuid }, deps);
    const { image } = await snapshotServer(kv, vm.uuid, OWNER, deps, {
      name: "snap",
      metadata: {},
      baseImage: DEFAULT_IMAGE,
    });
    assert.ok(await readImageRecord(kv, image.id));
    clock.advance(5);
    const after = await getServer(kv, vm.uuid, deps);
    assert.deepEqual([after?.vm_state, after?.task_state], ["error", null]);
    assert.equal(await readImageRecord(kv, image.id), null);
  });
});

Deno.test("deleting a server whose live migration is set to fail frees the destination too", async () => {
  await setup(async (kv, clock, deps, vm) => {
    await armFault(kv, { action: "live-migration", serverId: vm.uuid }, deps);
    await liveMigrateServer(kv, vm.uuid, ADMIN, deps, {
      host: null,
      blockMigration: null,
      force: null,
      async: true,
    });
    clock.advance(1);
    assert.equal((await getServer(kv, vm.uuid, deps))?.task_state, "migrating");
    await deleteServer(kv, vm.uuid, deps, OWNER);
    clock.advance(5);
    assert.equal(await getServer(kv, vm.uuid, deps), null);
    assert.deepEqual(await ram(kv), { "compute-1": 0, "compute-2": 0 });
    assert.deepEqual(await statuses(kv, vm.uuid), ["error"]);
  });
});
