import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import {
  retryLocked,
  transact,
  Transaction,
  TransactionConflict,
} from "../../lib/store/transaction.ts";
import { withKv } from "../support/kv.ts";

/** Two handles on one SQLite file in a fresh temp dir: two writers, as two processes would be. */
async function withTwoHandles(body: (a: Deno.Kv, b: Deno.Kv, path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "nova-store-" });
  const path = `${dir}/kv.sqlite`;
  const a = await Deno.openKv(path);
  const b = await Deno.openKv(path);
  try {
    await body(a, b, path);
  } finally {
    a.close();
    b.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Hold SQLite's write lock on a KV file from outside Deno KV (node:sqlite, `BEGIN IMMEDIATE`), so
 * that Deno KV's next commit fails with SQLite's own "database is locked". Reads still work (the
 * file is in WAL mode). A commit with a check fails at once (its read transaction cannot become a
 * write one); a blind write fails only after KV's busy timeout (5 s), so the tests commit checks.
 */
function lockFile(path: string): { release(): void } {
  const db = new DatabaseSync(path);
  db.exec("BEGIN IMMEDIATE");
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      db.exec("COMMIT");
      db.close();
    },
  };
}

const increment = (kv: Deno.Kv) =>
  transact(kv, async (tx) => {
    const n = (await tx.get<number>(["counter"])) ?? 0;
    tx.set(["counter"], n + 1);
  });

Deno.test("transact commits what the body queued and returns what it returned", async () => {
  await withKv(async (kv) => {
    await kv.set(["gone"], "x");
    const result = await transact(kv, async (tx) => {
      assert.equal(await tx.get(["absent"]), null);
      tx.set(["a"], 1);
      tx.set(["b"], { two: 2 });
      tx.delete(["gone"]);
      assert.equal(tx.size, 3);
      assert.equal(tx.kv, kv);
      return "done";
    });
    assert.equal(result, "done");
    assert.equal((await kv.get(["a"])).value, 1);
    assert.deepEqual((await kv.get(["b"])).value, { two: 2 });
    assert.equal((await kv.get(["gone"])).versionstamp, null);
  });
});

Deno.test("Transaction.commit is false, writing nothing, when a key it read has changed", async () => {
  await withKv(async (kv) => {
    await kv.set(["a"], 1);
    const tx = new Transaction(kv);
    assert.equal(await tx.get(["a"]), 1);
    tx.set(["a"], 2);
    tx.set(["b"], 2);
    await kv.set(["a"], 10);
    assert.equal(await tx.commit(), false);
    assert.equal((await kv.get(["a"])).value, 10);
    assert.equal((await kv.get(["b"])).versionstamp, null);

    const again = new Transaction(kv);
    again.set(["a"], (await again.get<number>(["a"]))! + 1);
    assert.equal(await again.commit(), true);
    assert.equal((await kv.get(["a"])).value, 11);
  });
});

Deno.test("a write through a second handle between read and commit makes transact run again", async () => {
  await withTwoHandles(async (a, b) => {
    await a.set(["counter"], 0);
    let calls = 0;
    await transact(a, async (tx) => {
      calls++;
      const n = (await tx.get<number>(["counter"])) ?? 0;
      if (calls === 1) await b.set(["counter"], 100); // the other writer gets there first
      tx.set(["counter"], n + 1);
      tx.set(["attempt", calls], true);
    });
    assert.equal(calls, 2);
    // The second run read the other writer's value; the first run left nothing behind.
    assert.equal((await b.get(["counter"])).value, 101);
    assert.equal((await b.get(["attempt", 1])).versionstamp, null);
    assert.equal((await b.get(["attempt", 2])).value, true);
  });
});

