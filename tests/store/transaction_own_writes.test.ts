import assert from "node:assert/strict";
import { transact, Transaction } from "../../lib/store/transaction.ts";
import { withKv } from "../support/kv.ts";

Deno.test("a readOwnWrites transaction reads what it wrote, a delete as absent", async () => {
  await withKv(async (kv) => {
    await kv.set(["a"], 1);
    await kv.set(["b"], 2);
    const tx = new Transaction(kv, { readOwnWrites: true });
    assert.equal(await tx.get(["a"]), 1);
    tx.set(["a"], 10);
    tx.delete(["b"]);
    tx.set(["c"], 30);
    assert.equal(await tx.get(["a"]), 10);
    assert.equal(await tx.get(["b"]), null);
    assert.deepEqual(await tx.getMany([["a"], ["b"], ["c"], ["d"]]), [10, null, 30, null]);
    assert.equal(tx.size, 3);
    assert.ok(await tx.commit());
    assert.equal((await kv.get(["a"])).value, 10);
    assert.equal((await kv.get(["b"])).versionstamp, null);
    assert.equal((await kv.get(["c"])).value, 30);
  });
});

Deno.test("a plain transaction still reads the store after writing", async () => {
  await withKv(async (kv) => {
    await kv.set(["a"], 1);
    const tx = new Transaction(kv);
    tx.set(["a"], 10);
    assert.equal(await tx.get(["a"]), 1);
    assert.deepEqual(await tx.getMany([["a"]]), [1]);
    assert.throws(() => tx.mark(), TypeError);
  });
});

Deno.test("rollback drops the writes queued since the mark, keeping those before", async () => {
  await withKv(async (kv) => {
    await transact(
      kv,
      async (tx) => {
        tx.set(["kept"], 1);
        const mark = tx.mark();
        tx.set(["kept"], 2);
        tx.set(["dropped"], 3);
        assert.equal(await tx.get(["dropped"]), 3);
        tx.rollback(mark);
        assert.equal(await tx.get(["kept"]), 1);
        assert.equal(await tx.get(["dropped"]), null);
      },
      undefined,
      { readOwnWrites: true },
    );
    assert.equal((await kv.get(["kept"])).value, 1);
    assert.equal((await kv.get(["dropped"])).versionstamp, null);
  });
});

Deno.test("a readOwnWrites transaction still checks what it read from the store", async () => {
  await withKv(async (kv) => {
    await kv.set(["n"], 1);
    const tx = new Transaction(kv, { readOwnWrites: true });
    const n = (await tx.get<number>(["n"]))!;
    tx.set(["n"], n + 1);
    await kv.set(["n"], 5);
    assert.equal(await tx.commit(), false);
    assert.equal((await kv.get(["n"])).value, 5);
  });
});

Deno.test("a readOwnWrites transaction reads a key once; a change since fails the commit", async () => {
  await withKv(async (kv) => {
    await kv.set(["a"], 1);
    await kv.set(["b"], 2);
    const tx = new Transaction(kv, { readOwnWrites: true });
    assert.equal(await tx.get(["a"]), 1);
    await kv.set(["a"], 5);
    await kv.set(["b"], 6);
    assert.equal(await tx.get(["a"]), 1);
    assert.deepEqual(await tx.getMany([["a"], ["b"]]), [1, 6]);
    assert.equal(await tx.get(["b"]), 6);
    tx.set(["c"], 3);
    assert.equal(await tx.commit(), false);
    assert.equal((await kv.get(["c"])).versionstamp, null);
  });
});
