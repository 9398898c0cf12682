/**
 * Private-flavor access in the domain: add, list, remove, Nova's errors, cleanup on delete.
 */
import assert from "node:assert/strict";
import {
  addFlavorAccess,
  createFlavor,
  deleteFlavor,
  FlavorAccessExists,
  flavorAccessList,
  FlavorAccessNotFound,
  FlavorNotFound,
  removeFlavorAccess,
} from "../../lib/flavors/mod.ts";
import {
  getFlavor,
  hasFlavorAccess,
  listAllFlavorAccess,
  listFlavorAccess,
} from "../../lib/store/flavors.ts";
import { smallFlavor } from "../support/flavor_records.ts";
import { withKv } from "../support/kv.ts";

Deno.test("access rows: add, list, remove, errors name the internal id", async () => {
  await withKv(async (kv) => {
    await createFlavor(kv, smallFlavor("p", { is_public: false }));
    assert.deepEqual(await addFlavorAccess(kv, "p", "proj-b"), ["proj-b"]);
    assert.deepEqual(await addFlavorAccess(kv, "p", "proj-a"), ["proj-a", "proj-b"]);
    assert.equal(await hasFlavorAccess(kv, "p", "proj-a"), true);
    assert.deepEqual(await flavorAccessList(kv, "p"), ["proj-a", "proj-b"]);
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
    await createFlavor(kv, smallFlavor("p2", { name: "f-p" }));
  });
});
