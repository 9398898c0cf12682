/** Listing and showing volume attachments over real HTTP: fields per microversion, paging. */
import assert from "node:assert/strict";
import { faultMessage } from "../../support/compute.ts";
import { createServer, start } from "../servers/_support.ts";
import { attach, makeVolume, volume } from "./_volumes.ts";

Deno.test("list and show: id up to 2.88, tag from 2.70, delete_on_termination from 2.79, attachment_id and bdm_uuid from 2.89", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const vol = await makeVolume(h.kv);
    const res = await attach(h, id, { volumeId: vol.id, tag: "data" }, "2.70");
    assert.equal(res.status, 200, res.text);
    const list = (version: string) =>
      h.json(`/servers/${id}/os-volume_attachments`, { as: "reader", version });
    const show = (version: string) =>
      h.json(`/servers/${id}/os-volume_attachments/${vol.id}`, { as: "reader", version });
    const base = { id: vol.id, volumeId: vol.id, serverId: id, device: "/dev/vdb" };
    for (const [version, expected] of [["2.1", base], ["2.69", base]] as const) {
      assert.deepEqual((await list(version)).body, { volumeAttachments: [expected] });
      assert.deepEqual((await show(version)).body, { volumeAttachment: expected });
    }
    const v270 = { ...base, tag: "data" };
    assert.deepEqual((await list("2.70")).body.volumeAttachments, [v270]);
    assert.deepEqual((await show("2.78")).body.volumeAttachment, v270);
    const v279 = { ...v270, delete_on_termination: false };
    assert.deepEqual((await list("2.79")).body.volumeAttachments, [v279]);
    assert.deepEqual((await show("2.88")).body.volumeAttachment, v279);
    const v289 = (await show("2.89")).body.volumeAttachment;
    assert.equal(v289.id, undefined);
    assert.deepEqual(Object.keys(v289).sort(), [
      "attachment_id",
      "bdm_uuid",
      "delete_on_termination",
      "device",
      "serverId",
      "tag",
      "volumeId",
    ]);
    const [stored] = (await volume(h.kv, vol.id)).attachments;
    assert.equal(v289.attachment_id, stored.attachment_id);
    assert.match(v289.bdm_uuid, /^[0-9a-f-]{36}$/);
    assert.deepEqual((await list("2.101")).body.volumeAttachments, [v289]);
  } finally {
    await h.close();
  }
});

Deno.test("show: 404 for a volume the server does not map; list and show refuse other projects", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const vol = await makeVolume(h.kv);
    const res = await h.json(`/servers/${id}/os-volume_attachments/${vol.id}`, { as: "member" });
    assert.equal(res.status, 404, res.text);
    assert.equal(faultMessage(res.body), `Instance ${id} is not attached to volume ${vol.id}`);
    const other = await h.json(`/servers/${id}/os-volume_attachments`, { as: "other" });
    assert.equal(other.status, 404, other.text);
    const missing = await h.json(`/servers/${crypto.randomUUID()}/os-volume_attachments`, {
      as: "member",
    });
    assert.equal(missing.status, 404, missing.text);
    const empty = await h.json(`/servers/${id}/os-volume_attachments`, { as: "member" });
    assert.deepEqual(empty.body, { volumeAttachments: [] });
  } finally {
    await h.close();
  }
});

Deno.test("list pages with limit and offset over all the server's mappings; 2.75 refuses unknown parameters", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const vol = await makeVolume(h.kv);
      assert.equal((await attach(h, id, { volumeId: vol.id })).status, 200);
      ids.push(vol.id);
    }
    const page = async (query: string, version = "2.1") => {
      const res = await h.json(`/servers/${id}/os-volume_attachments?${query}`, {
        as: "member",
        version,
      });
      assert.equal(res.status, 200, res.text);
      return res.body.volumeAttachments.map((a: { volumeId: string }) => a.volumeId);
    };
    // The image-backed server's root disk mapping comes first, as in Nova's table.
    assert.deepEqual(await page("limit=2"), [ids[0]]);
    assert.deepEqual(await page("offset=1&limit=2"), [ids[0], ids[1]]);
    assert.deepEqual(await page("offset=2"), [ids[1], ids[2]]);
    assert.deepEqual(await page("limit=0"), ids);
    assert.deepEqual(await page("foo=bar", "2.74"), ids);
    for (const query of ["limit=-1", "offset=x", "limit=1.5"]) {
      const res = await h.json(`/servers/${id}/os-volume_attachments?${query}`, { as: "member" });
      assert.equal(res.status, 400, `${query}: ${res.text}`);
    }
    const strict = await h.json(`/servers/${id}/os-volume_attachments?foo=bar`, {
      as: "member",
      version: "2.75",
    });
    assert.equal(strict.status, 400, strict.text);
  } finally {
    await h.close();
  }
});