Deno.test("getMany checks every key it read, also past its first batch of 10", async () => {
  await withTwoHandles(async (a, b) => {
    const keys = Array.from({ length: 12 }, (_, i) => ["k", i]);
    for (const [i, key] of keys.entries()) await a.set(key, i);
    let calls = 0;
    const seen = await transact(a, async (tx) => {
      calls++;
      const values = await tx.getMany<number>(keys);
      if (calls === 1) await b.set(["k", 11], 1100); // in the second batch
      tx.set(["sum"], values.reduce<number>((s, v) => s + (v ?? 0), 0));
      return values;
    });
    assert.equal(calls, 2);
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1100]);
    assert.equal((await a.get(["sum"])).value, 55 + 1100);
  });
});

Deno.test("assertAbsent fails the commit when the key appeared meanwhile", async () => {
  await withTwoHandles(async (a, b) => {
    let calls = 0;
    await assert.rejects(
      transact(a, async (tx) => {
        calls++;
        tx.assertAbsent(["name", "web"]);
        if (calls === 1) await b.set(["name", "web"], "theirs");
        tx.set(["name", "web"], "mine");
        return await Promise.resolve();
      }, 3),
      TransactionConflict,
    );
    assert.equal(calls, 3);
    assert.equal((await a.get(["name", "web"])).value, "theirs");
  });
});

Deno.test("transact gives up after its attempts with TransactionConflict and writes nothing", async () => {
  await withKv(async (kv) => {
    let calls = 0;
    const alwaysLoses = async (tx: Transaction) => {
      calls++;
      const n = (await tx.get<number>(["hot"])) ?? 0;
      await kv.set(["hot"], n + 1); // another writer, every time
      tx.set(["out"], calls);
    };
    const error = await transact(kv, alwaysLoses, 4).then(
      () => assert.fail("transact resolved"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TransactionConflict);
    assert.equal(error.name, "TransactionConflict");
    assert.equal(error.message, "the store stayed busy: too many conflicting writers");
    assert.equal(calls, 4);
    assert.equal((await kv.get(["out"])).versionstamp, null);

    // Without a limit given, the budget is 50 attempts.
    calls = 0;
    await assert.rejects(transact(kv, alwaysLoses), TransactionConflict);
    assert.equal(calls, 50);
    assert.equal((await kv.get(["out"])).versionstamp, null);
  });
});

Deno.test("an error thrown by the body aborts at once and writes nothing", async () => {
  await withKv(async (kv) => {
    let calls = 0;
    const boom = new RangeError("boom");
    await assert.rejects(
      transact(kv, async (tx) => {
        calls++;
        await tx.get(["a"]);
        tx.set(["a"], 1);
        tx.set(["b"], 2);
        throw boom;
      }),
      (e) => e === boom,
    );
    assert.equal(calls, 1);
    assert.equal((await kv.get(["a"])).versionstamp, null);
    assert.equal((await kv.get(["b"])).versionstamp, null);
  });
});

Deno.test("a commit that KV refuses lands none of its writes", async () => {
  await withKv(async (kv) => {
    let calls = 0;
    await assert.rejects(
      transact(kv, async (tx) => {
        calls++;
        await tx.get(["a"]);
        tx.set(["a"], 1);
        tx.set(["b"], "x".repeat(70_000)); // over KV's 64 KiB value limit
        tx.set(["c"], 3);
      }),
      (e: unknown) => e instanceof Error && !(e instanceof TransactionConflict),
    );
    assert.equal(calls, 1);
    for (const key of [["a"], ["b"], ["c"]]) {
      assert.equal((await kv.get(key)).versionstamp, null, JSON.stringify(key));
    }
  });
});

Deno.test("N concurrent increments through transact end at exactly N", async () => {
  await withKv(async (kv) => {
    await Promise.all(Array.from({ length: 25 }, () => increment(kv)));
    assert.equal((await kv.get(["counter"])).value, 25);
  });
});

Deno.test("concurrent increments through two handles on one file end at exactly N", async () => {
  await withTwoHandles(async (a, b) => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => increment(i % 2 ? a : b)));
    assert.equal((await a.get(["counter"])).value, 30);
  });
});

