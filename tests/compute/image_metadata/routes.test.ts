/**
 * The image metadata proxy over real HTTP (2.1–2.38): reads of any visible image's properties;
 * writes to a stored image by its owner's members or an admin, refused (403 "Not authorized for
 * image …") for a reader, another project that only sees it, and the read-only configured catalog;
 * Nova's order of checks, its quota answer and its messages; capped from 2.39.
 */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";
import { type ImageRecord, insertImageRecord } from "../../../lib/store/images.ts";
import { transact } from "../../../lib/store/transaction.ts";
import { type Harness, startCompute } from "../../support/compute.ts";
import { assertMatchesSample } from "../../support/samples.ts";

const SNAP = "5c0f7a9e-1111-4222-8333-944445555666";
const SHARED = "5c0f7a9e-1111-4222-8333-944445555777";

const RECORD: ImageRecord = {
  id: SNAP,
  name: "snap",
  visibility: "private",
  owner: "project-a",
  disk_format: "qcow2",
  container_format: "bare",
  size: 10,
  min_disk: 1,
  min_ram: 0,
  properties: {
    architecture: "x86_64",
    auto_disk_config: "True",
    kernel_id: "nokernel",
    ramdisk_id: "nokernel",
  },
  created_at: "2024-01-01T00:00:00.000Z",
  saving_at: "2024-01-01T00:00:00.000Z",
  active_at: "2024-01-01T00:00:00.000Z",
  instance_uuid: null,
  rotation: null,
};

/** An admin's snapshot of a project-b server: shared with project-b, owned by the admin. */
const SHARED_RECORD: ImageRecord = {
  ...RECORD,
  id: SHARED,
  visibility: "shared",
  owner: "admin-project",
  properties: { instance_owner: "project-b" },
};

async function withImages(body: (h: Harness) => Promise<void>, config = {}) {
  const h = await startCompute({ config });
  try {
    await transact(h.kv, (tx) => {
      insertImageRecord(tx, RECORD);
      insertImageRecord(tx, SHARED_RECORD);
      return Promise.resolve();
    });
    await body(h);
  } finally {
    await h.close();
  }
}

const meta = (id: string, key = "") => `/images/${id}/metadata${key ? `/${key}` : ""}`;

Deno.test("image metadata: list and show a visible image's properties", async () => {
  await withImages(async (h) => {
    const list = await h.json(meta(SNAP), { as: "reader", version: "2.38" });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.body, { metadata: RECORD.properties });
    await assertMatchesSample(list.body, "images/image-metadata-get-resp.json");
    const show = await h.json(meta(SNAP, "kernel_id"), { as: "reader" });
    assert.deepEqual(show.body, { meta: { kernel_id: "nokernel" } });
    const missing = await h.json(meta(SNAP, "nope"), { as: "reader" });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, {
      itemNotFound: { code: 404, message: "The resource could not be found." },
    });
    const cirros = await h.json(meta(CIRROS_IMAGE_ID), { as: "other" });
    assert.equal(cirros.status, 200, cirros.text);
    for (const id of [SNAP, "no-such-image"]) {
      const hidden = await h.json(meta(id), { as: "other" });
      assert.equal(hidden.status, 404);
      assert.deepEqual(hidden.body, { itemNotFound: { code: 404, message: "Image not found." } });
    }
  });
});

Deno.test("image metadata: the owner's member updates, replaces, sets and deletes", async () => {
  await withImages(async (h) => {
    // Nova's api samples: POST merges, PUT replaces the whole set.
    const post = await h.json(meta(SNAP), {
      as: "member",
      json: { metadata: { kernel_id: "False", Label: "UpdatedImage" } },
    });
    assert.equal(post.status, 200, post.text);
    await assertMatchesSample(post.body, "images/image-metadata-post-resp.json");
    assert.deepEqual(post.body, {
      metadata: { ...RECORD.properties, kernel_id: "False", Label: "UpdatedImage" },
    });
    const put = await h.json(meta(SNAP), {
      as: "member",
      method: "PUT",
      json: { metadata: { auto_disk_config: "True", Label: "Changed" } },
    });
    assert.equal(put.status, 200, put.text);
    await assertMatchesSample(put.body, "images/image-metadata-put-resp.json");
    assert.deepEqual(put.body, { metadata: { auto_disk_config: "True", Label: "Changed" } });
    const one = await h.json(meta(SNAP, "Label"), {
      as: "member",
      method: "PUT",
      json: { meta: { Label: "Again" } },
    });
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.body, { meta: { Label: "Again" } });
    const del = await h.json(meta(SNAP, "auto_disk_config"), { as: "member", method: "DELETE" });
    assert.equal(del.status, 204, del.text);
    const after = await h.json(meta(SNAP), { as: "reader" });
    assert.deepEqual(after.body, { metadata: { Label: "Again" } });
    // The image proxy and the Glance-backed views see the same properties.
    const image = await h.json(`/images/${SNAP}`, { as: "reader" });
    assert.deepEqual(image.body.image.metadata, { Label: "Again" });
    const gone = await h.json(meta(SNAP, "auto_disk_config"), { as: "member", method: "DELETE" });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.itemNotFound.message, "Invalid metadata key");
    // An admin may write any image it sees, as Glance lets it.
    const admin = await h.json(meta(SNAP, "k"), { method: "PUT", json: { meta: { k: "v" } } });
    assert.equal(admin.status, 200, admin.text);
  });
});

