/**
 * The Cinder v3 subset over real HTTP, through the paste pipeline (noauth2): the version
 * documents, volumes and snapshots with and without the project id in the path, Cinder's views
 * and faults, name filters and `all_tenants` for admins, microversions, the default type, and the
 * quota set and limits that `openstack quota show` and `limits show` ask for.
 */
import assert from "node:assert/strict";
import { startCompute } from "../support/compute.ts";
import { readVolume, updateVolume } from "../../lib/store/volumes.ts";
import { transact } from "../../lib/store/transaction.ts";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";
import { cinderApp } from "../../lib/cinder/app.ts";
import { environ } from "../../lib/http/environ.ts";

const DEMO = { token: "demo:demo" };
const OTHER = { token: "alt:alt" };
const ADMIN = { token: "admin:admin" };

Deno.test("cinder: version documents at /volume and /volume/v3", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const root = await h.json("/volume", { token: null });
    assert.equal(root.status, 300);
    const [v3] = root.body.versions;
    assert.equal(v3.id, "v3.0");
    assert.equal(v3.status, "CURRENT");
    assert.equal(v3.min_version, "3.0");
    assert.equal(v3.version, "3.71");
    assert.deepEqual(v3.links[1], { rel: "self", href: `${h.origin}/volume/v3/` });
    const versioned = await h.json("/volume/v3/", DEMO);
    assert.equal(versioned.status, 200);
    assert.deepEqual(versioned.body, root.body);
    assert.equal((await h.json("/volume/v9", { token: null })).status, 404);
    // Behind the auth filters: noauth2 answers a request without a token itself.
    assert.equal((await h.json("/volume/v3/volumes", { token: null })).status, 204);
  } finally {
    await h.close();
  }
});

Deno.test("cinder: create, show, list, update and delete a volume, with and without the project in the path", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const made = await h.json("/volume/v3/demo/volumes", {
      ...DEMO,
      json: { volume: { size: 1, name: "v1", description: "first", metadata: { a: "b" } } },
    });
    assert.equal(made.status, 202, made.text);
    assert.equal(made.headers.get("openstack-api-version"), "volume 3.0");
    const vol = made.body.volume;
    assert.equal(vol.status, "creating");
    assert.equal(vol.name, "v1");
    assert.equal(vol.description, "first");
    assert.equal(vol.size, 1);
    assert.equal(vol.bootable, "false");
    assert.equal(vol.volume_type, "__DEFAULT__");
    assert.equal(vol.availability_zone, "nova");
    // Cinder's extensions add their attributes to show and detail only, not to a create's answer
    // (Tempest's create_volume schema refuses them).
    assert.ok(!("os-vol-tenant-attr:tenant_id" in vol), "not in a create's answer");
    assert.equal(vol.user_id, "demo");
    assert.deepEqual(vol.attachments, []);
    assert.deepEqual(vol.metadata, { a: "b" });
    assert.ok(!("os-vol-host-attr:host" in vol), "admins only");
    assert.deepEqual(vol.links[0], {
      href: `${h.origin}/volume/v3/demo/volumes/${vol.id}`,
      rel: "self",
    });

    for (const path of [`/volume/v3/demo/volumes/${vol.id}`, `/volume/v3/volumes/${vol.id}`]) {
      const shown = await h.json(path, DEMO);
      assert.equal(shown.status, 200, shown.text);
      assert.equal(shown.body.volume.status, "available");
      assert.equal(shown.body.volume.id, vol.id);
      assert.equal(shown.body.volume["os-vol-tenant-attr:tenant_id"], "demo");
    }
    const list = await h.json("/volume/v3/volumes", DEMO);
    assert.deepEqual(list.body, {
      volumes: [{ id: vol.id, links: vol.links, name: "v1" }],
    });
    const detail = await h.json("/volume/v3/demo/volumes/detail?name=v1", DEMO);
    assert.equal(detail.body.volumes.length, 1);
    assert.equal(detail.body.volumes[0].status, "available");
    assert.deepEqual((await h.json("/volume/v3/volumes/detail?name=v2", DEMO)).body, {
      volumes: [],
    });

    const renamed = await h.json(`/volume/v3/volumes/${vol.id}`, {
      ...DEMO,
      method: "PUT",
      json: { volume: { name: "v2", metadata: { c: "d" } } },
    });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.volume.name, "v2");
    assert.deepEqual(renamed.body.volume.metadata, { c: "d" });
    assert.equal(renamed.body.volume.description, "first");
    assert.ok(renamed.body.volume.updated_at);
    assert.ok(!("os-vol-tenant-attr:tenant_id" in renamed.body.volume), "not in an update's");

    // Another project neither sees nor deletes it; a path naming another project is malformed.
    assert.deepEqual((await h.json("/volume/v3/volumes/detail", OTHER)).body, { volumes: [] });
    const theirs = await h.json(`/volume/v3/volumes/${vol.id}`, OTHER);
    assert.equal(theirs.status, 404);
    assert.deepEqual(theirs.body, {
      itemNotFound: { code: 404, message: `Volume ${vol.id} could not be found.` },
    });
    const wrongPath = await h.json(`/volume/v3/demo/volumes/${vol.id}`, OTHER);
    assert.equal(wrongPath.status, 400);
    assert.deepEqual(wrongPath.body, {
      badRequest: { code: 400, message: "Malformed request url" },
    });
    assert.equal(
      (await h.json(`/volume/v3/volumes/${vol.id}`, { ...OTHER, method: "DELETE" })).status,
      404,
    );

    const del = await h.fetch(`/volume/v3/volumes/${vol.id}`, { ...DEMO, method: "DELETE" });
    assert.equal(del.status, 202);
    await del.body?.cancel();
    assert.equal((await h.json(`/volume/v3/volumes/${vol.id}`, DEMO)).status, 404);
  } finally {
    await h.close();
  }
});

