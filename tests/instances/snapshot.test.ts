/**
 * Snapshots and backups in the instance domain: the task states, the image's status over the
 * clock, Nova's image properties, backup rotation and the preconditions.
 */
import assert from "node:assert/strict";
import { catalogOf, DEFAULT_IMAGE } from "../../lib/images/catalog.ts";
import { findImage, listAllImages } from "../../lib/images/stored.ts";
import {
  BackupOfVolumeBacked,
  backupServer,
  createServers,
  getInstanceAction,
  getServer,
  type InstanceDeps,
  InstanceInvalidState,
  lockServer,
  pauseServer,
  rescueServer,
  snapshotServer,
} from "../../lib/instances/mod.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const OWNER = { projectId: "p1", isAdmin: false, userId: "u1", requestId: "req-snap-1" };
const ADMIN = { projectId: "admin-project", isAdmin: true, userId: "admin" };
const CATALOG = catalogOf([DEFAULT_IMAGE]);

function setup(body: (kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) => Promise<void>) {
  return withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 4 } });
    await body(kv, clock, deps);
  });
}

async function activeServer(kv: Deno.Kv, clock: TestClock, deps: InstanceDeps, image = true) {
  const [vm] = await createServers(kv, createInput({ image: image ? DEFAULT_IMAGE : null }), deps);
  clock.advance(4);
  assert.equal((await getServer(kv, vm.uuid, deps))?.vm_state, "active");
  return vm.uuid;
}

const snap = { name: "snap", metadata: { purpose: "test" }, baseImage: DEFAULT_IMAGE };

Deno.test("createImage: task states, the image queued → saving → active, Nova's properties", () =>
  setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const { instance, image } = await snapshotServer(kv, uuid, OWNER, deps, snap);
    assert.equal(instance.task_state, "image_snapshot_pending");
    const statuses: string[] = [];
    const tasks: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await findImage(kv, CATALOG, image.id, clock.now()))!.status);
      clock.advance(1);
      tasks.push((await getServer(kv, uuid, deps))!.task_state);
    }
    statuses.push((await findImage(kv, CATALOG, image.id, clock.now()))!.status);
    assert.deepEqual(tasks, ["image_snapshot", "image_pending_upload", "image_uploading", null]);
    assert.deepEqual(statuses, ["queued", "queued", "queued", "saving", "active"]);
    const done = (await findImage(kv, CATALOG, image.id, clock.now()))!;
    assert.equal(done.name, "snap");
    assert.equal(done.visibility, "private");
    assert.equal(done.owner, "p1");
    assert.equal(done.size, DEFAULT_IMAGE.size);
    assert.equal(done.min_disk, 1, "the flavor's root disk");
    assert.deepEqual(done.properties, {
      os_distro: "cirros",
      os_type: "linux",
      base_image_ref: DEFAULT_IMAGE.id,
      instance_uuid: uuid,
      user_id: "u1",
      image_type: "snapshot",
      purpose: "test",
    });
    const action = await getInstanceAction(kv, uuid, "req-snap-1");
    assert.equal(action?.action.action, "createImage");
    assert.deepEqual(action?.events.map((e) => [e.event, e.result]), [
      ["compute_snapshot_instance", "Success"],
    ]);
    const all = await listAllImages(kv, CATALOG, clock.now());
    // Newest first: the test clock is in 2024, before the configured image's fixed date.
    assert.deepEqual(all.map((i) => i.id), [DEFAULT_IMAGE.id, image.id]);
  }));

Deno.test("an admin's snapshot of a project's server is shared with that project", () =>
  setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const { image } = await snapshotServer(kv, uuid, ADMIN, deps, snap);
    assert.equal(image.visibility, "shared");
    assert.equal(image.owner, "admin-project");
    assert.equal(image.properties.instance_owner, "p1");
  }));

Deno.test("createBackup: task image_backup and rotation when each upload ends", () =>
  setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { instance, image } = await backupServer(kv, uuid, OWNER, deps, {
        ...snap,
        name: `b${i}`,
        backup: { type: "daily", rotation: 2 },
      });
      assert.equal(instance.task_state, "image_backup");
      assert.equal(image.properties.image_type, "backup");
      assert.equal(image.properties.backup_type, "daily");
      ids.push(image.id);
      clock.advance(4);
      assert.equal((await getServer(kv, uuid, deps))?.task_state, null);
    }
    const weekly = await backupServer(kv, uuid, OWNER, deps, {
      ...snap,
      backup: { type: "weekly", rotation: 1 },
    });
    clock.advance(4);
    await getServer(kv, uuid, deps);
    const left = (await listAllImages(kv, CATALOG, clock.now())).map((i) => i.id);
    assert.deepEqual(left.sort(), [ids[1], ids[2], weekly.image.id, DEFAULT_IMAGE.id].sort());
    // A rotation of 0 deletes every backup of the type, the new one too.
    await backupServer(kv, uuid, OWNER, deps, { ...snap, backup: { type: "daily", rotation: 0 } });
    clock.advance(4);
    await getServer(kv, uuid, deps);
    const after = (await listAllImages(kv, CATALOG, clock.now())).map((i) => i.id);
    assert.deepEqual(after.sort(), [weekly.image.id, DEFAULT_IMAGE.id].sort());
  }));

Deno.test("snapshots ignore the lock; paused is fine; rescued and busy servers are 409s", () =>
  setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await lockServer(kv, uuid, OWNER, null, deps);
    await pauseServer(kv, uuid, ADMIN, deps);
    clock.advance(4);
    await snapshotServer(kv, uuid, OWNER, deps, snap);
    await assert.rejects(
      backupServer(kv, uuid, OWNER, deps, { ...snap, backup: { type: "d", rotation: 1 } }),
      (e: Error) =>
        e instanceof InstanceInvalidState &&
        e.message ===
          `Cannot 'createBackup' instance ${uuid} while it is in task_state image_snapshot_pending`,
    );
    clock.advance(4);
    const other = await activeServer(kv, clock, deps);
    await rescueServer(kv, other, OWNER, deps);
    clock.advance(4);
    await assert.rejects(
      snapshotServer(kv, other, OWNER, deps, snap),
      /Cannot 'createImage' instance .* while it is in vm_state rescued/,
    );
  }));

Deno.test("a volume-backed server: its snapshot is active at once, a backup is refused", () =>
  setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps, false);
    const { instance, image } = await snapshotServer(kv, uuid, OWNER, deps, {
      ...snap,
      baseImage: null,
    });
    assert.equal(instance.task_state, null);
    assert.equal((await findImage(kv, CATALOG, image.id, clock.now()))?.status, "active");
    assert.equal(image.properties.bdm_v2, "True");
    await assert.rejects(
      backupServer(kv, uuid, OWNER, deps, {
        ...snap,
        baseImage: null,
        backup: { type: "d", rotation: 1 },
      }),
      BackupOfVolumeBacked,
    );
  }));