Deno.test("image metadata: writes refused by the image service are 403", async () => {
  await withImages(async (h) => {
    const writes: [string, string, unknown][] = [
      ["POST", meta(SNAP), { metadata: { a: "b" } }],
      ["PUT", meta(SNAP), { metadata: { a: "b" } }],
      ["PUT", meta(SNAP, "a"), { meta: { a: "b" } }],
      ["DELETE", meta(SNAP, "kernel_id"), undefined],
    ];
    for (const [method, path, json] of writes) {
      const res = await h.json(path, { as: "reader", method, json });
      assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
      assert.deepEqual(res.body, {
        forbidden: { code: 403, message: `Not authorized for image ${SNAP}.` },
      });
    }
    // project-b sees the admin's shared snapshot of its server but does not own it.
    const shared = await h.json(meta(SHARED), { as: "other", json: { metadata: { a: "b" } } });
    assert.equal(shared.status, 403, shared.text);
    // The configured catalog is read-only, for an admin too.
    for (const as of ["member", "admin"] as const) {
      const res = await h.json(meta(CIRROS_IMAGE_ID), { as, json: { metadata: { a: "b" } } });
      assert.equal(res.status, 403, res.text);
      assert.equal(res.body.forbidden.message, `Not authorized for image ${CIRROS_IMAGE_ID}.`);
    }
    const unchanged = await h.json(meta(SNAP));
    assert.deepEqual(unchanged.body.metadata, RECORD.properties);
  });
});

Deno.test("image metadata: the metadata_items limit counts the whole resulting set", async () => {
  await withImages(async (h) => {
    const over = await h.json(meta(SNAP), { as: "member", json: { metadata: { a: "1" } } });
    assert.equal(over.status, 403, over.text);
    assert.deepEqual(over.body, {
      forbidden: { code: 403, message: "Image metadata limit exceeded" },
    });
    const setOne = await h.json(meta(SNAP, "a"), {
      as: "member",
      method: "PUT",
      json: { meta: { a: "1" } },
    });
    assert.equal(setOne.status, 403);
    // Replacing with four items fits; deleting always does.
    const put = await h.json(meta(SNAP), {
      as: "member",
      method: "PUT",
      json: { metadata: { a: "1", b: "2", c: "3", d: "4" } },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal((await h.json(meta(SNAP, "a"), { as: "member", method: "DELETE" })).status, 204);
  }, { quota: { metadata_items: 4 } });
});

Deno.test("image metadata: bad bodies are 400 before the image is looked up", async () => {
  await withImages(async (h) => {
    const bad: [string, string, unknown][] = [
      ["POST", meta(SNAP), { metadata: { a: 1 } }],
      ["POST", meta(SNAP), { meta: { a: "1" } }],
      ["POST", meta(SNAP), null],
      ["PUT", meta(SNAP), { metadata: { "": "x" } }],
      ["PUT", meta(SNAP), { metadata: { a: "x".repeat(256) } }],
      ["PUT", meta(SNAP, "a"), { meta: {} }],
      ["PUT", meta(SNAP, "a"), { meta: { a: "1", b: "2" } }],
      ["PUT", meta("no-such-image", "a"), { meta: { b: "2" } }],
      ["PUT", meta(SNAP, "a"), "text"],
    ];
    for (const [method, path, json] of bad) {
      const res = await h.json(path, { as: "other", method, json });
      assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(json)}: ${res.text}`);
    }
    const mismatch = await h.json(meta("no-such-image", "a"), {
      method: "PUT",
      json: { meta: { b: "2" } },
    });
    assert.deepEqual(mismatch.body, {
      badRequest: { code: 400, message: "Request body and URI mismatch" },
    });
  });
});

Deno.test("image metadata: every route is 404 past 2.38", async () => {
  await withImages(async (h) => {
    assert.equal((await h.json(meta(SNAP), { version: "2.38" })).status, 200);
    const rows: [string, string, unknown][] = [
      ["GET", meta(SNAP), undefined],
      ["POST", meta(SNAP), { metadata: { a: "b" } }],
      ["PUT", meta(SNAP), { metadata: { a: "b" } }],
      ["GET", meta(SNAP, "kernel_id"), undefined],
      ["PUT", meta(SNAP, "a"), { meta: { a: "b" } }],
      ["DELETE", meta(SNAP, "kernel_id"), undefined],
    ];
    for (const [method, path, json] of rows) {
      const res = await h.json(path, { method, json, version: "2.39" });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    assert.deepEqual((await h.json(meta(SNAP))).body.metadata, RECORD.properties);
  });
});
