import assert from "node:assert/strict";
import {
  createServers,
  deleteServer,
  forceDeleteServer,
  getInstanceAction,
  getServer,
  type Instance,
  type InstanceDeps,
  InstanceInvalidState,
  InstanceIsLocked,
  InstanceNotFound,
  listInstanceActions,
  lockServer,
  restoreServer,
} from "../../lib/instances/mod.ts";
import { getHostUsage } from "../../lib/store/hosts.ts";
import { getDeletedInstance } from "../../lib/store/instances.ts";
import { createInput, heldIps, PRIVATE, TestClock, testDeps, withKv } from "./support.ts";

const OWNER = { projectId: "p1", isAdmin: false, userId: "u1" };
const ADMIN = { projectId: "admin", isAdmin: true };

function state(i: Instance | null): [string, string | null, number] {
  assert.ok(i);
  return [i.vm_state, i.task_state, i.power_state];
}

async function usage(kv: Deno.Kv, deps: InstanceDeps) {
  const q = await deps.quota.projectQuotaUsage(kv, "p1");
  return { instances: q.instances.in_use, cores: q.cores.in_use, ram: q.ram.in_use };
}

/** Boot and delete take 2 s on the test clock; soft-deleted servers are reclaimed after 60 s. */
function setup(
  body: (kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) => Promise<void>,
  reclaim = 60,
) {
  return withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, {
      deno: { fake_boot_seconds: 2 },
      virt: { fake_delete_seconds: 2 },
      DEFAULT: { reclaim_instance_interval: reclaim },
    });
    await body(kv, clock, deps);
  });
}

async function activeServer(kv: Deno.Kv, clock: TestClock, deps: InstanceDeps): Promise<string> {
  const [vm] = await createServers(kv, createInput(), deps);
  clock.advance(2);
  assert.deepEqual(state(await getServer(kv, vm.uuid, deps)), ["active", null, 1]);
  return vm.uuid;
}

Deno.test("the option reaches the deps (0 by default)", () => {
  const clock = new TestClock();
  assert.equal(testDeps(clock).reclaimSeconds, 0);
  assert.equal(testDeps(clock, { DEFAULT: { reclaim_instance_interval: 5 } }).reclaimSeconds, 5);
});

Deno.test("delete with a reclaim interval soft-deletes, keeps everything, reclaims once", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const host = (await getServer(kv, uuid, deps))!.host!;
    const deleting = await deleteServer(kv, uuid, deps, { requestId: "req-del" });
    assert.deepEqual(state(deleting), ["active", "soft-deleting", 1]);
    // Deleting again while soft-deleting changes nothing and records nothing.
    assert.deepEqual(await deleteServer(kv, uuid, deps, { requestId: "req-again" }), deleting);
    clock.advance(2);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["soft-delete", null, 4]);
    assert.deepEqual(await usage(kv, deps), { instances: 1, cores: 1, ram: 512 });
    assert.equal((await getHostUsage(kv, [host])).get(host)!.instances, 1);
    assert.equal((await heldIps(kv, PRIVATE.id)).length, 1);
    assert.deepEqual((await listInstanceActions(kv, uuid)).map((a) => a.action), [
      "delete",
      "create",
    ]);
    const action = await getInstanceAction(kv, uuid, "req-del");
    assert.deepEqual(action!.events.map((e) => [e.event, e.result]), [
      ["compute_soft_delete_instance", "Success"],
    ]);
    clock.advance(57);
    assert.equal((await getServer(kv, uuid, deps))!.vm_state, "soft-delete");
    clock.advance(1);
    assert.equal(await getServer(kv, uuid, deps), null);
    assert.deepEqual(await usage(kv, deps), { instances: 0, cores: 0, ram: 0 });
    assert.equal((await getHostUsage(kv, [host])).get(host)!.instances, 0);
    assert.deepEqual(await heldIps(kv, PRIVATE.id), []);
    const gone = await getDeletedInstance(kv, uuid);
    assert.equal(gone!.deleted_at, "2024-05-01T12:01:02.000Z");
    // A second reader after the reclaim finds nothing more to release.
    assert.equal(await getServer(kv, uuid, deps), null);
    assert.deepEqual(await usage(kv, deps), { instances: 0, cores: 0, ram: 0 });
  });
});

