import assert from "node:assert/strict";
import {
  CannotMigrateToSameHost,
  CannotResizeDisk,
  CannotResizeToSameFlavor,
  ComputeHostNotFound,
  confirmResize,
  createServers,
  deleteServer,
  type FlavorSnapshot,
  getInstanceAction,
  getServer,
  type Instance,
  type InstanceDeps,
  InstanceInvalidState,
  InstanceIsLocked,
  InstanceNotResized,
  listInstanceActions,
  lockServer,
  migrateServer,
  pauseServer,
  type ResizeFlavor,
  resizeServer,
  revertResize,
  stopServer,
} from "../../lib/instances/mod.ts";
import { DEFAULT_IMAGE } from "../../lib/images/catalog.ts";
import { OverQuota, setProjectQuotas } from "../../lib/quota/mod.ts";
import { getHostUsage } from "../../lib/store/hosts.ts";
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
  root_gb: 20,
};

function flavor(snapshot: FlavorSnapshot, disabled = false): () => Promise<ResizeFlavor> {
  return () => Promise.resolve({ snapshot, id: Number(snapshot.flavorid), disabled });
}

function state(i: Instance | null): [string, string | null, number, string | null] {
  assert.ok(i);
  return [i.vm_state, i.task_state, i.power_state, i.host];
}

type Body = (kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) => Promise<void>;

function setup(body: Body, DEFAULT: Record<string, unknown> = {}, virt = {}) {
  return withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 5 }, DEFAULT, virt });
    await body(kv, clock, deps);
  });
}

async function activeServer(kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) {
  const [vm] = await createServers(kv, createInput(), deps);
  clock.advance(5);
  const got = await getServer(kv, vm.uuid, deps);
  assert.equal(got?.vm_state, "active");
  return {
    uuid: vm.uuid,
    host: got!.host!,
    other: got!.host === "compute-1" ? "compute-2" : "compute-1",
  };
}

async function hostUsage(kv: Deno.Kv) {
  const u = await getHostUsage(kv, ["compute-1", "compute-2"]);
  return Object.fromEntries([...u].map(([h, v]) => [h, [v.vcpus, v.memory_mb, v.disk_gb]]));
}

async function quota(kv: Deno.Kv, deps: InstanceDeps) {
  const q = await deps.quota.projectQuotaUsage(kv, "p1");
  return { instances: q.instances.in_use, cores: q.cores.in_use, ram: q.ram.in_use };
}

async function migrationStatus(kv: Deno.Kv, uuid: string): Promise<string[]> {
  return (await listInstanceMigrations(kv, uuid)).map((m) => m.status);
}

Deno.test("resize: Nova's task states, migration statuses, host claims and quota, step by step", async () => {
  await setup(async (kv, clock, deps) => {
    const { uuid, host, other } = await activeServer(kv, clock, deps);
    const prep = await resizeServer(kv, uuid, { ...OWNER, requestId: "req-r" }, deps, {
      flavor: flavor(SMALL),
    });
    assert.deepEqual(state(prep), ["active", "resize_prep", 1, host]);
    const [migration] = await listInstanceMigrations(kv, uuid);
    assert.equal(migration.migration_type, "resize");
    assert.equal(migration.status, "pre-migrating");
    assert.deepEqual(
      [migration.source_compute, migration.dest_compute, migration.new_instance_type_id],
      [host, other, 2],
    );
    assert.deepEqual([migration.user_id, migration.project_id], ["u1", "p1"]);
    // The destination holds the new flavor at once; the source keeps the old one.
    assert.deepEqual(await hostUsage(kv), { [host]: [1, 512, 1], [other]: [2, 2048, 20] });
    assert.deepEqual(await quota(kv, deps), { instances: 1, cores: 1, ram: 512 });

    clock.advance(2);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), [
      "active",
      "resize_migrating",
      1,
      host,
    ]);
    assert.deepEqual(await migrationStatus(kv, uuid), ["migrating"]);
    clock.advance(1);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), [
      "active",
      "resize_migrated",
      1, // Nova writes no power_state mid-move.
      other,
    ]);
    assert.deepEqual(await migrationStatus(kv, uuid), ["post-migrating"]);
    clock.advance(1);
    const finishing = await getServer(kv, uuid, deps);
    assert.deepEqual(state(finishing), ["active", "resize_finish", 1, other]);
    assert.equal(finishing?.flavor.flavorid, "2");
    // Nova counts cores and ram from the instance's flavor, which is the new one now.
    assert.deepEqual(await quota(kv, deps), { instances: 1, cores: 2, ram: 2048 });
    clock.advance(1);
    const resized = await getServer(kv, uuid, deps);
    assert.deepEqual(state(resized), ["resized", null, 1, other]);
    assert.equal(resized?.old_flavor?.flavorid, "1");
    assert.equal(resized?.new_flavor?.flavorid, "2");
    assert.equal(resized?.launched_at, new Date(clock.ms).toISOString());
    assert.deepEqual(await migrationStatus(kv, uuid), ["finished"]);
    assert.deepEqual(await hostUsage(kv), { [host]: [1, 512, 1], [other]: [2, 2048, 20] });

    const action = await getInstanceAction(kv, uuid, "req-r");
    assert.equal(action?.action.action, "resize");
    // Newest first, as Nova lists them.
    assert.deepEqual(action?.events.map((e) => [e.event, e.result]), [
      ["compute_finish_resize", "Success"],
      ["compute_resize_instance", "Success"],
      ["compute_prep_resize", "Success"],
      ["cold_migrate", "Success"],
      ["conductor_migrate_server", "Success"],
    ]);
  });
});

