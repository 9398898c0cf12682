/** Writing image properties: who Glance lets update which image. */
import assert from "node:assert/strict";
import { catalogOf, DEFAULT_IMAGE } from "../../lib/images/catalog.ts";
import { writeImageProperties } from "../../lib/images/properties.ts";
import { findImage } from "../../lib/images/stored.ts";
import { type ImageRecord, insertImageRecord } from "../../lib/store/images.ts";
import { transact } from "../../lib/store/transaction.ts";

const RECORD: ImageRecord = {
  id: "5c0f7a9e-1111-4222-8333-944445555666",
  name: "snap",
  visibility: "private",
  owner: "p1",
  disk_format: "qcow2",
  container_format: "bare",
  size: 10,
  min_disk: 1,
  min_ram: 0,
  properties: { a: "1" },
  created_at: "2024-01-01T00:00:00.000Z",
  saving_at: "2024-01-01T00:00:00.000Z",
  active_at: "2024-01-01T00:00:00.000Z",
  instance_uuid: null,
  rotation: null,
};

Deno.test("image properties: owner's members and admins write stored images; the catalog is read-only", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const catalog = catalogOf([DEFAULT_IMAGE]);
    await transact(kv, (tx) => Promise.resolve(insertImageRecord(tx, RECORD)));
    const now = new Date("2025-01-01T00:00:00.000Z");
    const member = { projectId: "p1", isAdmin: false, roles: ["member", "reader"] };
    const reader = { projectId: "p1", isAdmin: false, roles: ["reader"] };
    const stranger = { projectId: "p2", isAdmin: false, roles: ["member"] };
    const admin = { projectId: "p9", isAdmin: true, roles: ["admin"] };
    const write = (who: typeof member, id = RECORD.id) =>
      writeImageProperties(kv, catalog, id, who, { b: "2" }, now);
    assert.deepEqual(await write(member), { result: "updated", properties: { b: "2" } });
    assert.deepEqual(await write(reader), { result: "forbidden" });
    assert.deepEqual(await write(stranger), { result: "not-found" });
    assert.deepEqual((await write(admin)).result, "updated");
    assert.deepEqual(await write(admin, DEFAULT_IMAGE.id), { result: "forbidden" });
    assert.deepEqual(await write(member, "nope"), { result: "not-found" });
    const image = await findImage(kv, catalog, RECORD.id, now);
    assert.deepEqual(image?.properties, { b: "2" });
    assert.equal(image?.updated_at, now.toISOString());
  } finally {
    kv.close();
  }
});
