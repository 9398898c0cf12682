/**
 * Flavor storage primitives: reads outside and inside a transaction, staged writes (record, name
 * index, id sequence, spilled description parts, access rows) and what they leave behind.
 */
import assert from "node:assert/strict";
import {
  accessRowStored,
  anyFlavorStored,
  flavorIdTaken,
  flavorNameTaken,
  type FlavorRecord,
  getFlavor,
  hasFlavorAccess,
  isValueTooLarge,
  lastFlavorId,
  listAllFlavorAccess,
  listFlavorAccess,
  readAllFlavors,
  readFlavor,
  scanFlavors,
  stageAccessRow,
  stageFlavor,
  stageFlavorDelete,
  stageNewFlavor,
} from "../../lib/store/flavors.ts";
import { transact } from "../../lib/store/transaction.ts";
import { flavorRecord } from "../support/flavor_records.ts";
import { withKv } from "../support/kv.ts";

/** The support record with this file's defaults: name `n-<flavorid>`, 64 MiB, no root disk. */
const record = (id: number, flavorid: string, extra: Partial<FlavorRecord> = {}) =>
  flavorRecord(id, flavorid, { name: `n-${flavorid}`, memory_mb: 64, root_gb: 0, ...extra });

async function keyCount(kv: Deno.Kv, prefix: Deno.KvKey): Promise<number> {
  let n = 0;
  for await (const _ of kv.list({ prefix })) n++;
  return n;
}

Deno.test("stageNewFlavor stores record, name and sequence; reads see them", async () => {
  await withKv(async (kv) => {
    assert.equal(await transact(kv, (tx) => lastFlavorId(tx)), null);
    assert.equal(await transact(kv, (tx) => anyFlavorStored(tx)), false);
    await transact(kv, (tx) => stageNewFlavor(tx, record(7, "b")));
    await transact(kv, (tx) => stageNewFlavor(tx, record(8, "a")));
    assert.equal(await transact(kv, (tx) => lastFlavorId(tx)), 8);
    assert.equal(await transact(kv, (tx) => anyFlavorStored(tx)), true);
    assert.equal(await transact(kv, (tx) => flavorIdTaken(tx, "a")), true);
    assert.equal(await transact(kv, (tx) => flavorIdTaken(tx, "z")), false);
    assert.equal(await transact(kv, (tx) => flavorNameTaken(tx, "n-b")), true);
    assert.equal(await transact(kv, (tx) => flavorNameTaken(tx, "n-z")), false);
    assert.deepEqual(await getFlavor(kv, "b"), record(7, "b"));
    assert.equal(await getFlavor(kv, "z"), null);
    assert.deepEqual((await readAllFlavors(kv)).map((f) => f.flavorid), ["a", "b"]);
    assert.equal(await transact(kv, (tx) => readFlavor(tx, "z")), null);
    assert.deepEqual((await transact(kv, (tx) => readFlavor(tx, "a")))!.record, record(8, "a"));
  });
});

Deno.test("stageNewFlavor with assertFree refuses a taken id or name at commit", async () => {
  await withKv(async (kv) => {
    await transact(kv, (tx) => stageNewFlavor(tx, record(1, "a")));
    // The commit check never passes, so transact gives up after its attempts.
    await assert.rejects(
      transact(
        kv,
        (tx) => stageNewFlavor(tx, record(2, "a", { name: "other" }), { assertFree: true }),
        2,
      ),
    );
    await assert.rejects(
      transact(
        kv,
        (tx) => stageNewFlavor(tx, record(2, "x", { name: "n-a" }), { assertFree: true }),
        2,
      ),
    );
    assert.deepEqual((await readAllFlavors(kv)).map((f) => f.flavorid), ["a"]);
  });
});

Deno.test("long descriptions spill into parts and are read back whole everywhere", async () => {
  await withKv(async (kv) => {
    const long = "ü€x".repeat(21845);
    await transact(kv, (tx) => stageNewFlavor(tx, record(1, "d", { description: long })));
    assert.equal(await keyCount(kv, ["flavors", "description"]), 5);
    assert.equal((await getFlavor(kv, "d"))!.description, long);
    assert.equal((await readAllFlavors(kv))[0].description, long);
    const scanned: FlavorRecord[] = [];
    for await (const f of scanFlavors(kv)) scanned.push(f);
    assert.equal(scanned[0].description, long);
    const row = (await transact(kv, (tx) => readFlavor(tx, "d")))!;
    assert.equal(row.record.description, long);
    assert.equal(row.stored.description_parts, 5);
    // Rewriting with a short description drops the parts.
    await transact(kv, async (tx) => {
      const r = (await readFlavor(tx, "d"))!;
      stageFlavor(tx, { ...r.record, description: "short" }, r);
    });
    assert.equal(await keyCount(kv, ["flavors", "description"]), 0);
    assert.equal((await getFlavor(kv, "d"))!.description, "short");
  });
});

