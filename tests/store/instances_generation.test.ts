import assert from "node:assert/strict";
import { insertInstance, instancesGeneration } from "../../lib/store/instances.ts";
import { keys } from "../../lib/store/keys.ts";
import { transact } from "../../lib/store/transaction.ts";
import type { Instance } from "../../lib/store/records.ts";

/** `kv` whose generation reads are counted and held until the test lets them go. */
function gated(kv: Deno.Kv) {
  const held: (() => void)[] = [];
  let reads = 0;
  const wrapped = Object.create(kv) as Deno.Kv;
  wrapped.get = (<T>(key: Deno.KvKey, opts?: { consistency?: Deno.KvConsistencyLevel }) => {
    reads++;
    return new Promise<void>((r) => held.push(r)).then(() => kv.get<T>(key, opts));
  }) as Deno.Kv["get"];
  return { kv: wrapped, reads: () => reads, release: () => held.splice(0).forEach((r) => r()) };
}

const server = (uuid: string) =>
  ({ uuid, project_id: "p1", created_at: "2026-01-01T00:00:00.000Z", host: null }) as Instance;

Deno.test("generation reads asked while one runs share one read begun after them", async () => {
  const store = await Deno.openKv(":memory:");
  try {
    await transact(store, (tx) => Promise.resolve(insertInstance(tx, server("a"))));
    const { kv, reads, release } = gated(store);
    const first = instancesGeneration(kv);
    // A write lands while the first read is under way: later callers must see it.
    await transact(store, (tx) => Promise.resolve(insertInstance(tx, server("b"))));
    const later = [instancesGeneration(kv), instancesGeneration(kv), instancesGeneration(kv)];
    assert.equal(reads(), 1);
    release();
    const before = await first;
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(reads(), 2);
    release();
    const after = await Promise.all(later);
    const now = (await store.get(keys.instancesGeneration())).versionstamp;
    assert.deepEqual(after, [now, now, now]);
    assert.ok(before !== null && now !== null);
    assert.equal(reads(), 2);
  } finally {
    store.close();
  }
});