Deno.test("concurrent increments from three processes on one file end at exactly N", async () => {
  await withTwoHandles(async (a, _b, path) => {
    const worker = new URL("./increment_worker.ts", import.meta.url).pathname;
    const dir = path.slice(0, path.lastIndexOf("/"));
    const run = () =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--no-config",
          "--unstable-kv",
          `--allow-read=${dir}`,
          `--allow-write=${dir}`,
          worker,
          path,
          "15",
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
    const [outputs] = await Promise.all([
      Promise.all([run(), run(), run()]),
      Promise.all(Array.from({ length: 15 }, () => increment(a))),
    ]);
    for (const out of outputs) {
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    }
    assert.equal((await a.get(["counter"])).value, 60);
  });
});

Deno.test("transact waits out a real 'database is locked' and runs the body again", async () => {
  await withTwoHandles(async (a, _b, path) => {
    await a.set(["counter"], 1); // the file and its tables exist before the lock is taken
    const lock = lockFile(path);
    let calls = 0;
    try {
      // What a commit meets while the lock is held:
      const entry = await a.get(["counter"]);
      await assert.rejects(a.atomic().check(entry).set(["counter"], 9).commit(), {
        message: "database is locked",
      });
      await transact(a, async (tx) => {
        calls++;
        if (calls === 2) lock.release(); // the first commit has failed on the lock by now
        const n = (await tx.get<number>(["counter"])) ?? 0;
        tx.set(["counter"], n + 1);
      });
    } finally {
      lock.release();
    }
    assert.equal(calls, 2);
    assert.equal((await a.get(["counter"])).value, 2);
  });
});

Deno.test("retryLocked waits out a real 'database is locked'", async () => {
  await withTwoHandles(async (a, _b, path) => {
    await a.set(["x"], 1);
    const entry = await a.get(["x"]);
    const lock = lockFile(path);
    let calls = 0;
    try {
      const result = await retryLocked(async () => {
        calls++;
        if (calls === 2) lock.release();
        return await a.atomic().check(entry).set(["x"], 2).commit();
      });
      assert.equal(result.ok, true);
    } finally {
      lock.release();
    }
    assert.equal(calls, 2);
    assert.equal((await a.get(["x"])).value, 2);
  });
});

Deno.test("a store that stays locked ends transact with TransactionConflict", async () => {
  await withKv(async (kv) => {
    let calls = 0;
    await assert.rejects(
      transact(kv, (tx) => {
        calls++;
        tx.set(["a"], 1);
        return Promise.reject(new TypeError("database is locked"));
      }, 5),
      TransactionConflict,
    );
    assert.equal(calls, 5);
    assert.equal((await kv.get(["a"])).versionstamp, null);
  });
});

Deno.test("retryLocked retries SQLITE_BUSY and 'database is locked' only, up to its limit", async () => {
  for (const message of ["database is locked", "SQLITE_BUSY: busy", "Database Is Locked"]) {
    let calls = 0;
    const busy = new Error(message);
    assert.equal(
      await retryLocked(() => ++calls < 3 ? Promise.reject(busy) : Promise.resolve("ok")),
      "ok",
    );
    assert.equal(calls, 3, message);

    // Past the limit, the last lock error itself comes out: one call plus `attempts` retries.
    calls = 0;
    await assert.rejects(retryLocked(() => (calls++, Promise.reject(busy)), 3), (e) => e === busy);
    assert.equal(calls, 4, message);
  }

  let calls = 0;
  const other = new Error("value too large");
  await assert.rejects(retryLocked(() => (calls++, Promise.reject(other))), (e) => e === other);
  assert.equal(calls, 1);
  calls = 0;
  await assert.rejects(retryLocked(() => (calls++, Promise.reject("database is locked"))));
  assert.equal(calls, 1, "only Error objects are lock errors");
});