Deno.test("scanFlavors walks key order after a marker, in batches", async () => {
  await withKv(async (kv) => {
    for (const [i, id] of ["c", "a", "e", "b", "d"].entries()) {
      await transact(kv, (tx) => stageNewFlavor(tx, record(i + 1, id)));
    }
    const scan = async (after?: string, batch?: number) => {
      const out: string[] = [];
      for await (const f of scanFlavors(kv, after, batch)) out.push(f.flavorid);
      return out;
    };
    assert.deepEqual(await scan(), ["a", "b", "c", "d", "e"]);
    assert.deepEqual(await scan("b", 1), ["c", "d", "e"]);
    // A marker that is not stored starts after where it would sit.
    assert.deepEqual(await scan("bb", 2), ["c", "d", "e"]);
  });
});

Deno.test("access rows: staged, listed, and removed with the flavor", async () => {
  await withKv(async (kv) => {
    await transact(kv, (tx) => stageNewFlavor(tx, record(1, "p", { is_public: false })));
    for (const project of ["proj-b", "proj-a"]) {
      await transact(kv, async (tx) => {
        const row = (await readFlavor(tx, "p"))!;
        assert.equal(await accessRowStored(tx, "p", project), false);
        stageAccessRow(tx, row, project, true);
      });
    }
    assert.equal(await transact(kv, (tx) => accessRowStored(tx, "p", "proj-a")), true);
    assert.deepEqual(await listFlavorAccess(kv, "p"), ["proj-a", "proj-b"]);
    assert.equal(await hasFlavorAccess(kv, "p", "proj-b"), true);
    assert.equal(await hasFlavorAccess(kv, "p", "proj-c"), false);
    assert.deepEqual(await listAllFlavorAccess(kv), new Map([["p", ["proj-a", "proj-b"]]]));
    await transact(
      kv,
      async (tx) => stageAccessRow(tx, (await readFlavor(tx, "p"))!, "proj-b", false),
    );
    assert.deepEqual(await listFlavorAccess(kv, "p"), ["proj-a"]);
    // The record itself is unchanged by access changes.
    assert.deepEqual(await getFlavor(kv, "p"), record(1, "p", { is_public: false }));
    await transact(kv, async (tx) => await stageFlavorDelete(tx, (await readFlavor(tx, "p"))!));
    assert.equal(await getFlavor(kv, "p"), null);
    assert.deepEqual(await listFlavorAccess(kv, "p"), []);
    assert.equal(await transact(kv, (tx) => flavorNameTaken(tx, "n-p")), false);
    // The id sequence is kept: ids are never handed out twice.
    assert.equal(await transact(kv, (tx) => lastFlavorId(tx)), 1);
  });
});

Deno.test("stageFlavorDelete leaves a name index that points at another flavor", async () => {
  await withKv(async (kv) => {
    await transact(kv, (tx) => stageNewFlavor(tx, record(1, "a", { name: "shared" })));
    // A second record under the same name takes over the index (only the domain prevents this).
    await transact(kv, (tx) => stageNewFlavor(tx, record(2, "b", { name: "shared" })));
    await transact(kv, async (tx) => await stageFlavorDelete(tx, (await readFlavor(tx, "a"))!));
    assert.equal(await transact(kv, (tx) => flavorNameTaken(tx, "shared")), true);
  });
});

Deno.test("isValueTooLarge recognises KV's refusal of an oversized value", async () => {
  await withKv(async (kv) => {
    const error = await kv.set(["big"], "x".repeat(70000)).then(() => null, (e) => e);
    assert.ok(isValueTooLarge(error));
    assert.equal(isValueTooLarge(new Error("value too large")), false);
    assert.equal(isValueTooLarge(new TypeError("something else")), false);
  });
});
