/**
 * Nova's volume and snapshot proxies over real HTTP (2.1–2.35): create, list, detail, show and
 * delete in Nova's views, the caller's project only, Cinder's refusals as Nova's 400s, policy, and
 * the cap at 2.36. The records are the ones the Cinder subset serves (`lib/volumes`).
 */
import assert from "node:assert/strict";
import { startCompute } from "../../support/compute.ts";
import { getVolume, updateVolume } from "../../../lib/store/volumes.ts";
import { readVolume } from "../../../lib/store/volumes.ts";
import { transact } from "../../../lib/store/transaction.ts";

const VOLUME_KEYS = [
  "attachments",
  "availabilityZone",
  "createdAt",
  "displayDescription",
  "displayName",
  "id",
  "metadata",
  "size",
  "snapshotId",
  "status",
  "volumeType",
];

Deno.test("os-volumes: create, list, detail, show and delete in Nova's view, up to 2.35", async () => {
  const h = await startCompute();
  try {
    const made = await h.json("/os-volumes", {
      as: "member",
      version: "2.35",
      json: {
        volume: {
          size: "2",
          display_name: "data",
          display_description: "scratch",
          metadata: { tier: "gold" },
          availability_zone: "nova",
        },
      },
    });
    assert.equal(made.status, 200, made.text);
    const vol = made.body.volume;
    assert.deepEqual(Object.keys(vol).sort(), VOLUME_KEYS);
    assert.equal(vol.status, "creating");
    assert.equal(vol.size, 2);
    assert.equal(vol.displayName, "data");
    assert.equal(vol.displayDescription, "scratch");
    assert.equal(vol.availabilityZone, "nova");
    assert.equal(vol.volumeType, "__DEFAULT__");
    assert.equal(vol.snapshotId, null);
    assert.deepEqual(vol.metadata, { tier: "gold" });
    assert.deepEqual(vol.attachments, [{}]);
    assert.match(vol.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.match(made.headers.get("location") ?? "", new RegExp(`/os-volumes/${vol.id}$`));

    const shown = await h.json(`/os-volumes/${vol.id}`, { as: "reader" });
    assert.equal(shown.status, 200, shown.text);
    assert.deepEqual(shown.body.volume, { ...vol, status: "available" });
    for (const path of ["/os-volumes", "/os-volumes/detail"]) {
      const list = await h.json(path, { as: "member" });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.volumes, [shown.body.volume]);
    }
    // Another project does not see it, not even by id.
    assert.deepEqual((await h.json("/os-volumes", { as: "other" })).body, { volumes: [] });
    const theirs = await h.json(`/os-volumes/${vol.id}`, { as: "other" });
    assert.equal(theirs.status, 404);
    assert.deepEqual(theirs.body, {
      itemNotFound: { code: 404, message: `Volume ${vol.id} could not be found.` },
    });
    assert.equal(
      (await h.json(`/os-volumes/${vol.id}`, { as: "other", method: "DELETE" })).status,
      404,
    );

    const gone = await h.fetch(`/os-volumes/${vol.id}`, { as: "member", method: "DELETE" });
    assert.equal(gone.status, 202);
    await gone.body?.cancel();
    assert.equal(await getVolume(h.kv, vol.id), null);
    assert.equal((await h.json(`/os-volumes/${vol.id}`, { as: "member" })).status, 404);
  } finally {
    await h.close();
  }
});

