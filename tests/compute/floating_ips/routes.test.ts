/**
 * The floating IP proxy over real HTTP (2.1–2.35): Nova's answers over a Neutron with no external
 * network — an empty list, 404 for any id, 404 "Floating IP pool not found." for an allocation —
 * with Nova's policy and body schema, capped from 2.36.
 */
import assert from "node:assert/strict";
import { type Harness, startCompute } from "../../support/compute.ts";
import { assertMatchesSample } from "../../support/samples.ts";

async function withCompute(body: (h: Harness) => Promise<void>) {
  const h = await startCompute();
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

const ID = "7a2b1c3d-0000-4000-8000-000000000001";

Deno.test("os-floating-ips: a reader lists none; show and delete are 404 for any id", async () => {
  await withCompute(async (h) => {
    const list = await h.json("/os-floating-ips", { as: "reader", version: "2.35" });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.body, { floating_ips: [] });
    await assertMatchesSample(list.body, "os-floating-ips/floating-ips-list-empty-resp.json");
    const show = await h.json(`/os-floating-ips/${ID}`, { as: "reader" });
    assert.equal(show.status, 404);
    assert.deepEqual(show.body, {
      itemNotFound: { code: 404, message: `Floating IP not found for ID ${ID}` },
    });
    const del = await h.json("/os-floating-ips/not-a-uuid", { as: "member", method: "DELETE" });
    assert.equal(del.status, 404);
    assert.equal(del.body.itemNotFound.message, "Floating IP not found for ID not-a-uuid");
  });
});

Deno.test("os-floating-ips: allocating finds no pool, named or the default", async () => {
  await withCompute(async (h) => {
    for (const json of [{ pool: "public" }, {}, { pool: null }, null]) {
      const res = await h.json("/os-floating-ips", { as: "member", json });
      assert.equal(res.status, 404, `${JSON.stringify(json)}: ${res.text}`);
      assert.deepEqual(res.body, {
        itemNotFound: { code: 404, message: "Floating IP pool not found." },
      });
    }
    const empty = await h.json("/os-floating-ips", { as: "member", method: "POST" });
    assert.equal(empty.status, 404, empty.text);
  });
});

Deno.test("os-floating-ips: bad bodies are 400, before the policy", async () => {
  await withCompute(async (h) => {
    for (const json of [{ pool: 1 }, "public", [], { pool: ["a"] }]) {
      const res = await h.json("/os-floating-ips", { as: "reader", json });
      assert.equal(res.status, 400, `${JSON.stringify(json)}: ${res.text}`);
    }
    const res = await h.json("/os-floating-ips", { as: "reader", json: { pool: 1 } });
    assert.equal(
      res.body.badRequest.message,
      "Invalid input for field/attribute pool. Value: 1. 1 is not of type 'string', 'null'",
    );
  });
});

Deno.test("os-floating-ips: writes need a member; reads a reader; capped from 2.36", async () => {
  await withCompute(async (h) => {
    const create = await h.json("/os-floating-ips", { as: "reader", json: { pool: "public" } });
    assert.equal(create.status, 403, create.text);
    const del = await h.json(`/os-floating-ips/${ID}`, { as: "reader", method: "DELETE" });
    assert.equal(del.status, 403);
    for (const [method, path] of [["GET", "/os-floating-ips"], ["GET", `/os-floating-ips/${ID}`]]) {
      const res = await h.json(path, { method, version: "2.36" });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    const post = await h.json("/os-floating-ips", { version: "2.36", json: {} });
    assert.equal(post.status, 404);
    assert.notEqual(post.body.itemNotFound.message, "Floating IP pool not found.");
  });
});