Deno.test("cinder: admins see every project's volumes with all_tenants, and the host", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    for (const [who, name] of [[DEMO, "mine"], [OTHER, "theirs"], [ADMIN, "admins"]] as const) {
      const r = await h.json("/volume/v3/volumes", { ...who, json: { volume: { size: 1, name } } });
      assert.equal(r.status, 202, r.text);
    }
    const names = async (path: string, who: { token: string }) =>
      (await h.json(path, who)).body.volumes.map((v: { name: string }) => v.name).sort();
    assert.deepEqual(await names("/volume/v3/volumes", ADMIN), ["admins"]);
    assert.deepEqual(await names("/volume/v3/volumes?all_tenants=1", ADMIN), [
      "admins",
      "mine",
      "theirs",
    ]);
    assert.deepEqual(await names("/volume/v3/volumes?all_tenants=1&project_id=alt", ADMIN), [
      "theirs",
    ]);
    // cinderclient's find sends all_tenants=1 for anyone: a member still gets its own.
    assert.deepEqual(await names("/volume/v3/volumes?all_tenants=1&name=theirs", DEMO), []);
    assert.deepEqual(await names("/volume/v3/volumes?all_tenants=1&name=mine", DEMO), ["mine"]);
    const detail = await h.json("/volume/v3/volumes/detail?all_tenants=1&name=mine", ADMIN);
    const mine = detail.body.volumes[0];
    assert.equal(mine["os-vol-tenant-attr:tenant_id"], "demo");
    assert.equal(mine["os-vol-host-attr:host"], "nova-deno@simulated#simulated");
    // An admin reads and deletes another project's volume by id.
    assert.equal((await h.json(`/volume/v3/volumes/${mine.id}`, ADMIN)).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("cinder: sorting, limit and marker, filters", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const ids: string[] = [];
    for (const [name, size] of [["a", 3], ["b", 1], ["c", 2]] as const) {
      const r = await h.json("/volume/v3/volumes", { ...DEMO, json: { volume: { size, name } } });
      ids.push(r.body.volume.id);
      // The default order is newest first by created_at (milliseconds here): keep them apart.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const names = async (query: string) => {
      const r = await h.json(`/volume/v3/volumes/detail${query}`, DEMO);
      assert.equal(r.status, 200, r.text);
      return r.body.volumes.map((v: { name: string }) => v.name);
    };
    assert.deepEqual(await names(""), ["c", "b", "a"]);
    assert.deepEqual(await names("?sort=size:asc"), ["b", "c", "a"]);
    assert.deepEqual(await names("?sort_key=name&sort_dir=asc"), ["a", "b", "c"]);
    assert.deepEqual(await names("?size=2"), ["c"]);
    assert.deepEqual(await names("?name~=b"), ["b"]);
    assert.deepEqual(await names("?status=available&bootable=false"), ["c", "b", "a"]);
    const first = await h.json("/volume/v3/volumes?limit=2", DEMO);
    assert.equal(first.body.volumes.length, 2);
    const next = first.body.volumes_links[0];
    assert.equal(next.rel, "next");
    const url = new URL(next.href);
    assert.equal(url.pathname, "/volume/v3/volumes");
    assert.equal(url.searchParams.get("marker"), ids[1]);
    assert.deepEqual(await names(`?marker=${ids[1]}`), ["a"]);
    const bad = [
      ["?limit=x", 400, "limit param must be an integer"],
      ["?limit=-1", 400, "limit param must be positive"],
      ["?sort=colour", 400, "Invalid input received: Invalid sort key colour"],
      ["?marker=nope", 404, "Marker nope could not be found."],
    ] as const;
    for (const [query, status, message] of bad) {
      const r = await h.json(`/volume/v3/volumes${query}`, DEMO);
      assert.equal(r.status, status, query);
      assert.equal(
        Object.values(r.body as Record<string, { message: string }>)[0].message,
        message,
      );
    }
    const count = await h.json("/volume/v3/volumes?with_count=true&limit=1", {
      ...DEMO,
      headers: { "OpenStack-API-Version": "volume 3.45" },
    });
    assert.equal(count.body.count, 3);
  } finally {
    await h.close();
  }
});

