import assert from "node:assert/strict";
import { createServers } from "../../lib/instances/mod.ts";
import { OverQuota } from "../../lib/quota/mod.ts";
import { BATCH_SERVERS } from "../../lib/instances/create_queue.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

/** `kv` with its atomic operations and quota usage reads counted. */
function counting(kv: Deno.Kv) {
  const n = { commits: 0, usageReads: 0 };
  const wrapped = Object.create(kv) as Deno.Kv;
  wrapped.atomic = () => (n.commits++, kv.atomic());
  wrapped.get = kv.get.bind(kv);
  wrapped.list = kv.list.bind(kv);
  wrapped.getMany = ((keys: Deno.KvKey[], opts?: { consistency?: Deno.KvConsistencyLevel }) => {
    if (keys.some((k) => k[0] === "usage")) n.usageReads++;
    return kv.getMany(keys, opts);
  }) as Deno.Kv["getMany"];
  return { kv: wrapped, n };
}

const ROOMY = {
  quota: { instances: -1, cores: -1, ram: -1 },
  virt: { host: ["big:100000:100000000:10000000"] },
};

Deno.test("plain creates waiting together commit 40 to an atomic operation", async () => {
  await withKv(async (store) => {
    const { kv, n } = counting(store);
    const deps = testDeps(new TestClock(), ROOMY);
    const made = await Promise.all(
      Array.from(
        { length: 1 + BATCH_SERVERS },
        () => createServers(kv, createInput({ networks: "none" }), deps),
      ),
    );
    assert.equal(new Set(made.map(([i]) => i.uuid)).size, 1 + BATCH_SERVERS);
    // The first runs alone, the 40 queued behind it share one operation.
    assert.equal(n.commits, 2);
    assert.equal(BATCH_SERVERS, 40);
  });
});

Deno.test("a create of a fixed count reads its quota usage once, in its own operation", async () => {
  await withKv(async (store) => {
    const { kv, n } = counting(store);
    const deps = testDeps(new TestClock(), ROOMY);
    await createServers(kv, createInput({ networks: "none" }), deps);
    assert.equal(n.usageReads, 2); // the project's and the user's usage, once
    n.usageReads = 0;
    // A count that may shrink asks the quota first.
    await createServers(kv, createInput({ networks: "none", minCount: 1, maxCount: 2 }), deps);
    assert.equal(n.usageReads, 4);
  });
});

Deno.test("concurrent fixed-count creates past the quota fail alone with Nova's message", async () => {
  await withKv(async (kv) => {
    const deps = testDeps(new TestClock(), {
      quota: { instances: 3, cores: -1, ram: -1 },
      virt: { host: ["big:100000:100000000:10000000"] },
    });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => createServers(kv, createInput({ networks: "none" }), deps)),
    );
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 3);
    for (const r of results.filter((r) => r.status === "rejected")) {
      assert.ok(r.status === "rejected" && r.reason instanceof OverQuota, String(r));
      assert.match(
        r.reason.message,
        /Quota exceeded for instances: Requested 1, but already used 3 of 3 instances/,
      );
    }
  });
});