Deno.test("a server never launched is deleted, not soft-deleted", async () => {
  await setup(async (kv, clock, deps) => {
    const [vm] = await createServers(kv, createInput(), deps);
    // Past scheduling (networking from half a second on): the compute host holds it.
    clock.advance(0.5);
    assert.equal((await deleteServer(kv, vm.uuid, deps))!.task_state, "deleting");
    // Still scheduling: Nova's API deletes the build request, so it is gone at once.
    const [early] = await createServers(kv, createInput(), deps);
    assert.equal(await deleteServer(kv, early.uuid, deps), null);
    assert.equal(await getServer(kv, early.uuid, deps), null);
  });
});

Deno.test("without a reclaim interval delete deletes", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    assert.equal((await deleteServer(kv, uuid, deps))!.task_state, "deleting");
  }, 0);
});

Deno.test("restore: restoring → ACTIVE / RUNNING, the reclaim cancelled", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await deleteServer(kv, uuid, deps);
    clock.advance(30);
    const restoring = await restoreServer(kv, uuid, { ...OWNER, requestId: "req-r" }, deps);
    assert.deepEqual(state(restoring), ["soft-delete", "restoring", 4]);
    clock.advance(2);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["active", null, 1]);
    clock.advance(3600);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["active", null, 1]);
    assert.deepEqual(await usage(kv, deps), { instances: 1, cores: 1, ram: 512 });
    const action = await getInstanceAction(kv, uuid, "req-r");
    assert.equal(action!.action.action, "restore");
    assert.deepEqual(action!.events.map((e) => [e.event, e.result]), [
      ["compute_restore_instance", "Success"],
    ]);
  });
});

Deno.test("restore refuses anything but a soft-deleted server without a task", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await assert.rejects(
      () => restoreServer(kv, uuid, OWNER, deps),
      (e) =>
        e instanceof InstanceInvalidState &&
        e.message === `Cannot 'restore' instance ${uuid} while it is in vm_state active`,
    );
    await deleteServer(kv, uuid, deps);
    await assert.rejects(() => restoreServer(kv, uuid, OWNER, deps), InstanceInvalidState);
    clock.advance(2);
    await restoreServer(kv, uuid, OWNER, deps);
    await assert.rejects(
      () => restoreServer(kv, uuid, OWNER, deps),
      (e) =>
        e instanceof InstanceInvalidState &&
        e.message === `Cannot 'restore' instance ${uuid} while it is in task_state restoring`,
    );
    await assert.rejects(() => restoreServer(kv, "nope", OWNER, deps), InstanceNotFound);
  });
});

Deno.test("a reclaim that came due before the restore wins: the server is gone", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await deleteServer(kv, uuid, deps);
    clock.advance(60);
    await assert.rejects(() => restoreServer(kv, uuid, OWNER, deps), InstanceNotFound);
    await assert.rejects(() => forceDeleteServer(kv, uuid, OWNER, deps), InstanceNotFound);
  });
});

Deno.test("forceDelete deletes a soft-deleted server now, releasing everything once", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await deleteServer(kv, uuid, deps);
    clock.advance(2);
    const deleting = await forceDeleteServer(kv, uuid, { ...OWNER, requestId: "req-f" }, deps);
    assert.deepEqual(state(deleting), ["soft-delete", "deleting", 4]);
    assert.equal((await getInstanceAction(kv, uuid, "req-f"))!.action.action, "delete");
    clock.advance(2);
    assert.equal(await getServer(kv, uuid, deps), null);
    assert.deepEqual(await usage(kv, deps), { instances: 0, cores: 0, ram: 0 });
    assert.deepEqual(await heldIps(kv, PRIVATE.id), []);
    // The cancelled reclaim releases nothing again.
    clock.advance(3600);
    assert.deepEqual(await usage(kv, deps), { instances: 0, cores: 0, ram: 0 });
  });
});

Deno.test("forceDelete as Nova's: any state, locked refused to non-admins", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await lockServer(kv, uuid, ADMIN, null, deps);
    await assert.rejects(() => forceDeleteServer(kv, uuid, OWNER, deps), InstanceIsLocked);
    await assert.rejects(() => restoreServer(kv, uuid, OWNER, deps), InstanceIsLocked);
    assert.equal((await forceDeleteServer(kv, uuid, ADMIN, deps))!.task_state, "deleting");
  });
});