Deno.test("confirmResize frees the source and ends ACTIVE; a second confirm is 400 then 409", async () => {
  await setup(async (kv, clock, deps) => {
    const { uuid, host, other } = await activeServer(kv, clock, deps);
    await resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(SMALL) });
    clock.advance(5);
    const confirming = await confirmResize(kv, uuid, { ...OWNER, requestId: "req-c" }, deps);
    assert.deepEqual(state(confirming), ["resized", null, 1, other]);
    assert.deepEqual(await migrationStatus(kv, uuid), ["confirming"]);
    await assert.rejects(() => confirmResize(kv, uuid, OWNER, deps), InstanceNotResized);
    await assert.rejects(() => revertResize(kv, uuid, OWNER, deps), InstanceNotResized);
    clock.advance(5);
    const done = await getServer(kv, uuid, deps);
    assert.deepEqual(state(done), ["active", null, 1, other]);
    assert.equal(done?.old_flavor, null);
    assert.equal(done?.new_flavor, null);
    assert.equal(done?.migration_context, null);
    assert.deepEqual(await migrationStatus(kv, uuid), ["confirmed"]);
    assert.deepEqual(await hostUsage(kv), { [host]: [0, 0, 0], [other]: [2, 2048, 20] });
    assert.deepEqual(await quota(kv, deps), { instances: 1, cores: 2, ram: 2048 });
    const action = await getInstanceAction(kv, uuid, "req-c");
    assert.deepEqual(action?.events.map((e) => e.event), ["compute_confirm_resize"]);
    await assert.rejects(
      () => confirmResize(kv, uuid, OWNER, deps),
      (e) => e instanceof InstanceInvalidState && /vm_state active/.test(e.message),
    );
  });
});

Deno.test("revertResize: resize_reverting, destination freed, back on the source with the old flavor and quota", async () => {
  await setup(async (kv, clock, deps) => {
    const { uuid, host, other } = await activeServer(kv, clock, deps);
    await resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(SMALL) });
    clock.advance(5);
    const reverting = await revertResize(kv, uuid, { ...OWNER, requestId: "req-v" }, deps);
    assert.deepEqual(state(reverting), ["resized", "resize_reverting", 1, other]);
    assert.deepEqual(await migrationStatus(kv, uuid), ["reverting"]);
    await assert.rejects(
      () => confirmResize(kv, uuid, OWNER, deps),
      (e) => e instanceof InstanceInvalidState && /task_state resize_reverting/.test(e.message),
    );
    clock.advance(2.5);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), [
      "resized",
      "resize_reverting",
      1,
      other,
    ]);
    assert.deepEqual(await migrationStatus(kv, uuid), ["reverted"]);
    assert.deepEqual(await hostUsage(kv), { [host]: [1, 512, 1], [other]: [0, 0, 0] });
    clock.advance(2.5);
    const back = await getServer(kv, uuid, deps);
    assert.deepEqual(state(back), ["active", null, 1, host]);
    assert.equal(back?.flavor.flavorid, "1");
    assert.equal(back?.migration_context, null);
    assert.deepEqual(await quota(kv, deps), { instances: 1, cores: 1, ram: 512 });
    const action = await getInstanceAction(kv, uuid, "req-v");
    assert.deepEqual(action?.events.map((e) => e.event), [
      "compute_finish_revert_resize",
      "compute_revert_resize",
    ]);
  });
});