Deno.test("cinder: bad requests are Cinder's 400s and 404s, never 500s", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const post = (body: unknown) => h.json("/volume/v3/volumes", { ...DEMO, json: body });
    const cases: [unknown, number, RegExp][] = [
      [{}, 400, /'volume' is a required property/],
      [{ volume: { size: "x" } }, 400, /Invalid input for field\/attribute size/],
      [{ volume: { size: 0 } }, 400, /less than the minimum of 1/],
      [{ volume: {} }, 400, /^Invalid input received: Invalid volume size provided/],
      [{ volume: { size: 1, availability_zone: "mars" } }, 400, /Availability zone 'mars'/],
      [{ volume: { size: 1, volume_type: "gold" } }, 404, /Volume type with name gold/],
      [{ volume: { size: 1, snapshot_id: "not-a-uuid" } }, 400, /snapshot_id/],
      [{ volume: { size: 1, multiattach: true } }, 400, /multiattach parameter has been removed/],
      [{ volume: { size: 1, imageRef: "nope" } }, 400, /Invalid image identifier/],
      [{ volume: { size: 1, metadata: { k: 1 } } }, 400, /Invalid input for field/],
    ];
    for (const [body, status, message] of cases) {
      const r = await post(body);
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
      const fault = Object.values(r.body as Record<string, { message: string }>)[0];
      assert.match(fault.message, message, r.text);
    }
    const malformed = await h.json("/volume/v3/volumes", {
      ...DEMO,
      method: "POST",
      body: "{oops",
      headers: { "content-type": "application/json" },
    });
    assert.equal(malformed.status, 400);
    const ghost = "0c5e8b6a-1111-4222-8333-444455556666";
    const fromGhost = await post({ volume: { size: 1, snapshot_id: ghost } });
    assert.equal(fromGhost.status, 404);
    assert.equal(fromGhost.body.itemNotFound.message, `Snapshot ${ghost} could not be found.`);
    const badVersion = await h.json("/volume/v3/volumes", {
      ...DEMO,
      headers: { "OpenStack-API-Version": "volume 3.99" },
    });
    assert.equal(badVersion.status, 406);
    const garbled = await h.json("/volume/v3/volumes", {
      ...DEMO,
      headers: { "OpenStack-API-Version": "volume three" },
    });
    assert.equal(garbled.status, 400);
    assert.equal((await h.json("/volume/v3/volumes/x/y", DEMO)).status, 404);
    assert.equal((await h.json("/volume/v3/backups", DEMO)).status, 404);
    const update = await h.json(`/volume/v3/volumes/${ghost}`, {
      ...DEMO,
      method: "PUT",
      json: { volume: { size: 2 } },
    });
    assert.equal(update.status, 400);
  } finally {
    await h.close();
  }
});

