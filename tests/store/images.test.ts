/** Stored images: a transaction's own staged inserts and removals are seen by its later reads. */
import assert from "node:assert/strict";
import {
  type ImageRecord,
  insertImageRecord,
  listImageRecords,
  readInstanceImages,
  removeImageRecord,
} from "../../lib/store/images.ts";
import { transact } from "../../lib/store/transaction.ts";

function record(id: string, instance: string | null = "vm-1"): ImageRecord {
  return {
    id,
    name: id,
    visibility: "private",
    owner: "p1",
    disk_format: "qcow2",
    container_format: "bare",
    size: 1,
    min_disk: 0,
    min_ram: 0,
    properties: {},
    created_at: "2024-01-01T00:00:00.000Z",
    saving_at: "2024-01-01T00:00:00.000Z",
    active_at: "2024-01-01T00:00:00.000Z",
    instance_uuid: instance,
    rotation: null,
  };
}

Deno.test("readInstanceImages sees what the same transaction staged", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    await transact(kv, (tx) => {
      insertImageRecord(tx, record("a"));
      return Promise.resolve();
    });
    const seen = await transact(kv, async (tx) => {
      insertImageRecord(tx, record("b"));
      insertImageRecord(tx, record("c", "vm-2"));
      removeImageRecord(tx, record("a"));
      return (await readInstanceImages(tx, "vm-1")).map((r) => r.id);
    });
    assert.deepEqual(seen, ["b"]);
    assert.deepEqual((await listImageRecords(kv)).map((r) => r.id).sort(), ["b", "c"]);
  } finally {
    kv.close();
  }
});
