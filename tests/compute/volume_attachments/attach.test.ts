/** Attaching volumes over real HTTP: answers per microversion, records, Nova's refusals. */
import assert from "node:assert/strict";
import { faultMessage } from "../../support/compute.ts";
import { createServer, start } from "../servers/_support.ts";
import { attach, lastAction, makeVolume, volume } from "./_volumes.ts";

Deno.test("attach at 2.1: 200 with the device; the volume is in-use; action and event recorded", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const vol = await makeVolume(h.kv);
    const res = await attach(h, id, { volumeId: vol.id });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, {
      volumeAttachment: { id: vol.id, serverId: id, volumeId: vol.id, device: "/dev/vdb" },
    });
    const stored = await volume(h.kv, vol.id);
    assert.equal(stored.status, "in-use");
    assert.equal(stored.attachments.length, 1);
    assert.equal(stored.attachments[0].server_id, id);
    assert.equal(stored.attachments[0].device, "/dev/vdb");
    assert.deepEqual(await lastAction(h, id), {
      action: "attach_volume",
      events: ["compute_attach_volume"],
    });
    const server = await h.json(`/servers/${id}`, { as: "member", version: "2.3" });
    assert.deepEqual(server.body.server["os-extended-volumes:volumes_attached"], [
      { id: vol.id, delete_on_termination: false },
    ]);
    // A second volume takes the next device; a device the caller names is ignored (libvirt).
    const vol2 = await makeVolume(h.kv);
    const second = await attach(h, id, { volumeId: vol2.id, device: "/dev/vdq" });
    assert.equal(second.status, 200, second.text);
    assert.equal(second.body.volumeAttachment.device, "/dev/vdc");
  } finally {
    await h.close();
  }
});

Deno.test("attach bodies per microversion: tag from 2.49, delete_on_termination from 2.79, no body from 2.101", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const v = async () => (await makeVolume(h.kv)).id;
    const tagOld = await attach(h, id, { volumeId: await v(), tag: "t" }, "2.48");
    assert.equal(tagOld.status, 400, tagOld.text);
    const tagged = await attach(h, id, { volumeId: await v(), tag: "t" }, "2.49");
    assert.equal(tagged.status, 200, tagged.text);
    assert.equal(tagged.body.volumeAttachment.tag, undefined);
    const v270 = await attach(h, id, { volumeId: await v(), tag: "t2" }, "2.70");
    assert.equal(v270.body.volumeAttachment.tag, "t2");
    const dotOld = await attach(
      h,
      id,
      { volumeId: await v(), delete_on_termination: true },
      "2.78",
    );
    assert.equal(dotOld.status, 400, dotOld.text);
    const v279 = await attach(h, id, { volumeId: await v(), delete_on_termination: true }, "2.79");
    assert.equal(v279.status, 200, v279.text);
    assert.deepEqual(Object.keys(v279.body.volumeAttachment).sort(), [
      "delete_on_termination",
      "device",
      "id",
      "serverId",
      "tag",
      "volumeId",
    ]);
    assert.equal(v279.body.volumeAttachment.delete_on_termination, true);
    assert.equal(v279.body.volumeAttachment.tag, null);
    const v2100 = await attach(h, id, { volumeId: await v() }, "2.100");
    assert.equal(v2100.status, 200, v2100.text);
    const v2101 = await attach(h, id, { volumeId: await v() }, "2.101");
    assert.equal(v2101.status, 202, v2101.text);
    assert.equal(v2101.text, "");
  } finally {
    await h.close();
  }
});

