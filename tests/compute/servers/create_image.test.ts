/**
 * createImage and createBackup over real HTTP: the 202 answers before and from 2.45, the images
 * seen through the compute image proxy, booting and rebuilding from a snapshot, backup rotation,
 * the metadata limit before 2.39, Nova's 400s, 403s and 409s, and the Glance subset (paste form).
 */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";
import { type Harness, startCompute } from "../../support/compute.ts";
import { assertMatchesSample, sampleTemplate } from "../../support/samples.ts";
import { createServer, INSTANT, serverBody, start } from "./_support.ts";

function action(
  h: Harness,
  id: string,
  body: unknown,
  version = "2.1",
  as: "member" | "reader" | "other" | "admin" = "member",
) {
  return h.json(`/servers/${id}/action`, { as, version, json: body });
}

function imageIdOf(location: string | null): string {
  assert.ok(location);
  return location.split("/").at(-1)!;
}

Deno.test("createImage: Location before 2.45, {image_id} from 2.45; the proxy shows the snapshot", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const res = await action(h, id, { createImage: { name: "snap1", metadata: { k: "v" } } });
    assert.equal(res.status, 202, res.text);
    assert.equal(res.text, "");
    const location = res.headers.get("location");
    assert.match(location ?? "", new RegExp(`^${h.origin}/image/images/[0-9a-f-]{36}$`));
    const imageId = imageIdOf(location);
    const shown = await h.json(`/images/${imageId}`, { as: "member" });
    assert.equal(shown.status, 200, shown.text);
    const image = shown.body.image;
    assert.equal(image.name, "snap1");
    assert.equal(image.status, "ACTIVE");
    assert.equal(image.server.id, id);
    assert.equal(image.metadata.instance_uuid, id);
    assert.equal(image.metadata.image_type, "snapshot");
    assert.equal(image.metadata.base_image_ref, CIRROS_IMAGE_ID);
    assert.equal(image.metadata.user_id, "member-user");
    assert.equal(image.metadata.k, "v");
    const other = await h.json(`/images/${imageId}`, { as: "other" });
    assert.equal(other.status, 404, "a private snapshot is the project's own");
    const byServer = await h.json(`/images/detail?server=${id}`, { as: "member" });
    assert.deepEqual(byServer.body.images.map((i: { id: string }) => i.id), [imageId]);

    const v245 = await action(h, id, { createImage: { name: "snap2" } }, "2.45");
    assert.equal(v245.status, 202, v245.text);
    assert.equal(v245.headers.get("location"), null);
    await assertMatchesSample(v245.body, "servers/v2.45/server-action-create-image-resp.json");

    const actions = await h.json(`/servers/${id}/os-instance-actions`, { as: "member" });
    assert.deepEqual(
      actions.body.instanceActions.map((a: { action: string }) => a.action).slice(0, 2),
      ["createImage", "createImage"],
    );
  } finally {
    await h.close();
  }
});

Deno.test("a snapshot boots servers and rebuilds them; the proxy deletes it", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const res = await action(h, id, { createImage: { name: "golden" } }, "2.45");
    const imageId = res.body.image_id;
    const boot = await h.json("/servers", {
      as: "member",
      json: serverBody({ name: "from-snap", imageRef: imageId }),
    });
    assert.equal(boot.status, 202, boot.text);
    const rebuilt = await action(h, id, { rebuild: { imageRef: imageId } });
    assert.equal(rebuilt.status, 202, rebuilt.text);
    assert.equal(rebuilt.body.server.image.id, imageId);
    const configured = await h.fetch(`/images/${CIRROS_IMAGE_ID}`, {
      as: "member",
      method: "DELETE",
    });
    assert.equal(configured.status, 403);
    await configured.body?.cancel();
    const foreign = await h.fetch(`/images/${imageId}`, { as: "other", method: "DELETE" });
    assert.equal(foreign.status, 404);
    await foreign.body?.cancel();
    const gone = await h.fetch(`/images/${imageId}`, { as: "member", method: "DELETE" });
    assert.equal(gone.status, 204);
    await gone.body?.cancel();
    assert.equal((await h.json(`/images/${imageId}`, { as: "member" })).status, 404);
    const again = await action(h, id, { rebuild: { imageRef: imageId } });
    assert.equal(again.status, 400, again.text);
  } finally {
    await h.close();
  }
});

