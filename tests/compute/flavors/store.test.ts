/**
 * The flavor store: atomic create with unique name and id, seeding, description spill, access
 * rows, extra specs and cleanup on delete.
 */
import assert from "node:assert/strict";
import {
  addFlavorAccess,
  CLASSIC_FLAVORS,
  createFlavor,
  deleteFlavor,
  deleteFlavorExtraSpec,
  FlavorAccessExists,
  FlavorAccessNotFound,
  FlavorExtraSpecNotFound,
  FlavorIdExists,
  FlavorNameExists,
  FlavorNotFound,
  FlavorRecordTooLarge,
  getFlavor,
  hasFlavorAccess,
  listAllFlavorAccess,
  listFlavorAccess,
  listFlavors,
  removeFlavorAccess,
  seedClassicFlavors,
  setFlavorExtraSpecs,
  updateFlavorDescription,
} from "../../../lib/store/flavors.ts";

async function withKv(fn: (kv: Deno.Kv) => Promise<void>): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  try {
    await fn(kv);
  } finally {
    kv.close();
  }
}

const small = (flavorid: string, name = `f-${flavorid}`) => ({
  flavorid,
  name,
  memory_mb: 64,
  vcpus: 1,
  root_gb: 0,
});

Deno.test("seedClassicFlavors seeds m1.tiny … m1.xlarge once, and never after a first flavor", async () => {
  await withKv(async (kv) => {
    assert.equal(await seedClassicFlavors(kv), true);
    assert.equal(await seedClassicFlavors(kv), false);
    const all = await listFlavors(kv);
    assert.deepEqual(
      all.map((f) => [f.flavorid, f.name, f.memory_mb, f.vcpus, f.root_gb, f.id]),
      CLASSIC_FLAVORS.map(([id, name, ram, vcpus, disk], i) => [id, name, ram, vcpus, disk, i + 1]),
    );
    // Deleting them all does not bring them back.
    for (const f of all) await deleteFlavor(kv, f.flavorid);
    assert.equal(await seedClassicFlavors(kv), false);
    // The next flavor continues the internal id sequence.
    assert.equal((await createFlavor(kv, small("x"))).id, 6);
  });
  await withKv(async (kv) => {
    await createFlavor(kv, small("mine"));
    assert.equal(await seedClassicFlavors(kv), false);
  });
});

Deno.test("createFlavor applies Nova's defaults and refuses duplicate ids, then names", async () => {
  await withKv(async (kv) => {
    const f = await createFlavor(kv, small("a", "alpha"), new Date("2026-01-02T03:04:05Z"));
    assert.deepEqual(f, {
      id: 1,
      flavorid: "a",
      name: "alpha",
      memory_mb: 64,
      vcpus: 1,
      root_gb: 0,
      ephemeral_gb: 0,
      swap: 0,
      rxtx_factor: 1,
      is_public: true,
      disabled: false,
      description: null,
      extra_specs: {},
      created_at: "2026-01-02T03:04:05.000Z",
      updated_at: null,
    });
    assert.deepEqual(await getFlavor(kv, "a"), f);
    await assert.rejects(createFlavor(kv, small("a", "alpha")), FlavorIdExists);
    await assert.rejects(createFlavor(kv, small("b", "alpha")), FlavorNameExists);
    assert.equal(await getFlavor(kv, "b"), null);
  });
});

Deno.test("concurrent creates of one name: exactly one wins", async () => {
  await withKv(async (kv) => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => createFlavor(kv, small(`id${i}`, "same"))),
    );
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    assert.equal((await listFlavors(kv)).length, 1);
  });
});

Deno.test("descriptions of any length round-trip, and updates stamp updated_at", async () => {
  await withKv(async (kv) => {
    const long = "ü€x".repeat(21845);
    await createFlavor(kv, { ...small("d"), description: long });
    assert.equal((await getFlavor(kv, "d"))!.description, long);
    assert.equal((await listFlavors(kv))[0].description, long);
    const when = new Date("2026-05-06T07:08:09Z");
    const short = await updateFlavorDescription(kv, "d", "short", when);
    assert.equal(short.description, "short");
    assert.equal(short.updated_at, when.toISOString());
    assert.equal((await getFlavor(kv, "d"))!.description, "short");
    // No description parts are left behind.
    const parts = async () => {
      const out: Deno.KvKey[] = [];
      for await (const e of kv.list({ prefix: ["flavors", "description"] })) out.push(e.key);
      return out.length;
    };
    assert.equal(await parts(), 0);
    await updateFlavorDescription(kv, "d", long);
    assert.equal(await parts(), 5);
    await deleteFlavor(kv, "d");
    assert.equal(await parts(), 0);
    await assert.rejects(updateFlavorDescription(kv, "d", "x"), FlavorNotFound);
  });
});

Deno.test("access rows: add, list, remove, errors name the internal id", async () => {
  await withKv(async (kv) => {
    await createFlavor(kv, { ...small("p"), is_public: false });
    assert.deepEqual(await addFlavorAccess(kv, "p", "proj-b"), ["proj-b"]);
    assert.deepEqual(await addFlavorAccess(kv, "p", "proj-a"), ["proj-a", "proj-b"]);
    assert.equal(await hasFlavorAccess(kv, "p", "proj-a"), true);
    assert.deepEqual(await listAllFlavorAccess(kv), new Map([["p", ["proj-a", "proj-b"]]]));
    await assert.rejects(addFlavorAccess(kv, "p", "proj-a"), (e: Error) => {
      assert.ok(e instanceof FlavorAccessExists);
      assert.equal(
        e.message,
        "Flavor access already exists for flavor 1 and project proj-a combination.",
      );
      return true;
    });
    assert.deepEqual(await removeFlavorAccess(kv, "p", "proj-a"), ["proj-b"]);
    await assert.rejects(removeFlavorAccess(kv, "p", "proj-a"), FlavorAccessNotFound);
    await assert.rejects(addFlavorAccess(kv, "nope", "proj-a"), FlavorNotFound);
    await deleteFlavor(kv, "p");
    assert.deepEqual(await listFlavorAccess(kv, "p"), []);
    assert.equal(await getFlavor(kv, "p"), null);
    // The name is free again.
    await createFlavor(kv, small("p2", "f-p"));
  });
});

Deno.test("extra specs merge, delete, and stay within one KV value", async () => {
  await withKv(async (kv) => {
    await createFlavor(kv, small("s"));
    await setFlavorExtraSpecs(kv, "s", { a: "1", b: "2" });
    const merged = await setFlavorExtraSpecs(kv, "s", { b: "3", c: "4" });
    assert.deepEqual(merged.extra_specs, { a: "1", b: "3", c: "4" });
    assert.deepEqual((await deleteFlavorExtraSpec(kv, "s", "a")).extra_specs, { b: "3", c: "4" });
    await assert.rejects(deleteFlavorExtraSpec(kv, "s", "a"), FlavorExtraSpecNotFound);
    await assert.rejects(setFlavorExtraSpecs(kv, "nope", { a: "1" }), FlavorNotFound);

    const huge: Record<string, string> = {};
    for (let i = 0; i < 200; i++) huge[`k${i}`.padEnd(255, "k")] = "€".repeat(255);
    await assert.rejects(setFlavorExtraSpecs(kv, "s", huge), FlavorRecordTooLarge);
    assert.deepEqual((await getFlavor(kv, "s"))!.extra_specs, { b: "3", c: "4" });
  });
});