Deno.test("a STOPPED server stays powered off through resize, confirm and revert", async () => {
  await setup(async (kv, clock, deps) => {
    const { uuid } = await activeServer(kv, clock, deps);
    await stopServer(kv, uuid, OWNER, deps);
    clock.advance(5);
    await resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(SMALL) });
    clock.advance(5);
    assert.deepEqual(state(await getServer(kv, uuid, deps)).slice(0, 3), ["resized", null, 4]);
    await revertResize(kv, uuid, OWNER, deps);
    clock.advance(5);
    assert.deepEqual(state(await getServer(kv, uuid, deps)).slice(0, 3), ["stopped", null, 4]);
    await migrateServer(kv, uuid, ADMIN, deps);
    clock.advance(5);
    await confirmResize(kv, uuid, OWNER, deps);
    clock.advance(5);
    assert.deepEqual(state(await getServer(kv, uuid, deps)).slice(0, 3), ["stopped", null, 4]);
  });
});

Deno.test("preconditions: lock, vm_state and task_state (409s), in Nova's order", async () => {
  await setup(async (kv, clock, deps) => {
    const { uuid } = await activeServer(kv, clock, deps);
    const req = { flavor: flavor(SMALL) };
    await assert.rejects(() => confirmResize(kv, uuid, OWNER, deps), InstanceInvalidState);
    await assert.rejects(() => revertResize(kv, uuid, OWNER, deps), InstanceInvalidState);
    await pauseServer(kv, uuid, OWNER, deps);
    await assert.rejects(
      () => resizeServer(kv, uuid, OWNER, deps, req),
      (e) => e instanceof InstanceInvalidState && /task_state pausing/.test(e.message),
    );
    clock.advance(5);
    await assert.rejects(
      () => migrateServer(kv, uuid, ADMIN, deps),
      (e) =>
        e instanceof InstanceInvalidState &&
        e.message === `Cannot 'migrate' instance ${uuid} while it is in vm_state paused`,
    );
    await lockServer(kv, uuid, ADMIN, null, deps);
    await assert.rejects(() => resizeServer(kv, uuid, OWNER, deps, req), InstanceIsLocked);
    // An admin passes the lock and meets the state.
    await assert.rejects(() => resizeServer(kv, uuid, ADMIN, deps, req), InstanceInvalidState);
  });
});

Deno.test("flavor checks: same flavor, zero disk (volume-backed may), disabled, quota (403)", async () => {
  await setup(async (kv, clock, deps) => {
    const [vm] = await createServers(kv, createInput({ image: DEFAULT_IMAGE }), deps);
    clock.advance(5);
    const uuid = vm.uuid;
    await assert.rejects(
      () => resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(TINY) }),
      (e) =>
        e instanceof CannotResizeToSameFlavor &&
        e.message === "When resizing, instances must change flavor!",
    );
    const zero = { ...SMALL, root_gb: 0 };
    await assert.rejects(
      () => resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(zero) }),
      (e) =>
        e instanceof CannotResizeDisk &&
        e.message ===
          "Server disk was unable to be resized because: Resize to zero disk flavor is not allowed.",
    );
    await assert.rejects(
      () => resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(SMALL, true) }),
      /Flavor 2 could not be found\./,
    );
    await setProjectQuotas(kv, deps.quota, "p1", undefined, { cores: 1 }, true);
    await assert.rejects(
      () => resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(SMALL) }),
      (e) =>
        e instanceof OverQuota &&
        e.message === "Quota exceeded for cores: Requested 1, but already used 1 of 1 cores",
    );
    // A downsize needs no headroom.
    const smaller = { ...TINY, flavorid: "0", memory_mb: 256, root_gb: 1 };
    await resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(smaller) });
    assert.deepEqual(await migrationStatus(kv, uuid), ["pre-migrating"]);
    // Nothing was recorded for the refused ones.
    const names = (await listInstanceActions(kv, uuid)).map((a) => a.action);
    assert.deepEqual(names, ["resize", "create"]);
  });
});

Deno.test("a volume-backed server may resize to a zero-disk flavor", async () => {
  await setup(async (kv, clock, deps) => {
    const [vm] = await createServers(kv, createInput(), deps);
    clock.advance(5);
    // The create input has no image: the server boots from a volume (image_ref "").
    assert.equal((await getServer(kv, vm.uuid, deps))?.image_ref, "");
    const zero = { ...SMALL, root_gb: 0 };
    const got = await resizeServer(kv, vm.uuid, OWNER, deps, { flavor: flavor(zero) });
    assert.equal(got.task_state, "resize_prep");
  });
});

