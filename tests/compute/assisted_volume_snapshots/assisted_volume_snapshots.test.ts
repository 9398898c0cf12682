/** `/os-assisted-volume-snapshots` over real HTTP: the service's snapshot create and delete. */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import {
  getSnapshot,
  insertSnapshot,
  readVolume,
  type SnapshotRecord,
  updateVolume,
} from "../../../lib/store/volumes.ts";
import { readInstance, updateInstance } from "../../../lib/store/instances.ts";
import { transact } from "../../../lib/store/transaction.ts";
import { createServer, start } from "../servers/_support.ts";
import { attach, makeVolume } from "../volume_attachments/_volumes.ts";

function create(h: Harness, body: unknown, as: Persona = "service", version = "2.1") {
  return h.json("/os-assisted-volume-snapshots", { as, version, json: body });
}

function remove(h: Harness, id: string, query: string, as: Persona = "service", version = "2.1") {
  return h.json(`/os-assisted-volume-snapshots/${id}${query}`, { as, version, method: "DELETE" });
}

async function storeSnapshot(kv: Deno.Kv, volumeId: string): Promise<SnapshotRecord> {
  const record: SnapshotRecord = {
    id: crypto.randomUUID(),
    volume_id: volumeId,
    project_id: "project-a",
    user_id: "member-user",
    name: null,
    description: null,
    size: 1,
    status: "creating",
    metadata: {},
    created_at: new Date().toISOString(),
    updated_at: null,
  };
  await transact(kv, (tx) => {
    insertSnapshot(tx, record);
    return Promise.resolve();
  });
  return record;
}

function createBody(volumeId: string, snapshotId: string, extra: Record<string, unknown> = {}) {
  return {
    snapshot: {
      volume_id: volumeId,
      create_info: { snapshot_id: snapshotId, type: "qcow2", new_file: "new.qcow2", ...extra },
    },
  };
}

Deno.test("assisted snapshot create: 200 with create_info's id and the volume; the snapshot becomes available", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const vol = await makeVolume(h.kv);
    assert.equal((await attach(h, id, { volumeId: vol.id })).status, 200);
    const snap = await storeSnapshot(h.kv, vol.id);
    const res = await create(h, createBody(vol.id, snap.id, { id: snap.id }));
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { snapshot: { id: snap.id, volumeId: vol.id } });
    assert.equal((await getSnapshot(h.kv, snap.id))?.status, "available");
    const noId = await create(h, createBody(vol.id, snap.id));
    assert.equal(noId.status, 200, noId.text);
    assert.deepEqual(noId.body, { snapshot: { id: null, volumeId: vol.id } });
    const member = await create(h, createBody(vol.id, snap.id), "member");
    assert.equal(member.status, 403, member.text);
    const admin = await create(h, createBody(vol.id, snap.id), "admin");
    assert.equal(admin.status, 200, admin.text);
  } finally {
    await h.close();
  }
});

Deno.test("assisted snapshot create refusals: bad bodies, unattached volume, multiattach, busy server (all 400)", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const vol = await makeVolume(h.kv);
    const snapId = crypto.randomUUID();
    for (
      const body of [
        {},
        { snapshot: { volume_id: vol.id } },
        { snapshot: { volume_id: "", create_info: {} } },
        createBody(vol.id, snapId, { type: "raw" }),
        createBody(vol.id, snapId, { extra: 1 }),
        createBody(vol.id, ""),
        { snapshot: { volume_id: vol.id, create_info: { type: "qcow2", new_file: "f" } } },
      ]
    ) {
      const res = await create(h, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    }
    const unattached = await create(h, createBody(vol.id, snapId));
    assert.equal(unattached.status, 400, unattached.text);
    assert.equal(
      faultMessage(unattached.body),
      `No volume Block Device Mapping with id ${vol.id}.`,
    );
    const nowhere = crypto.randomUUID();
    const missing = await create(h, createBody(nowhere, snapId));
    assert.equal(missing.status, 400, missing.text);

    const multi = await makeVolume(h.kv, { multiattach: true });
    const other = await createServer(h);
    assert.equal((await attach(h, id, { volumeId: multi.id }, "2.60")).status, 200);
    assert.equal((await attach(h, other, { volumeId: multi.id }, "2.60")).status, 200);
    const two = await create(h, createBody(multi.id, snapId));
    assert.equal(two.status, 400, two.text);
    assert.equal(
      faultMessage(two.body),
      `Block Device Mapping ${multi.id} is a multi-attach volume and is not valid for this operation.`,
    );

    // Shelved offloaded: no host.
    assert.equal((await attach(h, id, { volumeId: vol.id })).status, 200);
    const shelve = await h.json(`/servers/${id}/action`, { as: "member", json: { shelve: null } });
    assert.equal(shelve.status, 202, shelve.text);
    const offloaded = await create(h, createBody(vol.id, snapId));
    assert.equal(offloaded.status, 400, offloaded.text);
    assert.equal(faultMessage(offloaded.body), `Instance ${id} is not ready`);
  } finally {
    await h.close();
  }
});

