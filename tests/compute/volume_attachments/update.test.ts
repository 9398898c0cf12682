/** `PUT …/os-volume_attachments/{volume_id}` over real HTTP: swap (service only) and the 2.85 update. */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona, startCompute } from "../../support/compute.ts";
import { transact } from "../../../lib/store/transaction.ts";
import { readVolume, updateVolume } from "../../../lib/store/volumes.ts";
import { createServer, INSTANT, start } from "../servers/_support.ts";
import { attach, lastAction, makeVolume, volume } from "./_volumes.ts";

function put(
  h: Harness,
  serverId: string,
  volumeId: string,
  body: Record<string, unknown>,
  version: string,
  as: Persona = "member",
) {
  return h.json(`/servers/${serverId}/os-volume_attachments/${volumeId}`, {
    as,
    version,
    method: "PUT",
    json: { volumeAttachment: body },
  });
}

Deno.test("swap before 2.85: service or admin only (403 for members), 409 unless Cinder migrates the volume", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const old = await makeVolume(h.kv);
    const fresh = await makeVolume(h.kv);
    assert.equal((await attach(h, id, { volumeId: old.id })).status, 200);
    const member = await put(h, id, old.id, { volumeId: fresh.id }, "2.1");
    assert.equal(member.status, 403, member.text);
    assert.equal(
      faultMessage(member.body),
      "Policy doesn't allow os_compute_api:os-volumes-attachments:swap to be performed.",
    );
    // Even the same volume is a swap before 2.85.
    const same = await put(h, id, old.id, { volumeId: old.id }, "2.84");
    assert.equal(same.status, 403, same.text);
    // Nova's `service_or_admin`: an admin passes and meets the migration check.
    const admin = await put(h, id, old.id, { volumeId: fresh.id }, "2.1", "admin");
    assert.equal(admin.status, 409, admin.text);
    // The service user of another project does not see the server (Nova's project filter).
    const service = await put(h, id, old.id, { volumeId: fresh.id }, "2.1", "service");
    assert.equal(service.status, 404, service.text);
  } finally {
    await h.close();
  }
});

Deno.test("swap a migrating volume: the mapping keeps its device and takes the new volume", async () => {
  const hs = await startCompute({ seedFlavors: true, config: INSTANT });
  try {
    const id = await createServer(hs);
    const old = await makeVolume(hs.kv, { size: 2 });
    const fresh = await makeVolume(hs.kv, { size: 2 });
    const small = await makeVolume(hs.kv, { size: 1 });
    assert.equal((await attach(hs, id, { volumeId: old.id })).status, 200);

    const notMigrating = await put(hs, id, old.id, { volumeId: fresh.id }, "2.1", "admin");
    assert.equal(notMigrating.status, 409, notMigrating.text);
    assert.equal(
      faultMessage(notMigrating.body),
      `volume ${old.id} is not migrating; this API should only be called by Cinder`,
    );
    await transact(hs.kv, async (tx) => {
      const v = (await readVolume(tx, old.id))!;
      updateVolume(tx, { ...v, migration_status: "migrating" });
    });
    const missing = crypto.randomUUID();
    const nf = await put(hs, id, old.id, { volumeId: missing }, "2.1", "admin");
    assert.equal(nf.status, 400, nf.text);
    assert.equal(faultMessage(nf.body), `Volume ${missing} could not be found.`);
    const tooSmall = await put(hs, id, old.id, { volumeId: small.id }, "2.1", "admin");
    assert.equal(tooSmall.status, 400, tooSmall.text);
    assert.equal(
      faultMessage(tooSmall.body),
      "Invalid volume: New volume must be the same size or larger.",
    );
    const badBody = await put(
      hs,
      id,
      old.id,
      { volumeId: fresh.id, device: "/dev/vdb" },
      "2.1",
      "admin",
    );
    assert.equal(badBody.status, 400, badBody.text);

    const ok = await put(hs, id, old.id, { volumeId: fresh.id }, "2.1", "admin");
    assert.equal(ok.status, 202, ok.text);
    assert.equal(ok.text, "");
    assert.deepEqual(await lastAction(hs, id), {
      action: "swap_volume",
      events: ["compute_swap_volume"],
    });
    const oldNow = await volume(hs.kv, old.id);
    assert.equal(oldNow.status, "available");
    assert.deepEqual(oldNow.attachments, []);
    const freshNow = await volume(hs.kv, fresh.id);
    assert.equal(freshNow.status, "in-use");
    assert.equal(freshNow.attachments[0].server_id, id);
    const list = await hs.json(`/servers/${id}/os-volume_attachments`, {
      as: "member",
      version: "2.89",
    });
    assert.equal(list.body.volumeAttachments.length, 1);
    assert.equal(list.body.volumeAttachments[0].volumeId, fresh.id);
    assert.equal(list.body.volumeAttachments[0].device, "/dev/vdb");
    assert.equal(
      list.body.volumeAttachments[0].attachment_id,
      freshNow.attachments[0].attachment_id,
    );
  } finally {
    await hs.close();
  }
});

Deno.test("2.85: the owner changes delete_on_termination; other fields must repeat what they are", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const vol = await makeVolume(h.kv);
    assert.equal((await attach(h, id, { volumeId: vol.id, tag: "t" }, "2.49")).status, 200);
    const ok = await put(h, id, vol.id, {
      volumeId: vol.id,
      id: vol.id,
      serverId: id,
      device: "/dev/vdb",
      tag: "t",
      delete_on_termination: true,
    }, "2.85");
    assert.equal(ok.status, 202, ok.text);
    const show = await h.json(`/servers/${id}/os-volume_attachments/${vol.id}`, {
      as: "member",
      version: "2.79",
    });
    assert.equal(show.body.volumeAttachment.delete_on_termination, true);
    const server = await h.json(`/servers/${id}`, { as: "member", version: "2.3" });
    assert.deepEqual(server.body.server["os-extended-volumes:volumes_attached"], [
      { id: vol.id, delete_on_termination: true },
    ]);
    const cases: [Record<string, unknown>, string][] = [
      [{ tag: "other" }, "The tag property is not mutable"],
      [{ device: "/dev/vdz" }, "The device property is not mutable"],
      [{ serverId: crypto.randomUUID() }, "The serverId property is not mutable"],
      [{ id: crypto.randomUUID() }, "The id property is not mutable"],
    ];
    for (const [extra, message] of cases) {
      const res = await put(h, id, vol.id, { volumeId: vol.id, ...extra }, "2.85");
      assert.equal(res.status, 400, res.text);
      assert.equal(faultMessage(res.body), message);
    }
    const unmapped = await makeVolume(h.kv);
    const nf = await put(h, id, unmapped.id, { volumeId: unmapped.id }, "2.85");
    assert.equal(nf.status, 404, nf.text);
    assert.equal(
      faultMessage(nf.body),
      `No volume Block Device Mapping with id ${unmapped.id}.`,
    );
    const reader = await put(h, id, vol.id, { volumeId: vol.id }, "2.85", "reader");
    assert.equal(reader.status, 403, reader.text);
    const badBool = await put(h, id, vol.id, {
      volumeId: vol.id,
      delete_on_termination: "perhaps",
    }, "2.85");
    assert.equal(badBool.status, 400, badBool.text);
    // A different volume is a swap: the service rule.
    const swap = await put(h, id, vol.id, { volumeId: unmapped.id }, "2.85");
    assert.equal(swap.status, 403, swap.text);
  } finally {
    await h.close();
  }
});