Deno.test("migrate: same flavor, another host, VERIFY_RESIZE; host checks are 400s", async () => {
  await setup(async (kv, clock, deps) => {
    const { uuid, host, other } = await activeServer(kv, clock, deps);
    await assert.rejects(
      () => migrateServer(kv, uuid, ADMIN, deps, host),
      (e) =>
        e instanceof CannotMigrateToSameHost &&
        e.message === "Cannot migrate to the host where the server exists.",
    );
    await assert.rejects(
      () => migrateServer(kv, uuid, ADMIN, deps, "nowhere"),
      (e) =>
        e instanceof ComputeHostNotFound &&
        e.message === "Compute host nowhere could not be found.",
    );
    await migrateServer(kv, uuid, { ...ADMIN, requestId: "req-m" }, deps, other);
    const [m] = await listInstanceMigrations(kv, uuid);
    assert.equal(m.migration_type, "migration");
    assert.equal(m.old_instance_type_id, m.new_instance_type_id);
    assert.deepEqual([m.user_id, m.project_id], ["admin", "admin"]);
    clock.advance(5);
    const moved = await getServer(kv, uuid, deps);
    assert.deepEqual(state(moved), ["resized", null, 1, other]);
    assert.equal(moved?.flavor.flavorid, "1");
    assert.deepEqual(await hostUsage(kv), { [host]: [1, 512, 1], [other]: [1, 512, 1] });
    assert.equal((await getInstanceAction(kv, uuid, "req-m"))?.action.action, "migrate");
    await confirmResize(kv, uuid, OWNER, deps);
    clock.advance(5);
    assert.equal((await getServer(kv, uuid, deps))?.vm_state, "active");
    assert.deepEqual(await hostUsage(kv), { [host]: [0, 0, 0], [other]: [1, 512, 1] });
    assert.deepEqual(await quota(kv, deps), { instances: 1, cores: 1, ram: 512 });
  });
});

Deno.test("no valid host: back to ACTIVE with no task, a NoValidHost fault, the migration in error", async () => {
  const oneHost = { host: ["solo:4:4096:40"] };
  await setup(
    async (kv, clock, deps) => {
      const { uuid } = await activeServer(kv, clock, deps);
      const prep = await migrateServer(kv, uuid, { ...ADMIN, requestId: "req-n" }, deps);
      assert.equal(prep.task_state, "resize_prep");
      clock.advance(1);
      const back = await getServer(kv, uuid, deps);
      assert.deepEqual(state(back), ["active", null, 1, "solo"]);
      // Placement offered the source, which the scheduler's filters then ignore.
      assert.equal(
        back?.fault?.message,
        "No valid host was found. There are not enough hosts available.",
      );
      assert.equal(back?.migration_context, null);
      assert.deepEqual(await migrationStatus(kv, uuid), ["error"]);
      const action = await getInstanceAction(kv, uuid, "req-n");
      assert.deepEqual(action?.events.map((e) => [e.event, e.result]), [
        ["cold_migrate", "Error"],
        ["conductor_migrate_server", "Error"],
      ]);
      assert.equal(action?.action.message, "Error");
      const usage = await getHostUsage(kv, ["solo"]);
      assert.equal(usage.get("solo")?.vcpus, 1);
      // A resize to a flavor that does not fit its only other option fails the same way.
      await resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(SMALL) });
      clock.advance(1);
      assert.deepEqual(state(await getServer(kv, uuid, deps)), ["active", null, 1, "solo"]);
    },
    {},
    oneHost,
  );
});

Deno.test("allow_resize_to_same_host: both flavors held on the one host until the confirm", async () => {
  const oneHost = { host: ["solo:8:8192:80"] };
  await setup(
    async (kv, clock, deps) => {
      const { uuid } = await activeServer(kv, clock, deps);
      await resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(SMALL) });
      assert.deepEqual((await getHostUsage(kv, ["solo"])).get("solo"), {
        vcpus: 3,
        memory_mb: 2560,
        disk_gb: 21,
        instances: 2,
      });
      clock.advance(5);
      assert.deepEqual(state(await getServer(kv, uuid, deps)), ["resized", null, 1, "solo"]);
      await confirmResize(kv, uuid, OWNER, deps);
      clock.advance(5);
      assert.equal((await getServer(kv, uuid, deps))?.vm_state, "active");
      assert.deepEqual((await getHostUsage(kv, ["solo"])).get("solo"), {
        vcpus: 2,
        memory_mb: 2048,
        disk_gb: 20,
        instances: 1,
      });
    },
    { allow_resize_to_same_host: true },
    oneHost,
  );
});