Deno.test("assisted snapshot create on a server with a task: 400 with Nova's InstanceInvalidState words", async () => {
  const h = await start({ deno: { fake_boot_seconds: 3600 } });
  try {
    const id = await createServer(h);
    const vol = await makeVolume(h.kv);
    // Attach by hand: the building server refuses the API's attach.
    await transact(h.kv, async (tx) => {
      const inst = (await readInstance(tx, id))!;
      updateInstance(tx, inst, {
        ...inst,
        block_device_mapping: [{ volume_id: vol.id, source_type: "volume", boot_index: null }],
      });
      const v = (await readVolume(tx, vol.id))!;
      updateVolume(tx, {
        ...v,
        status: "in-use",
        attachments: [{
          attachment_id: crypto.randomUUID(),
          server_id: id,
          host_name: inst.host,
          device: "/dev/vdb",
          attached_at: new Date().toISOString(),
        }],
      });
    });
    const res = await create(h, createBody(vol.id, crypto.randomUUID()));
    assert.equal(res.status, 400, res.text);
    assert.match(
      faultMessage(res.body),
      new RegExp(
        `^Instance ${id} in task_state \\S+\\. Cannot do_volume_snapshot_create while the ` +
          "instance is in this state\\.$",
      ),
    );
  } finally {
    await h.close();
  }
});

Deno.test("assisted snapshot delete: 204 and the snapshot gone; delete_info read as Nova reads it", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const vol = await makeVolume(h.kv);
    assert.equal((await attach(h, id, { volumeId: vol.id })).status, 200);
    const snap = await storeSnapshot(h.kv, vol.id);
    const info = encodeURIComponent(JSON.stringify({ volume_id: vol.id, type: "qcow2" }));
    const member = await remove(h, snap.id, `?delete_info=${info}`, "member");
    assert.equal(member.status, 403, member.text);
    const ok = await remove(h, snap.id, `?delete_info=${info}`);
    assert.equal(ok.status, 204, ok.text);
    assert.equal(ok.text, "");
    assert.equal(await getSnapshot(h.kv, snap.id), null);

    const cases: [string, string][] = [
      ["", "'delete_info'"],
      ["?delete_info=", "Expecting value: line 1 column 1 (char 0)"],
      ["?delete_info=nope", "Expecting value: line 1 column 1 (char 0)"],
      [`?delete_info=${encodeURIComponent("{}")}`, "'volume_id'"],
      [
        `?delete_info=${encodeURIComponent("[1]")}`,
        "list indices must be integers or slices, not str",
      ],
      [`?delete_info=${encodeURIComponent('"x"')}`, "string indices must be integers, not 'str'"],
      ["?delete_info=5", "'int' object is not subscriptable"],
      ["?delete_info=null", "'NoneType' object is not subscriptable"],
      [`?delete_info=${encodeURIComponent("{} x")}`, "Extra data: line 1 column 4 (char 3)"],
      [
        `?delete_info=${encodeURIComponent(JSON.stringify({ volume_id: crypto.randomUUID() }))}`,
        "",
      ],
    ];
    for (const [query, message] of cases) {
      const res = await remove(h, snap.id, query);
      assert.equal(res.status, 400, `${query}: ${res.text}`);
      if (message) assert.equal(faultMessage(res.body), message, query);
    }
    // Unknown parameters pass up to 2.74 and are refused from 2.75.
    const extra = `?delete_info=${info}&foo=1`;
    assert.equal((await remove(h, snap.id, extra, "service", "2.74")).status, 204);
    assert.equal((await remove(h, snap.id, extra, "service", "2.75")).status, 400);

    // An offline merge is refused.
    const stop = await h.json(`/servers/${id}/action`, { as: "member", json: { "os-stop": null } });
    assert.equal(stop.status, 202, stop.text);
    const merge = encodeURIComponent(
      JSON.stringify({ volume_id: vol.id, merge_target_file: "base.qcow2" }),
    );
    const offline = await remove(h, snap.id, `?delete_info=${merge}`);
    assert.equal(offline.status, 400, offline.text);
    assert.equal(
      faultMessage(offline.body),
      `Instance ${id} in vm_state stopped. Cannot volume_snapshot_delete while the instance is ` +
        "in this state.",
    );
    assert.equal((await remove(h, snap.id, `?delete_info=${info}`)).status, 204);
  } finally {
    await h.close();
  }
});
