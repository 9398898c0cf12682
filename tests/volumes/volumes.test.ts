/**
 * The volume domain: who sees what, Cinder's create checks, cascade delete, and Cinder's times.
 */
import assert from "node:assert/strict";
import {
  cinderTime,
  createSnapshot,
  createVolume,
  deleteVolume,
  findSnapshot,
  findVolume,
  InvalidVolume,
  listVolumesOf,
  SnapshotNotFound,
  VolumeNotFound,
} from "../../lib/volumes/mod.ts";

const NOW = new Date("2026-01-02T03:04:05.678Z");
const A = { projectId: "a", userId: "ua", isAdmin: false };
const B = { projectId: "b", userId: "ub", isAdmin: false };
const ADMIN = { projectId: "admin", userId: "root", isAdmin: true };

Deno.test("volumes: a project sees its own, an admin every one (all projects when asked)", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const v = await createVolume(kv, A, { size: 1, name: "x" }, NOW);
    assert.equal(v.status, "available");
    assert.equal(v.volume_type, "__DEFAULT__");
    assert.equal(v.availability_zone, "nova");
    assert.equal((await findVolume(kv, v.id, A)).id, v.id);
    assert.equal((await findVolume(kv, v.id, ADMIN)).id, v.id);
    await assert.rejects(() => findVolume(kv, v.id, B), VolumeNotFound);
    assert.equal((await listVolumesOf(kv, B)).length, 0);
    assert.equal((await listVolumesOf(kv, ADMIN)).length, 0);
    assert.equal((await listVolumesOf(kv, ADMIN, true)).length, 1);
    assert.equal((await listVolumesOf(kv, A, true)).length, 1, "all projects: admins only");
    await assert.rejects(() => createSnapshot(kv, B, { volumeId: v.id }, NOW), VolumeNotFound);
  } finally {
    kv.close();
  }
});

Deno.test("volumes: sizes from snapshots and images are checked; cascade deletes snapshots", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    await assert.rejects(() => createVolume(kv, A, {}, NOW), /Invalid volume size provided/);
    await assert.rejects(
      () =>
        createVolume(kv, A, { size: 1, image: { id: "i", size: 3 * 1024 ** 3, minDisk: 0 } }, NOW),
      /Size of specified image 3GB is larger than volume size 1GB/,
    );
    await assert.rejects(
      () => createVolume(kv, A, { size: 1, image: { id: "i", size: 1, minDisk: 2 } }, NOW),
      /cannot be smaller than the image minDisk size 2GB/,
    );
    const v = await createVolume(kv, A, { size: 2 }, NOW);
    const s = await createSnapshot(kv, A, { volumeId: v.id, name: "s" }, NOW);
    const copy = await createVolume(kv, A, { snapshotId: s.id }, NOW);
    assert.equal(copy.size, 2);
    await assert.rejects(() => deleteVolume(kv, v.id, A), InvalidVolume);
    await deleteVolume(kv, v.id, A, true);
    await assert.rejects(() => findSnapshot(kv, s.id, A), SnapshotNotFound);
    await assert.rejects(() => findVolume(kv, v.id, A), VolumeNotFound);
  } finally {
    kv.close();
  }
});

Deno.test("volumes: Cinder's time format", () => {
  assert.equal(cinderTime("2026-01-02T03:04:05.678Z"), "2026-01-02T03:04:05.678000");
  assert.equal(cinderTime(null), null);
});
