/**
 * Gathered point reads: one goes out at once; those asked while it is in flight go out together
 * after it (distinct keys once, each caller's keys in one call), never joining a call made before
 * they asked.
 */
import assert from "node:assert/strict";
import { gatheredRead } from "../../lib/store/gathered_read.ts";

/** A store whose getMany calls wait until the test lets them answer. */
function stubStore() {
  const calls: { keys: Deno.KvKey[]; answer(): void; fail(e: Error): void }[] = [];
  const kv = {
    getMany(keys: Deno.KvKey[]) {
      return new Promise((resolve, reject) => {
        calls.push({
          keys,
          answer: () =>
            resolve(keys.map((key) => ({ key, value: key.join("/"), versionstamp: "1" }))),
          fail: reject,
        });
      });
    },
  } as unknown as Deno.Kv;
  return { kv, calls };
}

const values = (entries: Deno.KvEntryMaybe<unknown>[]) => entries.map((e) => e.value);

Deno.test("gatheredRead: reads asked during a read in flight share the next call", async () => {
  const { kv, calls } = stubStore();
  const first = gatheredRead(kv, [["g"]]);
  assert.equal(calls.length, 1);
  const second = gatheredRead(kv, [["g"]]);
  const third = gatheredRead(kv, [["i", "x"], ["g"]]);
  // Asked after the first call went out: they wait for a call of their own.
  assert.equal(calls.length, 1);
  calls[0].answer();
  assert.deepEqual(values(await first), ["g"]);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(calls.length, 2);
  assert.deepEqual(calls[1].keys, [["g"], ["i", "x"]]);
  calls[1].answer();
  assert.deepEqual(values(await second), ["g"]);
  assert.deepEqual(values(await third), ["i/x", "g"]);
  // Nothing in flight: the next read goes out at once.
  await new Promise((r) => setTimeout(r, 0));
  const fourth = gatheredRead(kv, [["g"]]);
  assert.equal(calls.length, 3);
  calls[2].answer();
  assert.deepEqual(values(await fourth), ["g"]);
});

Deno.test("gatheredRead: more than ten distinct keys split by caller; a failure reaches its callers", async () => {
  const { kv, calls } = stubStore();
  const first = gatheredRead(kv, [["a"]]);
  const waiting = Array.from(
    { length: 4 },
    (_, n) => gatheredRead(kv, [["k", n, 1], ["k", n, 2], ["k", n, 3], ["shared"]]),
  );
  calls[0].answer();
  await first;
  await new Promise((r) => setTimeout(r, 0));
  // 3 + 1 shared, then 3 more each: 4 + 3 + 3 = 10 in the first call, the fourth caller's in a second.
  assert.deepEqual(calls.slice(1).map((c) => c.keys.length), [10, 4]);
  calls[1].answer();
  calls[2].fail(new Error("boom"));
  for (let n = 0; n < 3; n++) {
    assert.deepEqual(values(await waiting[n]), [`k/${n}/1`, `k/${n}/2`, `k/${n}/3`, "shared"]);
  }
  await assert.rejects(waiting[3], /boom/);
});

Deno.test("gatheredRead: a caller whose key fails a shared read does not fail the others", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    await kv.set(["a"], 1);
    const first = gatheredRead(kv, [["a"]]);
    // Asked while the first is in flight: these two share the next call, and one key is too big.
    const good = gatheredRead(kv, [["a"]]);
    // Its refusal is awaited from the start, so it is never an unhandled rejection.
    const bad = assert.rejects(gatheredRead(kv, [["x".repeat(4096)]]), /too large/);
    assert.deepEqual(values(await first), [1]);
    assert.deepEqual(values(await good), [1]);
    await bad;
  } finally {
    kv.close();
  }
});

Deno.test("gatheredRead: a real store answers in order, missing keys as null", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    await kv.set(["a"], 1);
    const [a, b] = await Promise.all([gatheredRead(kv, [["a"], ["b"]]), gatheredRead(kv, [["b"]])]);
    assert.deepEqual(values(a), [1, null]);
    assert.deepEqual(values(b), [null]);
    assert.ok(a[0].versionstamp !== null);
  } finally {
    kv.close();
  }
});
