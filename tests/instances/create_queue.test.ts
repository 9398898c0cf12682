import assert from "node:assert/strict";
import { BATCH_SERVERS, enqueueCreate } from "../../lib/instances/create_queue.ts";
import type { Transaction } from "../../lib/store/transaction.ts";
import { withKv } from "../support/kv.ts";

/** `kv` with its atomic operations counted (commits are what the queue saves). */
function counting(kv: Deno.Kv): { kv: Deno.Kv; commits: () => number } {
  let commits = 0;
  const wrapped = Object.create(kv) as Deno.Kv;
  wrapped.atomic = () => {
    commits++;
    return kv.atomic();
  };
  wrapped.get = kv.get.bind(kv);
  wrapped.getMany = kv.getMany.bind(kv) as Deno.Kv["getMany"];
  return { kv: wrapped, commits: () => commits };
}

/** A job taking one unit of a counter limited to `limit`, as a create takes quota. */
function take(limit: number, batchable = true) {
  return {
    weight: 1,
    batchable,
    run: async (tx: Transaction) => {
      const used = (await tx.get<number>(["used"])) ?? 0;
      if (used >= limit) throw new RangeError("over the limit");
      tx.set(["used"], used + 1);
      tx.set(["taken", used], true);
      return used;
    },
  };
}

Deno.test("concurrent creates share commits, each seeing the ones before it", async () => {
  await withKv(async (store) => {
    const { kv, commits } = counting(store);
    const n = 2 * BATCH_SERVERS + 1;
    const results = await Promise.all(Array.from({ length: n }, () => enqueueCreate(kv, take(n))));
    assert.deepEqual(results, Array.from({ length: n }, (_, i) => i));
    assert.equal((await store.get(["used"])).value, n);
    // The first runs alone; the others wait and go in batches of BATCH_SERVERS.
    assert.ok(commits() <= 1 + Math.ceil((n - 1) / BATCH_SERVERS), `${commits()} commits`);
  });
});

Deno.test("the creates past a limit fail alone, as sequential creates would", async () => {
  await withKv(async (kv) => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => enqueueCreate(kv, take(5))),
    );
    assert.deepEqual(results.map((r) => r.status), [
      ...Array(5).fill("fulfilled"),
      ...Array(3).fill("rejected"),
    ]);
    for (const r of results.slice(5)) {
      assert.ok(r.status === "rejected" && r.reason instanceof RangeError);
    }
    assert.equal((await kv.get(["used"])).value, 5);
    assert.equal((await kv.get(["taken", 5])).versionstamp, null);
  });
});

Deno.test("a failed create's writes are dropped, the others in its batch commit", async () => {
  await withKv(async (kv) => {
    const failing = {
      weight: 1,
      batchable: true,
      run: async (tx: Transaction) => {
        const used = (await tx.get<number>(["used"])) ?? 0;
        tx.set(["used"], used + 100);
        tx.set(["failed-write"], true);
        throw new Error("bad hint");
      },
    };
    const results = await Promise.allSettled([
      enqueueCreate(kv, take(10)),
      enqueueCreate(kv, take(10)),
      enqueueCreate(kv, failing),
      enqueueCreate(kv, take(10)),
    ]);
    assert.deepEqual(results.map((r) => r.status), [
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    assert.equal((await kv.get(["used"])).value, 3);
    assert.equal((await kv.get(["failed-write"])).versionstamp, null);
  });
});

Deno.test("a create that cannot share runs in a transaction of its own", async () => {
  await withKv(async (store) => {
    const { kv, commits } = counting(store);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => enqueueCreate(kv, take(10, false))),
    );
    assert.deepEqual(results, [0, 1, 2, 3]);
    assert.equal(commits(), 4);
  });
});
