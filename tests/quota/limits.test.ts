import assert from "node:assert/strict";
import { DomainError } from "../../lib/errors/mod.ts";
import {
  deleteQuotas,
  QuotaOutOfRange,
  setClassQuotas,
  setProjectQuotas,
} from "../../lib/quota/mod.ts";
import { kvReader } from "../../lib/store/quotas.ts";
import { transact } from "../../lib/store/transaction.ts";
import { withQuota } from "../support/quota.ts";

Deno.test("setProjectQuotas: below usage is invalid with Nova's message; nothing written", async () => {
  await withQuota({}, async (kv, q) => {
    await transact(
      kv,
      (tx) => q.reserve(tx, { projectId: "p", userId: "u", deltas: { instances: 3 } }),
    );
    const err = await setProjectQuotas(kv, q, "p", undefined, { cores: 5, instances: 2 }, false)
      .catch((e) => e);
    assert.ok(err instanceof QuotaOutOfRange);
    assert.equal(err.kind, "invalid");
    assert.equal(
      err.message,
      "Quota limit 2 for instances must be greater than or equal to already used and reserved 3.",
    );
    // The valid cores value was not written either.
    assert.equal((await q.projectLimits(kvReader(kv), "p")).cores, 20);
    // force skips the ranges.
    await setProjectQuotas(kv, q, "p", undefined, { instances: 2 }, true);
    assert.equal((await q.projectLimits(kvReader(kv), "p")).instances, 2);
  });
});

Deno.test("setProjectQuotas: a user's limit above what the project has left is invalid", async () => {
  await withQuota({}, async (kv, q) => {
    await setProjectQuotas(kv, q, "p", "u", { cores: 15 }, false);
    const err = await setProjectQuotas(kv, q, "p", "v", { cores: 6 }, false).catch((e) => e);
    assert.ok(err instanceof DomainError);
    assert.equal(err.kind, "invalid");
    assert.equal(err.message, "Quota limit 6 for cores must be less than or equal to 5.");
    // Per-project resources go to the project even when a user is named.
    await setProjectQuotas(kv, q, "p", "v", { fixed_ips: 7, cores: 5 }, false);
    const r = kvReader(kv);
    assert.equal((await q.projectLimits(r, "p")).fixed_ips, 7);
    assert.equal((await q.userLimits(r, "p", "v")).cores, 5);
    assert.equal((await q.projectLimits(r, "p")).cores, 20);
  });
});

Deno.test("concurrent user quota updates at the project limit: exactly those that fit succeed", async () => {
  await withQuota({ quota: { cores: 20 } }, async (kv, q) => {
    const results = await Promise.allSettled(
      Array.from(
        { length: 6 },
        (_, i) => setProjectQuotas(kv, q, "p", `u${i}`, { cores: 10 }, false),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter((r) =>
      r.status === "rejected" && r.reason instanceof QuotaOutOfRange
    );
    assert.equal(ok, 2);
    assert.equal(refused.length, 4);
    const settable = await q.settable(kv, "p");
    assert.equal(settable.cores.minimum, 20);
  });
});

Deno.test("deleteQuotas: a user's limits, or the project's and all its users'", async () => {
  await withQuota({}, async (kv, q) => {
    await setProjectQuotas(kv, q, "p", undefined, { cores: 30 }, false);
    await setProjectQuotas(kv, q, "p", "u", { cores: 4 }, false);
    await setProjectQuotas(kv, q, "p", "v", { cores: 5 }, false);
    await deleteQuotas(kv, "p", "u");
    const r = kvReader(kv);
    assert.equal((await q.userLimits(r, "p", "u")).cores, 30);
    assert.equal((await q.userLimits(r, "p", "v")).cores, 5);
    await deleteQuotas(kv, "p");
    assert.equal((await q.userLimits(r, "p", "v")).cores, 20);
    assert.equal((await q.projectLimits(r, "p")).cores, 20);
  });
});

Deno.test("setClassQuotas: writes a class; a name past 255 characters is invalid", async () => {
  await withQuota({}, async (kv, q) => {
    await setClassQuotas(kv, "gold", { cores: 50, ram: 1024 });
    const gold = await q.classLimits(kvReader(kv), "gold");
    assert.deepEqual([gold.cores, gold.ram, gold.instances], [50, 1024, 10]);
    const err = await setClassQuotas(kv, "x".repeat(256), { cores: 1 }).catch((e) => e);
    assert.ok(err instanceof DomainError);
    assert.equal(err.kind, "invalid");
    assert.equal(err.message, "quota_class_name has 256 characters, more than 255.");
    const empty = await setClassQuotas(kv, "", { cores: 1 }).catch((e) => e);
    assert.equal(empty.message, "quota_class_name has 0 characters, less than 1.");
  });
});