Deno.test("attach refusals: bad bodies 400, unknown or foreign volume 404, attached volume 400", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const other = await createServer(h);
    const vol = await makeVolume(h.kv);
    for (
      const body of [
        {},
        { volumeAttachment: {} },
        { volumeAttachment: { volumeId: "not-a-uuid" } },
        { volumeAttachment: { volumeId: vol.id, device: "sdb" } },
        { volumeAttachment: { volumeId: vol.id, extra: 1 } },
        { volumeAttachment: { volumeId: vol.id, tag: "a/b" } },
        { volumeAttachment: { volumeId: vol.id, delete_on_termination: "maybe" } },
        { volumeAttachment: null },
        [],
      ]
    ) {
      const res = await h.json(`/servers/${id}/os-volume_attachments`, {
        as: "member",
        version: "2.79",
        json: body,
      });
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    }
    const notJson = await h.json(`/servers/${id}/os-volume_attachments`, {
      as: "member",
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    assert.equal(notJson.status, 400, notJson.text);

    const missing = crypto.randomUUID();
    const nf = await attach(h, id, { volumeId: missing });
    assert.equal(nf.status, 404, nf.text);
    assert.equal(faultMessage(nf.body), `Volume ${missing} could not be found.`);
    const foreign = await makeVolume(h.kv, { project_id: "project-b" });
    const nf2 = await attach(h, id, { volumeId: foreign.id });
    assert.equal(nf2.status, 404, nf2.text);

    assert.equal((await attach(h, id, { volumeId: vol.id })).status, 200);
    const twice = await attach(h, id, { volumeId: vol.id });
    assert.equal(twice.status, 400, twice.text);
    assert.equal(
      faultMessage(twice.body),
      `Invalid volume: volume ${vol.id} is already attached to instances: ${id}`,
    );
    const elsewhere = await attach(h, other, { volumeId: vol.id });
    assert.equal(elsewhere.status, 400, elsewhere.text);
    assert.match(faultMessage(elsewhere.body), /^Invalid volume: volume .* already attached/);

    const broken = await makeVolume(h.kv, { status: "error" });
    const bad = await attach(h, id, { volumeId: broken.id });
    assert.equal(bad.status, 400, bad.text);
    assert.match(
      faultMessage(bad.body),
      new RegExp(
        `^Invalid input received: Invalid volume: Volume ${broken.id} status must be ` +
          "available or downloading to reserve, but the current status is error\\. " +
          "\\(HTTP 400\\) \\(Request-ID: req-[0-9a-f-]+\\)$",
      ),
    );
    assert.equal((await volume(h.kv, broken.id)).attachments.length, 0);
    // Another project cannot see the server at all.
    const hidden = await attach(h, id, { volumeId: vol.id }, "2.1", "other");
    assert.equal(hidden.status, 404, hidden.text);
    const reader = await attach(h, id, { volumeId: vol.id }, "2.1", "reader");
    assert.equal(reader.status, 403, reader.text);
  } finally {
    await h.close();
  }
});

Deno.test("multiattach volumes: refused before 2.60, then attachable to two servers but not twice to one", async () => {
  const h = await start();
  try {
    const a = await createServer(h);
    const b = await createServer(h);
    const vol = await makeVolume(h.kv, { multiattach: true });
    const old = await attach(h, a, { volumeId: vol.id }, "2.59");
    assert.equal(old.status, 400, old.text);
    assert.equal(
      faultMessage(old.body),
      "Multiattach volumes are only supported starting with compute API version 2.60.",
    );
    assert.equal((await attach(h, a, { volumeId: vol.id }, "2.60")).status, 200);
    assert.equal((await attach(h, b, { volumeId: vol.id }, "2.60")).status, 200);
    const again = await attach(h, a, { volumeId: vol.id }, "2.60");
    assert.equal(again.status, 400, again.text);
    assert.equal(faultMessage(again.body), `Invalid volume: volume ${vol.id} already attached`);
    const stored = await volume(h.kv, vol.id);
    assert.equal(stored.status, "in-use");
    assert.deepEqual(stored.attachments.map((x) => x.server_id), [a, b]);
  } finally {
    await h.close();
  }
});

Deno.test("attach is refused on a locked server (not for admins) and in states Nova refuses", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const lock = await h.json(`/servers/${id}/action`, { as: "member", json: { lock: null } });
    assert.equal(lock.status, 202, lock.text);
    const locked = await attach(h, id, { volumeId: (await makeVolume(h.kv)).id });
    assert.equal(locked.status, 409, locked.text);
    assert.equal(faultMessage(locked.body), `Instance ${id} is locked`);
    const admin = await attach(h, id, { volumeId: (await makeVolume(h.kv)).id }, "2.1", "admin");
    assert.equal(admin.status, 200, admin.text);

    const rescued = await createServer(h);
    const r = await h.json(`/servers/${rescued}/action`, { as: "member", json: { rescue: {} } });
    assert.equal(r.status, 200, r.text);
    const res = await attach(h, rescued, { volumeId: (await makeVolume(h.kv)).id });
    assert.equal(res.status, 409, res.text);
    assert.equal(
      faultMessage(res.body),
      `Cannot 'attach_volume' instance ${rescued} while it is in vm_state rescued`,
    );

    const stopped = await createServer(h);
    const s = await h.json(`/servers/${stopped}/action`, {
      as: "member",
      json: { "os-stop": null },
    });
    assert.equal(s.status, 202, s.text);
    const ok = await attach(h, stopped, { volumeId: (await makeVolume(h.kv)).id });
    assert.equal(ok.status, 200, ok.text);
  } finally {
    await h.close();
  }
});