Deno.test("os-volumes: offset and limit, newest first, and an attached volume's view", async () => {
  const h = await startCompute();
  try {
    const ids: string[] = [];
    for (const name of ["a", "b", "c"]) {
      const r = await h.json("/os-volumes", {
        as: "member",
        json: { volume: { size: 1, display_name: name } },
      });
      assert.equal(r.status, 200, r.text);
      ids.push(r.body.volume.id);
    }
    const names = async (query: string) =>
      (await h.json(`/os-volumes${query}`, { as: "member" })).body.volumes.map(
        (v: { displayName: string }) => v.displayName,
      );
    assert.deepEqual(await names(""), ["c", "b", "a"]);
    assert.deepEqual(await names("?limit=2"), ["c", "b"]);
    assert.deepEqual(await names("?offset=1&limit=1"), ["b"]);
    assert.deepEqual(await names("?limit=0"), ["c", "b", "a"]);
    assert.equal((await h.json("/os-volumes?limit=x", { as: "member" })).status, 400);
    assert.equal((await h.json("/os-volumes/detail?offset=-1", { as: "member" })).status, 400);

    await transact(h.kv, async (tx) => {
      const v = (await readVolume(tx, ids[0]))!;
      updateVolume(tx, {
        ...v,
        status: "in-use",
        attachments: [{
          attachment_id: "att-1",
          server_id: "0b6c3f0e-5f0f-4a9e-9a8e-2f5b1a0c9d11",
          host_name: "compute-1",
          device: "/dev/vdb",
          attached_at: new Date().toISOString(),
        }],
      });
    });
    const shown = (await h.json(`/os-volumes/${ids[0]}`, { as: "member" })).body.volume;
    assert.equal(shown.status, "in-use");
    assert.deepEqual(shown.attachments, [{
      id: ids[0],
      volumeId: ids[0],
      serverId: "0b6c3f0e-5f0f-4a9e-9a8e-2f5b1a0c9d11",
      device: "/dev/vdb",
    }]);
    const refused = await h.json(`/os-volumes/${ids[0]}`, { as: "member", method: "DELETE" });
    assert.equal(refused.status, 400);
    assert.match(
      refused.body.badRequest.message,
      /^Invalid input received: Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached/,
    );
  } finally {
    await h.close();
  }
});

