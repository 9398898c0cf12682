/**
 * Listings keep the flavor records they read and read them again once any flavor write has moved
 * the flavors generation, including a write made through another handle on the same store (as
 * another process would).
 */
import assert from "node:assert/strict";
import {
  type FlavorRecord,
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

const record = (id: number, flavorid: string, extra: Partial<FlavorRecord> = {}) =>
  flavorRecord(id, flavorid, { name: `n-${flavorid}`, memory_mb: 64, root_gb: 0, ...extra });

async function scan(kv: Deno.Kv, after?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const f of scanFlavors(kv, after)) {
    out.push(`${f.flavorid}:${f.memory_mb}:${f.is_public}`);
  }
  return out;
}

async function withTwoHandles(fn: (a: Deno.Kv, b: Deno.Kv) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  const a = await Deno.openKv(`${dir}/kv.sqlite`);
  const b = await Deno.openKv(`${dir}/kv.sqlite`);
  try {
    await fn(a, b);
  } finally {
    a.close();
    b.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("flavor listings: every kind of write, on this handle or another, is seen next time", async () => {
  await withTwoHandles(async (a, b) => {
    for (const [i, id] of ["1", "2", "3", "10"].entries()) {
      await transact(a, (tx) => stageNewFlavor(tx, record(i + 1, id)));
    }
    assert.deepEqual(await scan(a), ["1:64:true", "10:64:true", "2:64:true", "3:64:true"]);
    // Read twice: the second comes from what the first kept, the same answer.
    assert.deepEqual(await scan(a), ["1:64:true", "10:64:true", "2:64:true", "3:64:true"]);
    assert.deepEqual(await scan(a, "10"), ["2:64:true", "3:64:true"]);
    assert.deepEqual(await scan(a, "0"), ["1:64:true", "10:64:true", "2:64:true", "3:64:true"]);
    assert.deepEqual(await scan(a, "25"), ["3:64:true"]);

    // A new flavor written through the other handle.
    await transact(b, (tx) => stageNewFlavor(tx, record(5, "4")));
    assert.deepEqual((await scan(a)).at(-1), "4:64:true");

    // A record rewritten in place.
    await transact(b, async (tx) => {
      const row = (await readFlavor(tx, "2"))!;
      stageFlavor(tx, { ...row.record, memory_mb: 128 }, row);
    });
    assert.ok((await scan(a)).includes("2:128:true"));

    // An access row (the record is rewritten with it).
    await transact(b, async (tx) => {
      const row = (await readFlavor(tx, "3"))!;
      stageFlavor(tx, { ...row.record, is_public: false }, row);
    });
    await transact(b, async (tx) => stageAccessRow(tx, (await readFlavor(tx, "3"))!, "p1", true));
    assert.ok((await scan(a)).includes("3:64:false"));

    // A delete.
    await transact(b, async (tx) => stageFlavorDelete(tx, (await readFlavor(tx, "1"))!));
    assert.deepEqual(await scan(a), ["10:64:true", "2:128:true", "3:64:false", "4:64:true"]);
    assert.deepEqual((await readAllFlavors(a)).map((f) => f.flavorid), ["10", "2", "3", "4"]);
  });
});