Deno.test("resize_confirm_window: a VERIFY_RESIZE server confirms itself, recorded as confirmResize", async () => {
  await setup(async (kv, clock, deps) => {
    const { uuid, host, other } = await activeServer(kv, clock, deps);
    await resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(SMALL) });
    clock.advance(5 + 59);
    assert.equal((await getServer(kv, uuid, deps))?.vm_state, "resized");
    clock.advance(1);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["active", null, 1, other]);
    assert.deepEqual(await migrationStatus(kv, uuid), ["confirmed"]);
    assert.deepEqual(await hostUsage(kv), { [host]: [0, 0, 0], [other]: [2, 2048, 20] });
    const [latest] = await listInstanceActions(kv, uuid);
    assert.equal(latest.action, "confirmResize");
    assert.equal(latest.user_id, null);
    const got = await getInstanceAction(kv, uuid, latest.request_id);
    assert.deepEqual(got?.events.map((e) => [e.event, e.result]), [
      ["compute_confirm_resize", "Success"],
    ]);
  }, { resize_confirm_window: 60 });
});

Deno.test("an explicit confirm or revert cancels the confirm window's step", async () => {
  await setup(async (kv, clock, deps) => {
    const { uuid, host } = await activeServer(kv, clock, deps);
    await resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(SMALL) });
    clock.advance(5);
    await revertResize(kv, uuid, OWNER, deps);
    clock.advance(100);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["active", null, 1, host]);
    assert.deepEqual(await migrationStatus(kv, uuid), ["reverted"]);
    const names = (await listInstanceActions(kv, uuid)).map((a) => a.action);
    assert.deepEqual(names, ["revertResize", "resize", "create"]);
  }, { resize_confirm_window: 10 });
});

for (
  const [when, seconds] of [["mid-resize", 2], ["in VERIFY_RESIZE", 5], ["reverting", 7.5]] as const
) {
  Deno.test(`deleting a server ${when} frees both hosts and its quota`, async () => {
    await setup(
      async (kv, clock, deps) => {
        const { uuid } = await activeServer(kv, clock, deps);
        await resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(SMALL) });
        clock.advance(Math.min(seconds, 5));
        if (seconds > 5) {
          await revertResize(kv, uuid, OWNER, deps);
          clock.advance(seconds - 5);
        }
        await deleteServer(kv, uuid, deps);
        clock.advance(10);
        assert.equal(await getServer(kv, uuid, deps), null);
        assert.deepEqual(await hostUsage(kv), { "compute-1": [0, 0, 0], "compute-2": [0, 0, 0] });
        assert.deepEqual(await quota(kv, deps), { instances: 0, cores: 0, ram: 0 });
      },
      {},
      { fake_delete_seconds: 1 },
    );
  });
}

Deno.test("with no delay every step applies in the request's own change", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 0 } });
    const [vm] = await createServers(kv, createInput(), deps);
    const resized = await resizeServer(kv, vm.uuid, OWNER, deps, { flavor: flavor(SMALL) });
    assert.equal(resized.vm_state, "resized");
    assert.deepEqual(await migrationStatus(kv, vm.uuid), ["finished"]);
    const done = await confirmResize(kv, vm.uuid, OWNER, deps);
    assert.equal(done.vm_state, "active");
    assert.deepEqual(await migrationStatus(kv, vm.uuid), ["confirmed"]);
    const usage = await getHostUsage(kv, [done.host!]);
    assert.equal(usage.get(done.host!)?.vcpus, 2);
  });
});

Deno.test("deleting a VERIFY_RESIZE server confirms the resize first, as Nova's delete does", async () => {
  await setup(
    async (kv, clock, deps) => {
      const { uuid, host, other } = await activeServer(kv, clock, deps);
      await resizeServer(kv, uuid, OWNER, deps, { flavor: flavor(SMALL) });
      clock.advance(5);
      await deleteServer(kv, uuid, deps, { requestId: "req-d", userId: "u1", projectId: "p1" });
      assert.deepEqual(await migrationStatus(kv, uuid), ["confirmed"]);
      // The source is freed by the confirm at once; the destination when the delete finishes.
      assert.deepEqual(await hostUsage(kv), { [host]: [0, 0, 0], [other]: [2, 2048, 20] });
      const names = (await listInstanceActions(kv, uuid)).map((a) => a.action);
      assert.deepEqual(names, ["delete", "confirmResize", "resize", "create"]);
      clock.advance(1);
      assert.equal(await getServer(kv, uuid, deps), null);
      assert.deepEqual(await hostUsage(kv), { [host]: [0, 0, 0], [other]: [0, 0, 0] });
    },
    {},
    { fake_delete_seconds: 1 },
  );
});