Deno.test("os-volumes: bad bodies are 400s, an unknown snapshot 404, past 2.35 404", async () => {
  const h = await startCompute();
  try {
    const post = (body: unknown) => h.json("/os-volumes", { as: "member", json: body });
    const cases: [unknown, RegExp][] = [
      [{}, /'volume' is a required property/],
      [{ volume: {} }, /'size' is a required property/],
      [{ volume: { size: "one" } }, /Invalid input for field\/attribute size/],
      [{ volume: { size: 0 } }, /Invalid input for field\/attribute size/],
      [{ volume: { size: 1, colour: "red" } }, /Additional properties are not allowed/],
      [{ volume: { size: 1, display_name: 5 } }, /display_name/],
      [{ volume: { size: "0" } }, /0 is less than the minimum of 1/],
      [
        { volume: { size: 1, metadata: { k: 1 } } },
        /^Invalid input received: Invalid input for field\/attribute metadata/,
      ],
      [
        { volume: { size: "99999999999999999999" } },
        /^Invalid input received: Invalid input received: Invalid volume size provided/,
      ],
      [
        { volume: { size: 1, availability_zone: "mars" } },
        /^Invalid input received: Availability zone 'mars' is invalid\./,
      ],
    ];
    for (const [body, message] of cases) {
      const r = await post(body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.match(r.body.badRequest.message, message, r.text);
    }
    const badType = await post({ volume: { size: 1, volume_type: "gold" } });
    assert.equal(badType.status, 404);
    assert.equal(
      badType.body.itemNotFound.message,
      "Volume type with name gold could not be found.",
    );
    const snap = "5b0d1e51-0000-4000-8000-000000000000";
    const noSnap = await post({ volume: { size: 1, snapshot_id: snap } });
    assert.equal(noSnap.status, 404);
    assert.equal(noSnap.body.itemNotFound.message, `Snapshot ${snap} could not be found.`);

    for (
      const [method, path] of [
        ["GET", "/os-volumes"],
        ["GET", "/os-volumes/detail"],
        ["GET", `/os-volumes/${snap}`],
        ["DELETE", `/os-volumes/${snap}`],
        ["GET", "/os-snapshots"],
        ["GET", `/os-snapshots/${snap}`],
      ]
    ) {
      const r = await h.json(path, { method, version: "2.36" });
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.equal(r.body.itemNotFound.message, "The resource could not be found.");
    }
    const past = await h.json("/os-volumes", { version: "2.36", json: { volume: { size: 1 } } });
    assert.equal(past.status, 404);
  } finally {
    await h.close();
  }
});

Deno.test("os-volumes and os-snapshots: policy (reader reads, only members write)", async () => {
  const h = await startCompute();
  try {
    const denied = await h.json("/os-volumes", { as: "reader", json: { volume: { size: 1 } } });
    assert.equal(denied.status, 403);
    assert.equal(
      denied.body.forbidden.message,
      "Policy doesn't allow os_compute_api:os-volumes:create to be performed.",
    );
    assert.equal((await h.json("/os-volumes", { as: "reader" })).status, 200);
    assert.equal((await h.json("/os-snapshots", { as: "reader" })).status, 200);
    const snapDenied = await h.json("/os-snapshots", {
      as: "reader",
      json: { snapshot: { volume_id: "x" } },
    });
    assert.equal(snapDenied.status, 403);
    const restricted = await startCompute({ policy: { "os_compute_api:os-volumes:list": "!" } });
    try {
      assert.equal((await restricted.json("/os-volumes", { as: "member" })).status, 403);
      assert.equal((await restricted.json("/os-volumes/detail", { as: "member" })).status, 200);
    } finally {
      await restricted.close();
    }
  } finally {
    await h.close();
  }
});

Deno.test("os-snapshots: create (forced when in use), list, show, delete; a volume with snapshots stays", async () => {
  const h = await startCompute();
  try {
    const vol = (await h.json("/os-volumes", {
      as: "member",
      json: { volume: { size: 3 } },
    })).body.volume;
    const made = await h.json("/os-snapshots", {
      as: "member",
      version: "2.35",
      json: { snapshot: { volume_id: vol.id, display_name: "s1", display_description: "first" } },
    });
    assert.equal(made.status, 200, made.text);
    const snap = made.body.snapshot;
    assert.deepEqual(Object.keys(snap).sort(), [
      "createdAt",
      "displayDescription",
      "displayName",
      "id",
      "size",
      "status",
      "volumeId",
    ]);
    assert.equal(snap.status, "creating");
    assert.equal(snap.size, 3);
    assert.equal(snap.volumeId, vol.id);
    const shown = await h.json(`/os-snapshots/${snap.id}`, { as: "member" });
    assert.deepEqual(shown.body.snapshot, { ...snap, status: "available" });
    for (const path of ["/os-snapshots", "/os-snapshots/detail"]) {
      assert.deepEqual((await h.json(path, { as: "member" })).body.snapshots, [
        shown.body.snapshot,
      ]);
    }
    assert.deepEqual((await h.json("/os-snapshots", { as: "other" })).body.snapshots, []);
    assert.equal((await h.json(`/os-snapshots/${snap.id}`, { as: "other" })).status, 404);

    const held = await h.json(`/os-volumes/${vol.id}`, { as: "member", method: "DELETE" });
    assert.equal(held.status, 400);
    assert.match(held.body.badRequest.message, /have snapshots/);

    // From the snapshot: its size unless a larger one is asked.
    const copy = await h.json("/os-volumes", {
      as: "member",
      json: { volume: { size: 3, snapshot_id: snap.id } },
    });
    assert.equal(copy.status, 200, copy.text);
    assert.equal(copy.body.volume.snapshotId, snap.id);
    const small = await h.json("/os-volumes", {
      as: "member",
      json: { volume: { size: 1, snapshot_id: snap.id } },
    });
    assert.equal(small.status, 400);
    assert.match(small.body.badRequest.message, /cannot be smaller than the snapshot size 3GB/);

    // In use: only forced.
    await transact(h.kv, async (tx) => {
      const v = (await readVolume(tx, vol.id))!;
      updateVolume(tx, { ...v, status: "in-use" });
    });
    const unforced = await h.json("/os-snapshots", {
      as: "member",
      json: { snapshot: { volume_id: vol.id } },
    });
    assert.equal(unforced.status, 400);
    assert.match(
      unforced.body.badRequest.message,
      /status must be available, but current status is: in-use/,
    );
    const forced = await h.json("/os-snapshots", {
      as: "member",
      json: { snapshot: { volume_id: vol.id, force: "yes" } },
    });
    assert.equal(forced.status, 200, forced.text);
    const badForce = await h.json("/os-snapshots", {
      as: "member",
      json: { snapshot: { volume_id: vol.id, force: "maybe" } },
    });
    assert.equal(badForce.status, 400);
    assert.equal((await h.json("/os-snapshots", { as: "member", json: {} })).status, 400);
    const missing = await h.json("/os-snapshots", {
      as: "member",
      json: { snapshot: { volume_id: "nope" } },
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.itemNotFound.message, "Volume nope could not be found.");

    const del = await h.fetch(`/os-snapshots/${snap.id}`, { as: "member", method: "DELETE" });
    assert.equal(del.status, 202);
    await del.body?.cancel();
    const again = await h.json(`/os-snapshots/${snap.id}`, { as: "member", method: "DELETE" });
    assert.equal(again.status, 404);
    assert.equal(again.body.itemNotFound.message, `Snapshot ${snap.id} could not be found.`);
  } finally {
    await h.close();
  }
});
