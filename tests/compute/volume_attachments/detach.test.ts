/** Detaching volumes and deleting servers over real HTTP: records left consistent, Nova's refusals. */
import assert from "node:assert/strict";
import { faultMessage } from "../../support/compute.ts";
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";
import { getVolume, readVolume, updateVolume } from "../../../lib/store/volumes.ts";
import { transact } from "../../../lib/store/transaction.ts";
import { createServer, start } from "../servers/_support.ts";
import { attach, detach, lastAction, makeVolume, volume } from "./_volumes.ts";

Deno.test("detach: 202, the volume available again, the mapping gone, action and event recorded", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const vol = await makeVolume(h.kv);
    assert.equal((await attach(h, id, { volumeId: vol.id })).status, 200);
    const res = await detach(h, id, vol.id);
    assert.equal(res.status, 202, res.text);
    assert.equal(res.text, "");
    const stored = await volume(h.kv, vol.id);
    assert.equal(stored.status, "available");
    assert.deepEqual(stored.attachments, []);
    const list = await h.json(`/servers/${id}/os-volume_attachments`, { as: "member" });
    assert.deepEqual(list.body.volumeAttachments, []);
    const server = await h.json(`/servers/${id}`, { as: "member" });
    assert.deepEqual(server.body.server["os-extended-volumes:volumes_attached"], []);
    assert.deepEqual(await lastAction(h, id), {
      action: "detach_volume",
      events: ["compute_detach_volume"],
    });
    // The same volume attaches again.
    assert.equal((await attach(h, id, { volumeId: vol.id })).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("detach refusals: unknown volume, unmapped volume (404), root volume, volume not in use (400), lock (409)", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const missing = crypto.randomUUID();
    const nf = await detach(h, id, missing);
    assert.equal(nf.status, 404, nf.text);
    assert.equal(faultMessage(nf.body), `Volume ${missing} could not be found.`);
    const loose = await makeVolume(h.kv);
    const notAttached = await detach(h, id, loose.id);
    assert.equal(notAttached.status, 404, notAttached.text);
    assert.equal(
      faultMessage(notAttached.body),
      `Instance ${id} is not attached to volume ${loose.id}`,
    );

    const root = await makeVolume(h.kv, { bootable: true, status: "in-use" });
    const bfv = await createServer(h, "member", {
      imageRef: "",
      block_device_mapping_v2: [{
        boot_index: 0,
        uuid: root.id,
        source_type: "volume",
        destination_type: "volume",
      }],
    });
    const rootRes = await detach(h, bfv, root.id);
    assert.equal(rootRes.status, 400, rootRes.text);
    assert.equal(faultMessage(rootRes.body), "Cannot detach a root device volume");
    const rootList = await h.json(`/servers/${bfv}/os-volume_attachments`, {
      as: "member",
      version: "2.89",
    });
    assert.equal(rootList.body.volumeAttachments.length, 1);
    assert.equal(rootList.body.volumeAttachments[0].volumeId, root.id);
    assert.equal(rootList.body.volumeAttachments[0].device, "/dev/vda");

    // Cinder's begin_detaching wants an in-use volume.
    const vol = await makeVolume(h.kv);
    assert.equal((await attach(h, id, { volumeId: vol.id })).status, 200);
    await transact(h.kv, async (tx) => {
      const v = (await readVolume(tx, vol.id))!;
      updateVolume(tx, { ...v, status: "detaching" });
    });
    const busy = await detach(h, id, vol.id);
    assert.equal(busy.status, 400, busy.text);
    assert.match(
      faultMessage(busy.body),
      /^Invalid volume: Invalid input received: Invalid volume: Unable to detach volume\. Volume status must be 'in-use' and attach_status must be 'attached' to detach\. \(HTTP 400\) \(Request-ID: req-/,
    );
    await transact(h.kv, async (tx) => {
      const v = (await readVolume(tx, vol.id))!;
      updateVolume(tx, { ...v, status: "in-use" });
    });

    assert.equal(
      (await h.json(`/servers/${id}/action`, { as: "member", json: { lock: null } })).status,
      202,
    );
    const locked = await detach(h, id, vol.id);
    assert.equal(locked.status, 409, locked.text);
    assert.equal(faultMessage(locked.body), `Instance ${id} is locked`);
    const reader = await detach(h, id, vol.id, "2.1", "reader");
    assert.equal(reader.status, 403, reader.text);
    assert.equal((await detach(h, id, vol.id, "2.1", "admin")).status, 202);
  } finally {
    await h.close();
  }
});

Deno.test("detach from a shelved-offloaded server: 409 before 2.20; then at once, deleting a delete_on_termination volume", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const keep = await makeVolume(h.kv);
    const drop = await makeVolume(h.kv);
    assert.equal((await attach(h, id, { volumeId: keep.id })).status, 200);
    assert.equal(
      (await attach(h, id, { volumeId: drop.id, delete_on_termination: true }, "2.79")).status,
      200,
    );
    const shelve = await h.json(`/servers/${id}/action`, { as: "member", json: { shelve: null } });
    assert.equal(shelve.status, 202, shelve.text);
    const old = await detach(h, id, keep.id, "2.19");
    assert.equal(old.status, 409, old.text);
    assert.equal(
      faultMessage(old.body),
      `Cannot 'detach_volume' instance ${id} while it is in vm_state shelved_offloaded`,
    );
    assert.equal((await detach(h, id, keep.id, "2.20")).status, 202);
    assert.deepEqual(await lastAction(h, id), {
      action: "detach_volume",
      events: ["api_detach_volume"],
    });
    assert.equal((await volume(h.kv, keep.id)).status, "available");
    assert.equal((await detach(h, id, drop.id, "2.20")).status, 202);
    assert.equal(await getVolume(h.kv, drop.id), null);
  } finally {
    await h.close();
  }
});

