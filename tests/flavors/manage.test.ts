/**
 * The flavor domain's create, describe, delete and seed: atomic create with unique name and id,
 * Nova's defaults, seeding once, description spill and cleanup on delete.
 */
import assert from "node:assert/strict";
import {
  CLASSIC_FLAVORS,
  createFlavor,
  deleteFlavor,
  FlavorIdExists,
  FlavorNameExists,
  FlavorNotFound,
  seedClassicFlavors,
  updateFlavorDescription,
} from "../../lib/flavors/mod.ts";
import { getFlavor, readAllFlavors } from "../../lib/store/flavors.ts";
import { smallFlavor } from "../support/flavor_records.ts";
import { withKv } from "../support/kv.ts";

Deno.test("seedClassicFlavors seeds m1.tiny … m1.xlarge once, and never after a first flavor", async () => {
  await withKv(async (kv) => {
    assert.equal(await seedClassicFlavors(kv), true);
    assert.equal(await seedClassicFlavors(kv), false);
    const all = await readAllFlavors(kv);
    assert.deepEqual(
      all.map((f) => [f.flavorid, f.name, f.memory_mb, f.vcpus, f.root_gb, f.id]),
      CLASSIC_FLAVORS.map(([id, name, ram, vcpus, disk], i) => [id, name, ram, vcpus, disk, i + 1]),
    );
    // Deleting them all does not bring them back.
    for (const f of all) await deleteFlavor(kv, f.flavorid);
    assert.equal(await seedClassicFlavors(kv), false);
    // The next flavor continues the internal id sequence.
    assert.equal((await createFlavor(kv, smallFlavor("x"))).id, 6);
  });
  await withKv(async (kv) => {
    await createFlavor(kv, smallFlavor("mine"));
    assert.equal(await seedClassicFlavors(kv), false);
  });
});

Deno.test("createFlavor applies Nova's defaults and refuses duplicate ids, then names", async () => {
  await withKv(async (kv) => {
    const f = await createFlavor(
      kv,
      smallFlavor("a", { name: "alpha" }),
      new Date("2026-01-02T03:04:05Z"),
    );
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
    await assert.rejects(createFlavor(kv, smallFlavor("a", { name: "alpha" })), FlavorIdExists);
    await assert.rejects(createFlavor(kv, smallFlavor("b", { name: "alpha" })), FlavorNameExists);
    assert.equal(await getFlavor(kv, "b"), null);
  });
});

Deno.test("concurrent creates of one name: exactly one wins", async () => {
  await withKv(async (kv) => {
    const results = await Promise.allSettled(
      Array.from(
        { length: 8 },
        (_, i) => createFlavor(kv, smallFlavor(`id${i}`, { name: "same" })),
      ),
    );
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    assert.equal((await readAllFlavors(kv)).length, 1);
  });
});

Deno.test("descriptions of any length round-trip, and updates stamp updated_at", async () => {
  await withKv(async (kv) => {
    const long = "ü€x".repeat(21845);
    await createFlavor(kv, smallFlavor("d", { description: long }));
    assert.equal((await getFlavor(kv, "d"))!.description, long);
    assert.equal((await readAllFlavors(kv))[0].description, long);
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