Deno.test("createBackup: Location only for a rotation above 0, {image_id} from 2.45, rotation keeps the newest", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const body = (rotation: number | string, backup_type = "daily") => ({
      createBackup: { name: "bk", backup_type, rotation },
    });
    const kept: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await action(h, id, body(2));
      assert.equal(res.status, 202, res.text);
      assert.equal(res.text, "");
      const location = res.headers.get("location");
      assert.match(location ?? "", new RegExp(`^${h.base}/images/[0-9a-f-]{36}$`));
      kept.push(imageIdOf(location));
    }
    const weekly = await action(h, id, body("1", "weekly"), "2.45");
    assert.equal(weekly.status, 202, weekly.text);
    assert.equal(weekly.headers.get("location"), null);
    await assertMatchesSample(weekly.body, "os-create-backup/v2.45/create-backup-resp.json");
    const list = await h.json(`/images/detail?server=${id}`, { as: "member" });
    const ids = list.body.images.map((i: { id: string }) => i.id).sort();
    assert.deepEqual(ids, [kept[1], kept[2], weekly.body.image_id].sort());
    const types = list.body.images.map((i: { metadata: Record<string, string> }) =>
      `${i.metadata.image_type}/${i.metadata.backup_type}`
    ).sort();
    assert.deepEqual(types, ["backup/daily", "backup/daily", "backup/weekly"]);

    const sample = await sampleTemplate("os-create-backup/create-backup-req.json");
    const fromSample = await action(h, id, sample);
    assert.equal(fromSample.status, 202, fromSample.text);
    const zero = await action(h, id, body(0));
    assert.equal(zero.status, 202, zero.text);
    assert.equal(zero.headers.get("location"), null);
    const after = await h.json(`/images/detail?server=${id}`, { as: "member" });
    assert.deepEqual(after.body.images.map((i: { id: string }) => i.id), [weekly.body.image_id]);

    const actions = await h.json(`/servers/${id}/os-instance-actions`, { as: "member" });
    assert.equal(actions.body.instanceActions[0].action, "createBackup");
  } finally {
    await h.close();
  }
});