Deno.test("cinder: an image volume is bootable; a volume from a volume or a snapshot inherits", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const boot = await h.json("/volume/v3/volumes", {
      ...DEMO,
      headers: { "OpenStack-API-Version": "volume latest" },
      json: { volume: { size: 1, imageRef: CIRROS_IMAGE_ID, name: "boot" } },
    });
    assert.equal(boot.status, 202, boot.text);
    assert.equal(boot.headers.get("openstack-api-version"), "volume 3.71");
    assert.equal(boot.body.volume.bootable, "true");
    assert.ok(!("volume_image_metadata" in boot.body.volume), "show and detail only");
    const bootShown = await h.json(`/volume/v3/volumes/${boot.body.volume.id}`, DEMO);
    assert.deepEqual(bootShown.body.volume.volume_image_metadata, { image_id: CIRROS_IMAGE_ID });
    assert.equal(boot.body.volume.consumes_quota, true);
    assert.match(boot.body.volume.volume_type_id, /^[0-9a-f-]{36}$/);
    const clone = await h.json("/volume/v3/volumes", {
      ...DEMO,
      json: { volume: { source_volid: boot.body.volume.id } },
    });
    assert.equal(clone.status, 202, clone.text);
    assert.equal(clone.body.volume.size, 1);
    assert.equal(clone.body.volume.bootable, "true");
    assert.equal(clone.body.volume.source_volid, boot.body.volume.id);
  } finally {
    await h.close();
  }
});

Deno.test("cinder: snapshots, and a volume that is attached or has snapshots is not deleted", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const vol = (await h.json("/volume/v3/volumes", {
      ...DEMO,
      json: { volume: { size: 2, name: "base" } },
    })).body.volume;
    const made = await h.json("/volume/v3/snapshots", {
      ...DEMO,
      json: { snapshot: { volume_id: vol.id, name: "s1", metadata: { x: "y" } } },
    });
    assert.equal(made.status, 202, made.text);
    const snap = made.body.snapshot;
    assert.equal(snap.status, "creating");
    assert.equal(snap.size, 2);
    assert.equal(snap["os-extended-snapshot-attributes:project_id"], "demo");
    const shown = await h.json(`/volume/v3/snapshots/${snap.id}`, DEMO);
    assert.equal(shown.body.snapshot.status, "available");
    assert.equal(shown.body.snapshot["os-extended-snapshot-attributes:progress"], "100%");
    const list = await h.json("/volume/v3/snapshots?name=s1", DEMO);
    assert.deepEqual(list.body.snapshots.map((s: { id: string }) => s.id), [snap.id]);
    assert.ok(!("os-extended-snapshot-attributes:progress" in list.body.snapshots[0]));
    assert.equal((await h.json("/volume/v3/snapshots/detail", DEMO)).body.snapshots.length, 1);
    assert.deepEqual((await h.json("/volume/v3/snapshots", OTHER)).body, { snapshots: [] });
    const renamed = await h.json(`/volume/v3/snapshots/${snap.id}`, {
      ...DEMO,
      method: "PUT",
      json: { snapshot: { name: "s2" } },
    });
    assert.equal(renamed.body.snapshot.name, "s2");

    const fromSnap = await h.json("/volume/v3/volumes", {
      ...DEMO,
      json: { volume: { snapshot_id: snap.id } },
    });
    assert.equal(fromSnap.status, 202, fromSnap.text);
    assert.equal(fromSnap.body.volume.size, 2);

    const held = await h.json(`/volume/v3/volumes/${vol.id}`, { ...DEMO, method: "DELETE" });
    assert.equal(held.status, 400);
    assert.equal(
      held.body.badRequest.message,
      "Invalid volume: Volume status must be available or error or error_restoring or " +
        "error_extending or error_managing and must not be migrating, attached, belong to a " +
        "group, have snapshots, awaiting a transfer, or be disassociated from snapshots after " +
        "volume transfer.",
    );
    const del = await h.fetch(`/volume/v3/snapshots/${snap.id}`, { ...DEMO, method: "DELETE" });
    assert.equal(del.status, 202);
    await del.body?.cancel();
    assert.equal((await h.json(`/volume/v3/snapshots/${snap.id}`, DEMO)).status, 404);

    await transact(h.kv, async (tx) => {
      const v = (await readVolume(tx, vol.id))!;
      updateVolume(tx, {
        ...v,
        status: "in-use",
        attachments: [{
          attachment_id: "a1",
          server_id: "srv-1",
          host_name: "compute-1",
          device: "/dev/vdb",
          attached_at: "2026-01-02T03:04:05.000Z",
        }],
      });
    });
    const attached = (await h.json(`/volume/v3/volumes/${vol.id}`, DEMO)).body.volume;
    assert.deepEqual(attached.attachments, [{
      server_id: "srv-1",
      attachment_id: "a1",
      attached_at: "2026-01-02T03:04:05.000000",
      host_name: "compute-1",
      volume_id: vol.id,
      device: "/dev/vdb",
      id: vol.id,
    }]);
    const inUse = await h.json(`/volume/v3/volumes/${vol.id}`, { ...DEMO, method: "DELETE" });
    assert.equal(inUse.status, 400);
    const unforced = await h.json("/volume/v3/snapshots", {
      ...DEMO,
      json: { snapshot: { volume_id: vol.id } },
    });
    assert.equal(unforced.status, 400);
    assert.equal(
      unforced.body.badRequest.message,
      `Invalid volume: Volume ${vol.id} status must be available, but current status is: in-use.`,
    );
    const forced = await h.json("/volume/v3/snapshots", {
      ...DEMO,
      json: { snapshot: { volume_id: vol.id, force: true } },
    });
    assert.equal(forced.status, 202, forced.text);
  } finally {
    await h.close();
  }
});

