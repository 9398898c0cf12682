/**
 * Flavor listing bodies are kept per flavors version and per everything else they depend on:
 * each viewer, query, microversion and route gets its own answer, and a write through another
 * store handle (as another process would make) is seen by the next request.
 */
import assert from "node:assert/strict";
import { startFlavors } from "../../support/compute.ts";
import { addFlavorAccess, createFlavor, deleteFlavor } from "../../../lib/flavors/mod.ts";
import { listingBody } from "../../../lib/compute/flavors/list_cache.ts";
import { privateFlavor } from "./fixtures.ts";

const ids = (body: { flavors: { id: string }[] }) => body.flavors.map((f) => f.id);

async function twoHandles(): Promise<{ a: Deno.Kv; b: Deno.Kv; close(): Promise<void> }> {
  const dir = await Deno.makeTempDir();
  const a = await Deno.openKv(`${dir}/kv.sqlite`);
  const b = await Deno.openKv(`${dir}/kv.sqlite`);
  return {
    a,
    b,
    async close() {
      a.close();
      b.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("flavor listings: a write through another handle is in the next answer", async () => {
  const store = await twoHandles();
  const h = await startFlavors({ kv: store.a, seedFlavors: true });
  try {
    assert.deepEqual(ids((await h.json("/flavors/detail", { as: "member" })).body), [
      "1",
      "2",
      "3",
      "4",
      "5",
    ]);
    assert.deepEqual(ids((await h.json("/flavors", { as: "member" })).body).length, 5);
    await createFlavor(store.b, {
      flavorid: "9",
      name: "from-b",
      memory_mb: 64,
      vcpus: 1,
      root_gb: 0,
    });
    assert.deepEqual(ids((await h.json("/flavors/detail", { as: "member" })).body).at(-1), "9");
    assert.deepEqual(ids((await h.json("/flavors", { as: "member" })).body).at(-1), "9");
    await deleteFlavor(store.b, "9");
    assert.deepEqual(ids((await h.json("/flavors/detail", { as: "member" })).body).at(-1), "5");

    // A private flavor shared with project-a through the other handle: its members see it at once.
    await h.json("/flavors", { method: "POST", json: privateFlavor("p1") });
    assert.ok(!ids((await h.json("/flavors/detail", { as: "member" })).body).includes("p1"));
    await addFlavorAccess(store.b, "p1", "project-a");
    assert.ok(ids((await h.json("/flavors/detail", { as: "member" })).body).includes("p1"));
  } finally {
    await h.close();
    await store.close();
  }
});

Deno.test("flavor listings: each viewer, query, microversion and route has its own body", async () => {
  const h = await startFlavors({ seedFlavors: true });
  try {
    await h.json("/flavors", { method: "POST", json: privateFlavor("p1") });
    await h.json("/flavors/p1/action", {
      method: "POST",
      json: { addTenantAccess: { tenant: "project-a" } },
    });
    // Asked twice each, in turns, so a kept body of one would show up as another's answer.
    for (let round = 0; round < 2; round++) {
      assert.ok(ids((await h.json("/flavors/detail", { as: "member" })).body).includes("p1"));
      assert.ok(!ids((await h.json("/flavors/detail", { as: "other" })).body).includes("p1"));
      assert.deepEqual(ids((await h.json("/flavors/detail?is_public=false")).body), ["p1"]);
      assert.deepEqual(ids((await h.json("/flavors/detail?limit=2")).body), ["1", "2"]);
      const old = (await h.json("/flavors/detail", { version: "2.1" })).body.flavors[0];
      const newer = (await h.json("/flavors/detail", { version: "2.75" })).body.flavors[0];
      assert.equal(old.swap, "");
      assert.equal(newer.swap, 0);
      assert.ok(!("ram" in (await h.json("/flavors", { version: "2.1" })).body.flavors[0]));
    }
  } finally {
    await h.close();
  }
});

Deno.test("listingBody builds again only when the flavors version moves or the key differs", async () => {
  const store = await twoHandles();
  try {
    let builds = 0;
    const build = () => Promise.resolve(new TextEncoder().encode(String(++builds)));
    const text = async (kv: Deno.Kv, key: string) =>
      new TextDecoder().decode(await listingBody(kv, key, build));
    // No flavor write yet: no version, nothing is kept.
    assert.equal(await text(store.a, "k"), "1");
    assert.equal(await text(store.a, "k"), "2");
    await createFlavor(store.b, { flavorid: "1", name: "a", memory_mb: 1, vcpus: 1, root_gb: 0 });
    assert.equal(await text(store.a, "k"), "3");
    assert.equal(await text(store.a, "k"), "3");
    assert.equal(await text(store.a, "other"), "4");
    assert.equal(await text(store.a, "k"), "3");
    await createFlavor(store.b, { flavorid: "2", name: "b", memory_mb: 1, vcpus: 1, root_gb: 0 });
    assert.equal(await text(store.a, "k"), "5");
  } finally {
    await store.close();
  }
});