Deno.test("attach during a build: 409 on vm_state building", async () => {
  const h = await start({ deno: { fake_boot_seconds: 3600 } });
  try {
    const id = await createServer(h);
    const res = await attach(h, id, { volumeId: (await makeVolume(h.kv)).id });
    assert.equal(res.status, 409, res.text);
    assert.equal(
      faultMessage(res.body),
      `Cannot 'attach_volume' instance ${id} while it is in vm_state building`,
    );
  } finally {
    await h.close();
  }
});

Deno.test("attach to a shelved-offloaded server: 409 before 2.20, then no device, no tag, no multiattach", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const shelve = await h.json(`/servers/${id}/action`, { as: "member", json: { shelve: null } });
    assert.equal(shelve.status, 202, shelve.text);
    const vol = await makeVolume(h.kv);
    const old = await attach(h, id, { volumeId: vol.id }, "2.19");
    assert.equal(old.status, 409, old.text);
    assert.equal(
      faultMessage(old.body),
      `Cannot 'attach_volume' instance ${id} while it is in vm_state shelved_offloaded`,
    );
    const tagged = await attach(h, id, { volumeId: vol.id, tag: "x" }, "2.49");
    assert.equal(tagged.status, 400, tagged.text);
    assert.equal(
      faultMessage(tagged.body),
      "Tagged volume attachment is not supported for shelved-offloaded instances.",
    );
    const multi = await makeVolume(h.kv, { multiattach: true });
    const m = await attach(h, id, { volumeId: multi.id }, "2.60");
    assert.equal(m.status, 400, m.text);
    assert.equal(
      faultMessage(m.body),
      "Attaching multiattach volumes is not supported for shelved-offloaded instances.",
    );
    const res = await attach(h, id, { volumeId: vol.id }, "2.20");
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.volumeAttachment.device, null);
    assert.deepEqual(await lastAction(h, id), {
      action: "attach_volume",
      events: ["api_attach_volume"],
    });
    assert.equal((await volume(h.kv, vol.id)).status, "in-use");
    const list = await h.json(`/servers/${id}/os-volume_attachments`, { as: "member" });
    assert.deepEqual(list.body.volumeAttachments, [{ id: vol.id, volumeId: vol.id, serverId: id }]);
  } finally {
    await h.close();
  }
});

Deno.test("from 2.101 the conductor's refusals are not the caller's: 202, and nothing attached", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const broken = await makeVolume(h.kv, { status: "error" });
    const res = await attach(h, id, { volumeId: broken.id }, "2.101");
    assert.equal(res.status, 202, res.text);
    const stored = await volume(h.kv, broken.id);
    assert.equal(stored.status, "error");
    assert.deepEqual(stored.attachments, []);
    const list = await h.json(`/servers/${id}/os-volume_attachments`, { as: "member" });
    assert.deepEqual(list.body.volumeAttachments, []);
    assert.equal((await lastAction(h, id)).action, "create");
    // The API's own checks still answer: a missing volume is 404.
    const missing = await attach(h, id, { volumeId: crypto.randomUUID() }, "2.101");
    assert.equal(missing.status, 404, missing.text);
  } finally {
    await h.close();
  }
});

Deno.test("a volume attached while shelved-offloaded gets its device and host when the server is unshelved", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const shelve = await h.json(`/servers/${id}/action`, { as: "member", json: { shelve: null } });
    assert.equal(shelve.status, 202, shelve.text);
    const vol = await makeVolume(h.kv);
    assert.equal((await attach(h, id, { volumeId: vol.id }, "2.20")).status, 200);
    assert.equal((await volume(h.kv, vol.id)).attachments[0].host_name, null);
    const unshelve = await h.json(`/servers/${id}/action`, {
      as: "member",
      json: { unshelve: null },
    });
    assert.equal(unshelve.status, 202, unshelve.text);
    const server = await h.json(`/servers/${id}`, { as: "admin" });
    assert.equal(server.body.server.status, "ACTIVE");
    const host = server.body.server["OS-EXT-SRV-ATTR:host"];
    const list = await h.json(`/servers/${id}/os-volume_attachments`, { as: "member" });
    assert.equal(list.body.volumeAttachments[0].device, "/dev/vdb");
    const [attachment] = (await volume(h.kv, vol.id)).attachments;
    assert.equal(attachment.host_name, host);
    assert.equal(attachment.device, "/dev/vdb");
  } finally {
    await h.close();
  }
});