Deno.test("cinder: a reader may read but not write (Cinder's member rules)", async () => {
  // noauth2 makes every user a member, so this serves the app behind a context of one's choosing.
  const kv = await Deno.openKv(":memory:");
  const app = cinderApp({ kv: () => Promise.resolve(kv) });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const env = environ(request);
    env.scriptName = "/volume/v3";
    env.pathInfo = env.pathInfo.replace(/^\/volume\/v3/, "");
    const roles = (request.headers.get("x-roles") ?? "").split(",");
    env.context = {
      userId: "u",
      projectId: "p",
      roles,
      isAdmin: roles.includes("admin"),
      requestId: "req-1",
    };
    return app(request);
  });
  const base = `http://127.0.0.1:${server.addr.port}/volume/v3`;
  const call = async (roles: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { "x-roles": roles, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  try {
    const denied = await call("reader", "POST", "/volumes", { volume: { size: 1 } });
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.body, {
      forbidden: { code: 403, message: "Policy doesn't allow volume:create to be performed." },
    });
    const made = await call("member,reader", "POST", "/volumes", { volume: { size: 1 } });
    assert.equal(made.status, 202);
    const id = made.body.volume.id;
    assert.equal((await call("reader", "GET", `/volumes/${id}`)).status, 200);
    assert.equal((await call("reader", "GET", "/volumes/detail")).body.volumes.length, 1);
    assert.equal(
      (await call("reader", "PUT", `/volumes/${id}`, { volume: { name: "x" } })).status,
      403,
    );
    assert.equal((await call("reader", "DELETE", `/volumes/${id}`)).status, 403);
    const snap = await call("reader", "POST", "/snapshots", { snapshot: { volume_id: id } });
    assert.equal(snap.status, 403);
    assert.equal((await call("member", "DELETE", `/volumes/${id}`)).status, 202);
  } finally {
    await server.shutdown();
    kv.close();
  }
});