Deno.test("createImage and createBackup: Nova's 400s, 403s and 409s", async () => {
  const h = await start({ quota: { metadata_items: 2 } });
  try {
    const id = await createServer(h);
    const bad: [unknown, string?][] = [
      [{ createImage: {} }],
      [{ createImage: { name: "" } }],
      [{ createImage: { name: "x", bogus: 1 } }],
      [{ createImage: { name: "x", metadata: { k: 1 } } }],
      [{ createBackup: { name: "x", rotation: 1 } }],
      [{ createBackup: { name: "x", backup_type: "d" } }],
      [{ createBackup: { name: "x", backup_type: "d", rotation: -1 } }],
      [{ createBackup: { name: "x", backup_type: "d", rotation: "two" } }],
      [{ createBackup: { name: "x", backup_type: 1, rotation: 1 } }],
    ];
    for (const [body] of bad) {
      const res = await action(h, id, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    }
    const meta = { a: "1", b: "2", c: "3" };
    for (const key of ["createImage", "createBackup"]) {
      const body = { [key]: { name: "x", backup_type: "d", rotation: 1, metadata: meta } };
      if (key === "createImage") {
        delete (body[key] as Record<string, unknown>).backup_type;
        delete (body[key] as Record<string, unknown>).rotation;
      }
      const over = await action(h, id, body, "2.38");
      assert.equal(over.status, 403, over.text);
      assert.equal(over.body.forbidden.message, "Image metadata limit exceeded");
      const fine = await action(h, id, body, "2.39");
      assert.equal(fine.status, 202, fine.text);
    }
    const reader = await action(h, id, { createImage: { name: "x" } }, "2.1", "reader");
    assert.equal(reader.status, 403, reader.text);
    const other = await action(h, id, { createImage: { name: "x" } }, "2.1", "other");
    assert.equal(other.status, 404, other.text);

    // A lock does not stop a snapshot; a rescued server cannot be snapshotted.
    assert.equal((await action(h, id, { lock: null })).status, 202);
    assert.equal((await action(h, id, { createImage: { name: "locked" } })).status, 202);
    assert.equal((await action(h, id, { unlock: null })).status, 202);
    assert.equal((await action(h, id, { rescue: null })).status, 200);
    for (
      const [key, body] of [
        ["createImage", { name: "x" }],
        ["createBackup", { name: "x", backup_type: "d", rotation: 1 }],
      ] as const
    ) {
      const res = await action(h, id, { [key]: body });
      assert.equal(res.status, 409, res.text);
      assert.equal(
        res.body.conflictingRequest.message,
        `Cannot '${key}' instance ${id} while it is in vm_state rescued`,
      );
    }
  } finally {
    await h.close();
  }
});

Deno.test("a volume-backed server: createImage needs allow_volume_backed, createBackup is a 400", async () => {
  const h = await startCompute({
    seedFlavors: true,
    config: INSTANT,
    policy: { "os_compute_api:servers:create_image:allow_volume_backed": "role:admin" },
  });
  try {
    const boot = await h.json("/servers", {
      as: "member",
      json: serverBody({
        imageRef: "",
        block_device_mapping_v2: [{
          boot_index: 0,
          uuid: CIRROS_IMAGE_ID,
          source_type: "image",
          destination_type: "volume",
          volume_size: 1,
        }],
      }),
    });
    assert.equal(boot.status, 202, boot.text);
    const id = boot.body.server.id;
    const member = await action(h, id, { createImage: { name: "vol" } });
    assert.equal(member.status, 403, member.text);
    const admin = await action(h, id, { createImage: { name: "vol" } }, "2.45", "admin");
    assert.equal(admin.status, 202, admin.text);
    const shown = await h.json(`/images/${admin.body.image_id}`, { as: "admin" });
    assert.equal(shown.body.image.status, "ACTIVE");
    assert.equal(shown.body.image.metadata.bdm_v2, "True");
    const backup = await action(h, id, {
      createBackup: { name: "b", backup_type: "d", rotation: 1 },
    });
    assert.equal(backup.status, 400, backup.text);
    assert.equal(
      backup.body.badRequest.message,
      "Backup is not supported for volume-backed instances.",
    );
    const rebuild = await action(h, id, { rebuild: { imageRef: admin.body.image_id } }, "2.92");
    assert.equal(rebuild.status, 400, rebuild.text);
    assert.match(
      rebuild.text,
      /Unable to rebuild with a different image for a volume-backed server/,
    );
    const reimage = await action(h, id, { rebuild: { imageRef: CIRROS_IMAGE_ID } }, "2.93");
    assert.equal(reimage.status, 202, reimage.text);
    assert.equal(reimage.body.server.image, "");
  } finally {
    await h.close();
  }
});

Deno.test("paste: the Glance subset lists a snapshot and deletes it for its owner only", async () => {
  const h = await startCompute({ pipeline: "paste", config: INSTANT });
  try {
    const token = "demo:p1";
    const boot = await h.json("/v2.1/servers", { token, json: serverBody() });
    assert.equal(boot.status, 202, boot.text);
    const id = boot.body.server.id;
    const snap = await h.json(`/v2.1/servers/${id}/action`, {
      token,
      version: "2.45",
      json: { createImage: { name: "glance-snap" } },
    });
    assert.equal(snap.status, 202, snap.text);
    const imageId = snap.body.image_id;
    const list = await h.json("/image/v2/images", { token });
    assert.deepEqual(list.body.images.map((i: { name: string }) => i.name).sort(), [
      "cirros",
      "glance-snap",
    ]);
    const shown = await h.json(`/image/v2/images/${imageId}`, { token });
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.body.status, "active");
    assert.equal(shown.body.visibility, "private");
    assert.equal(shown.body.owner, "p1");
    assert.equal(shown.body.instance_uuid, id);
    assert.equal(shown.body.image_type, "snapshot");
    const hidden = await h.fetch(`/image/v2/images/${imageId}`, { token: "demo:p2" });
    assert.equal(hidden.status, 404);
    await hidden.body?.cancel();
    const foreign = await h.fetch(`/image/v2/images/${imageId}`, {
      token: "demo:p2",
      method: "DELETE",
    });
    assert.equal(foreign.status, 404);
    await foreign.body?.cancel();
    const configured = await h.fetch(`/image/v2/images/${CIRROS_IMAGE_ID}`, {
      token,
      method: "DELETE",
    });
    assert.equal(configured.status, 403);
    await configured.body?.cancel();
    const deleted = await h.fetch(`/image/v2/images/${imageId}`, { token, method: "DELETE" });
    assert.equal(deleted.status, 204);
    await deleted.body?.cancel();
    const gone = await h.fetch(`/image/v2/images/${imageId}`, { token });
    assert.equal(gone.status, 404);
    await gone.body?.cancel();
    const post = await h.fetch("/image/v2/images", { token, method: "POST" });
    assert.equal(post.status, 405);
    await post.body?.cancel();
  } finally {
    await h.close();
  }
});

Deno.test("a snapshot is a rescue image", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const snap = await action(h, id, { createImage: { name: "rescue-me" } }, "2.45");
    const res = await action(h, id, { rescue: { rescue_image_ref: snap.body.image_id } });
    assert.equal(res.status, 200, res.text);
  } finally {
    await h.close();
  }
});

Deno.test("shelve's <name>-shelved snapshot is an image until the unshelve", async () => {
  const h = await start({ DEFAULT: { shelved_offload_time: -1 } });
  try {
    const id = await createServer(h);
    assert.equal((await action(h, id, { shelve: null })).status, 202);
    const list = await h.json(`/images/detail?server=${id}`, { as: "member" });
    assert.deepEqual(list.body.images.map((i: { name: string }) => i.name), ["vm1-shelved"]);
    assert.equal(list.body.images[0].metadata.image_type, "snapshot");
    assert.equal((await action(h, id, { unshelve: null })).status, 202);
    const after = await h.json(`/images/detail?server=${id}`, { as: "member" });
    assert.deepEqual(after.body.images, []);
  } finally {
    await h.close();
  }
});