Deno.test("deleting a server detaches its volumes and deletes those marked delete_on_termination", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const keep = await makeVolume(h.kv);
    const drop = await makeVolume(h.kv);
    const shared = await makeVolume(h.kv, { multiattach: true });
    const other = await createServer(h);
    assert.equal((await attach(h, id, { volumeId: keep.id })).status, 200);
    assert.equal(
      (await attach(h, id, { volumeId: drop.id, delete_on_termination: true }, "2.79")).status,
      200,
    );
    assert.equal(
      (await attach(h, id, { volumeId: shared.id, delete_on_termination: true }, "2.79")).status,
      200,
    );
    assert.equal((await attach(h, other, { volumeId: shared.id }, "2.60")).status, 200);
    const del = await h.fetch(`/servers/${id}`, { as: "member", method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    const gone = await h.json(`/servers/${id}`, { as: "member" });
    assert.equal(gone.status, 404, gone.text);
    const kept = await volume(h.kv, keep.id);
    assert.equal(kept.status, "available");
    assert.deepEqual(kept.attachments, []);
    assert.equal(await getVolume(h.kv, drop.id), null);
    // Still held by the other server: detached, not deleted.
    const still = await volume(h.kv, shared.id);
    assert.equal(still.status, "in-use");
    assert.deepEqual(still.attachments.map((a) => a.server_id), [other]);
    // The freed volume attaches elsewhere.
    assert.equal((await attach(h, other, { volumeId: keep.id })).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("an image-backed server's list has no root volume; CIRROS servers have no volumes until attached", async () => {
  const h = await start();
  try {
    const id = await createServer(h, "member", { imageRef: CIRROS_IMAGE_ID });
    const list = await h.json(`/servers/${id}/os-volume_attachments`, {
      as: "member",
      version: "2.89",
    });
    assert.deepEqual(list.body, { volumeAttachments: [] });
  } finally {
    await h.close();
  }
});

Deno.test("attachments follow a cold-migrated server to its new host", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const vol = await makeVolume(h.kv);
    assert.equal((await attach(h, id, { volumeId: vol.id })).status, 200);
    const before = (await volume(h.kv, vol.id)).attachments[0].host_name;
    const migrate = await h.json(`/servers/${id}/action`, { as: "admin", json: { migrate: null } });
    assert.equal(migrate.status, 202, migrate.text);
    const confirm = await h.json(`/servers/${id}/action`, {
      as: "member",
      json: { confirmResize: null },
    });
    assert.equal(confirm.status, 204, confirm.text);
    const server = await h.json(`/servers/${id}`, { as: "admin" });
    const host = server.body.server["OS-EXT-SRV-ATTR:host"];
    assert.notEqual(host, before);
    const [attachment] = (await volume(h.kv, vol.id)).attachments;
    assert.equal(attachment.host_name, host);
    assert.equal(attachment.device, "/dev/vdb");
  } finally {
    await h.close();
  }
});
