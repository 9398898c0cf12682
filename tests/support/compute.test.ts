import assert from "node:assert/strict";
import { KEYPAIR_ROUTES } from "../../lib/compute/keypairs/controller.ts";
import { faultMessage, read, startCompute, startFlavors } from "./compute.ts";

Deno.test("router form: personas carry roles, paths are under /v2.1, flavors seeded on request", async () => {
  const bare = await startCompute({ routes: KEYPAIR_ROUTES });
  try {
    assert.equal(bare.base, bare.origin + "/v2.1");
    const mine = await bare.json("/os-keypairs", { as: "reader" });
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body, { keypairs: [] });
    // Only the keypair rows are served.
    assert.equal((await bare.json("/flavors")).status, 404);
  } finally {
    await bare.close();
  }
  const h = await startFlavors();
  try {
    const list = await h.json("/flavors");
    assert.deepEqual(list.body.flavors.map((f: { id: string }) => f.id), ["1", "2", "3", "4", "5"]);
    // A reader may not create flavors; the admin persona may.
    const body = { flavor: { name: "x", ram: 1, vcpus: 1, disk: 1, id: "x" } };
    const denied = await h.json("/flavors", { as: "reader", json: body });
    assert.equal(denied.status, 403);
    assert.match(
      faultMessage(denied.body),
      /^Policy doesn't allow os_compute_api:os-flavor-manage:create/,
    );
    assert.equal((await h.json("/flavors", { json: body })).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("paste form: the whole pipeline, noauth2 tokens from personas or given", async () => {
  const p = await startCompute({ pipeline: "paste", config: { api: { max_limit: 2 } } });
  try {
    assert.equal(p.base, p.origin);
    const root = await read(await p.fetch("/", { token: null }));
    assert.equal(root.status, 200);
    assert.ok(root.body.versions);
    // No token: noauth2's handshake (204 and the management URL), as Nova's.
    const none = await p.json("/v2.1/flavors", { token: null });
    assert.equal(none.status, 204);
    assert.ok(none.headers.get("x-server-management-url"));
    // config became OS_API__MAX_LIMIT; the classic flavors are seeded.
    const paged = await p.json("/v2.1/flavors");
    assert.equal(paged.body.flavors.length, 2);
    // A persona sends user:project; noauth2 makes only "admin" an admin.
    const denied = await p.json("/v2.1/flavors", {
      as: "member",
      json: { flavor: { name: "x", ram: 1, vcpus: 1, disk: 1 } },
    });
    assert.equal(denied.status, 403);
    const mine = await p.json("/v2.1/os-keypairs", { as: "other", version: "2.10" });
    assert.equal(mine.status, 200);
    assert.ok(p.logs.some((line) => line.includes("noauth2")));
  } finally {
    await p.close();
  }
});

Deno.test("options that a form ignores are refused", async () => {
  await assert.rejects(startCompute({ pipeline: "paste", policy: {} }), /policy has no effect/);
  await assert.rejects(startCompute({ env: {} }), /env has no effect/);
  const h = await startCompute({ routes: [] });
  try {
    await assert.rejects(h.fetch("/", { token: "a:b" }), /token needs the paste form/);
  } finally {
    await h.close();
  }
});
