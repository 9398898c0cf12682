/**
 * Extra specs in the domain: merge, delete, Nova's errors, and the 64 KiB KV value limit.
 */
import assert from "node:assert/strict";
import {
  createFlavor,
  deleteFlavorExtraSpec,
  extraSpec,
  FlavorExtraSpecNotFound,
  FlavorNotFound,
  FlavorRecordTooLarge,
  setFlavorExtraSpecs,
} from "../../lib/flavors/mod.ts";
import { getFlavor } from "../../lib/store/flavors.ts";
import { smallFlavor } from "../support/flavor_records.ts";
import { withKv } from "../support/kv.ts";

Deno.test("extra specs merge, delete, and stay within one KV value", async () => {
  await withKv(async (kv) => {
    await createFlavor(kv, smallFlavor("s"));
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

Deno.test("extraSpec reads one spec or raises Nova's FlavorExtraSpecsNotFound", async () => {
  await withKv(async (kv) => {
    const f = await createFlavor(
      kv,
      smallFlavor("s", { extra_specs: { "hw:cpu_policy": "mixed" } }),
    );
    assert.equal(extraSpec(f, "hw:cpu_policy"), "mixed");
    assert.throws(() => extraSpec(f, "nope"), (e: unknown) => {
      assert.ok(e instanceof FlavorExtraSpecNotFound);
      assert.equal(e.kind, "not-found");
      assert.equal(e.message, "Flavor s has no extra specs with key nope.");
      return true;
    });
    // Inherited names are not specs.
    assert.throws(() => extraSpec(f, "toString"), FlavorExtraSpecNotFound);
  });
});