Deno.test("cinder: types, quota sets, limits, availability zones and extensions", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const types = await h.json("/volume/v3/types", DEMO);
    assert.equal(types.body.volume_types.length, 1);
    const [type] = types.body.volume_types;
    assert.equal(type.name, "__DEFAULT__");
    assert.equal(type.is_public, true);
    assert.ok(!("extra_specs" in type));
    assert.deepEqual(
      (await h.json("/volume/v3/types", ADMIN)).body.volume_types[0].extra_specs,
      {},
    );
    assert.equal((await h.json(`/volume/v3/types/${type.id}`, DEMO)).body.volume_type.id, type.id);
    assert.equal((await h.json("/volume/v3/types/default", DEMO)).body.volume_type.id, type.id);
    const missing = await h.json("/volume/v3/types/gold", DEMO);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.itemNotFound.message, "Volume type gold could not be found.");

    await h.json("/volume/v3/volumes", { ...DEMO, json: { volume: { size: 4 } } });
    const quota = await h.json("/volume/v3/demo/os-quota-sets/demo?usage=False", DEMO);
    assert.equal(quota.status, 200, quota.text);
    assert.equal(quota.body.quota_set.id, "demo");
    assert.equal(quota.body.quota_set.volumes, 10);
    assert.equal(quota.body.quota_set.gigabytes, 1000);
    const usage = await h.json("/volume/v3/os-quota-sets/demo?usage=True", DEMO);
    assert.deepEqual(usage.body.quota_set.gigabytes, {
      limit: 1000,
      in_use: 4,
      reserved: 0,
      allocated: 0,
    });
    const defaults = await h.json("/volume/v3/os-quota-sets/demo/defaults", DEMO);
    assert.equal(defaults.body.quota_set.snapshots, 10);
    const foreign = await h.json("/volume/v3/os-quota-sets/alt", DEMO);
    assert.equal(foreign.status, 403);
    assert.equal((await h.json("/volume/v3/os-quota-sets/alt", ADMIN)).status, 200);
    const limits = await h.json("/volume/v3/limits", DEMO);
    assert.equal(limits.body.limits.absolute.totalVolumesUsed, 1);
    assert.equal(limits.body.limits.absolute.totalGigabytesUsed, 4);
    assert.equal(limits.body.limits.absolute.maxTotalVolumes, 10);
    const zones = await h.json("/volume/v3/os-availability-zone", DEMO);
    assert.deepEqual(zones.body, {
      availabilityZoneInfo: [{ zoneName: "nova", zoneState: { available: true } }],
    });
    assert.deepEqual((await h.json("/volume/v3/extensions", DEMO)).body, { extensions: [] });
  } finally {
    await h.close();
  }
});

Deno.test("cinder: os-set_bootable marks a volume bootable or not; other actions are 400s", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const made = await h.json("/volume/v3/volumes", { ...DEMO, json: { volume: { size: 1 } } });
    const id = made.body.volume.id;
    const act = (body: unknown, who = DEMO) =>
      h.fetch(`/volume/v3/volumes/${id}/action`, { ...who, method: "POST", json: body });
    const set = await act({ "os-set_bootable": { bootable: true } });
    assert.equal(set.status, 200);
    assert.equal(await set.text(), "");
    assert.equal((await h.json(`/volume/v3/volumes/${id}`, DEMO)).body.volume.bootable, "true");
    const unset = await act({ "os-set_bootable": { bootable: "False" } });
    assert.equal(unset.status, 200);
    await unset.body?.cancel();
    assert.equal((await h.json(`/volume/v3/volumes/${id}`, DEMO)).body.volume.bootable, "false");

    for (const bad of [{ "os-set_bootable": {} }, { "os-set_bootable": { bootable: "maybe" } }]) {
      const res = await act(bad);
      assert.equal(res.status, 400);
      await res.body?.cancel();
    }
    const unknown = await act({ "os-frobnicate": {} });
    assert.equal(unknown.status, 400);
    assert.deepEqual(await unknown.json(), {
      badRequest: { code: 400, message: "There is no such action: os-frobnicate" },
    });
    const theirs = await act({ "os-set_bootable": { bootable: true } }, OTHER);
    assert.equal(theirs.status, 404);
    await theirs.body?.cancel();
  } finally {
    await h.close();
  }
});
