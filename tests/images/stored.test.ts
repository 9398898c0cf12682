/** The image service over the catalog and the store: status by the clock, visibility, delete. */
import assert from "node:assert/strict";
import { catalogOf, DEFAULT_IMAGE } from "../../lib/images/catalog.ts";
import { deleteImage, findImage, imageOfRecord, imageVisible } from "../../lib/images/stored.ts";
import { type ImageRecord, insertImageRecord } from "../../lib/store/images.ts";
import { transact } from "../../lib/store/transaction.ts";

const RECORD: ImageRecord = {
  id: "5c0f7a9e-1111-4222-8333-944445555666",
  name: "snap",
  visibility: "shared",
  owner: "admin-project",
  disk_format: "qcow2",
  container_format: "bare",
  size: 10,
  min_disk: 1,
  min_ram: 0,
  properties: { instance_owner: "p1" },
  created_at: "2024-01-01T00:00:00.000Z",
  saving_at: "2024-01-01T00:00:03.000Z",
  active_at: "2024-01-01T00:00:04.000Z",
  instance_uuid: "vm-1",
  rotation: null,
};

Deno.test("a stored image is queued, saving, then active with its size", () => {
  const at = (s: string) => imageOfRecord(RECORD, new Date(`2024-01-01T00:00:0${s}.000Z`));
  assert.deepEqual([at("0").status, at("0").size], ["queued", 0]);
  assert.equal(at("3").status, "saving");
  assert.deepEqual([at("4").status, at("4").size, at("4").updated_at], [
    "active",
    10,
    RECORD.active_at,
  ]);
});

Deno.test("a shared snapshot is visible to the server's project; only its owner deletes it", async () => {
  const image = imageOfRecord(RECORD, new Date());
  assert.equal(imageVisible(image, "p1", false), true);
  assert.equal(imageVisible(image, "p2", false), false);
  const kv = await Deno.openKv(":memory:");
  try {
    const catalog = catalogOf([DEFAULT_IMAGE]);
    await transact(kv, (tx) => Promise.resolve(insertImageRecord(tx, RECORD)));
    assert.equal(await deleteImage(kv, catalog, RECORD.id, "p2", false), "not-found");
    assert.equal(await deleteImage(kv, catalog, RECORD.id, "p1", false), "forbidden");
    assert.equal(await deleteImage(kv, catalog, DEFAULT_IMAGE.id, "p1", false), "forbidden");
    assert.equal(await deleteImage(kv, catalog, RECORD.id, "admin-project", false), "deleted");
    assert.equal(await findImage(kv, catalog, RECORD.id, new Date()), null);
    assert.equal(await deleteImage(kv, catalog, RECORD.id, "admin-project", false), "not-found");
  } finally {
    kv.close();
  }
});
