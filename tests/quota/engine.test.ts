import assert from "node:assert/strict";
import { asFault } from "../../lib/compute/faults.ts";
import { NovaFault } from "../../lib/http/fault.ts";
import { OverQuota } from "../../lib/quota/mod.ts";
import { keys } from "../../lib/store/keys.ts";
import { kvReader } from "../../lib/store/quotas.ts";
import { transact } from "../../lib/store/transaction.ts";
import { withQuota } from "../support/quota.ts";

Deno.test("limits resolve user, then project, then the default class, then [quota]", async () => {
  await withQuota({ quota: { cores: 7 } }, async (kv, q) => {
    const r = kvReader(kv);
    assert.equal((await q.userLimits(r, "p", "u")).cores, 7);
    await kv.set(keys.classQuota("default", "cores"), 8);
    assert.equal((await q.userLimits(r, "p", "u")).cores, 8);
    assert.equal((await q.defaults(r)).cores, 8);
    await kv.set(keys.projectQuota("p", "cores"), 9);
    assert.equal((await q.projectLimits(r, "p")).cores, 9);
    assert.equal((await q.userLimits(r, "p", "u")).cores, 9);
    await kv.set(keys.userQuota("p", "u", "cores"), 10);
    assert.equal((await q.userLimits(r, "p", "u")).cores, 10);
    assert.equal((await q.projectLimits(r, "p")).cores, 9);
    // A class other than default applies to nobody.
    await kv.set(keys.classQuota("gold", "cores"), 99);
    assert.equal((await q.projectLimits(r, "p2")).cores, 8);
    assert.equal((await q.classLimits(r, "gold")).cores, 99);
    // Legacy resources have no option: unlimited.
    assert.equal((await q.defaults(r)).floating_ips, -1);
    assert.equal((await q.defaults(r)).injected_file_path_bytes, 255);
  });
});

Deno.test("reserve counts project and user usage; release uncounts", async () => {
  await withQuota({}, async (kv, q) => {
    await transact(
      kv,
      (tx) =>
        q.reserve(tx, {
          projectId: "p",
          userId: "u",
          deltas: { instances: 1, cores: 2, ram: 512 },
        }),
    );
    await transact(
      kv,
      (tx) =>
        q.reserve(tx, { projectId: "p", userId: "v", deltas: { instances: 1, cores: 4, ram: 64 } }),
    );
    const r = kvReader(kv);
    assert.deepEqual(
      [(await q.displayUsage(r, "p")).cores, (await q.displayUsage(r, "p", "u")).cores],
      [6, 2],
    );
    await transact(
      kv,
      (tx) =>
        q.release(tx, {
          projectId: "p",
          userId: "u",
          deltas: { instances: 1, cores: 2, ram: 512 },
        }),
    );
    const usage = await q.displayUsage(r, "p");
    assert.deepEqual([usage.instances, usage.cores, usage.ram], [1, 4, 64]);
  });
});

Deno.test("over quota: Nova's TooManyInstances text, nothing counted", async () => {
  await withQuota({ quota: { cores: 4 } }, async (kv, q) => {
    await transact(
      kv,
      (tx) => q.reserve(tx, { projectId: "p", userId: "u", deltas: { instances: 1, cores: 3 } }),
    );
    const err = await transact(
      kv,
      (tx) => q.reserve(tx, { projectId: "p", userId: "u", deltas: { instances: 1, cores: 2 } }),
    ).catch((e) => e);
    assert.ok(err instanceof OverQuota);
    assert.equal(err.kind, "over-quota");
    const fault = asFault(err);
    assert.ok(fault instanceof NovaFault);
    assert.equal(fault.status, 403);
    assert.equal(fault.message, err.message);
    assert.equal(
      err.message,
      "Quota exceeded for cores: Requested 2, but already used 3 of 4 cores",
    );
    assert.equal(err.details.scope, "project");
    assert.equal((await q.displayUsage(kvReader(kv), "p")).instances, 1);
  });
});

Deno.test("a user's own limit fails with user scope", async () => {
  await withQuota({}, async (kv, q) => {
    await kv.set(keys.userQuota("p", "u", "instances"), 1);
    await transact(
      kv,
      (tx) => q.reserve(tx, { projectId: "p", userId: "u", deltas: { instances: 1 } }),
    );
    const err = await transact(
      kv,
      (tx) => q.reserve(tx, { projectId: "p", userId: "u", deltas: { instances: 1 } }),
    ).catch((e) => e);
    assert.ok(err instanceof OverQuota);
    assert.equal(err.details.scope, "user");
    assert.equal(
      err.message,
      "Quota exceeded for instances: Requested 1, but already used 1 of 1 instances",
    );
    // Another user of the project is not held by u's limit.
    await transact(
      kv,
      (tx) => q.reserve(tx, { projectId: "p", userId: "w", deltas: { instances: 1 } }),
    );
  });
});

Deno.test("key pairs: the smaller of project and user limit; -1 anywhere is unlimited", async () => {
  await withQuota({ quota: { key_pairs: 1 } }, async (kv, q) => {
    const one = () =>
      transact(
        kv,
        (tx) => q.reserve(tx, { projectId: "p", userId: "u", deltas: { key_pairs: 1 } }),
      );
    await one();
    const err = await one().catch((e) => e);
    assert.ok(err instanceof OverQuota);
    assert.equal(err.message, "Quota exceeded, too many key pairs.");
    await kv.set(keys.userQuota("p", "u", "key_pairs"), -1);
    await one();
    assert.equal(await kv.get(keys.keypairUsage("u")).then((e) => e.value), 2);
  });
});

Deno.test("check() holds absolute values against limits", async () => {
  await withQuota({}, async (kv, q) => {
    await q.check(kvReader(kv), { projectId: "p", userId: "u", values: { metadata_items: 128 } });
    const err = await q.check(kvReader(kv), {
      projectId: "p",
      userId: "u",
      values: { metadata_items: 129 },
    }).catch((e) => e);
    assert.ok(err instanceof OverQuota);
    assert.equal(err.message, "Quota exceeded for resources: ['metadata_items']");
  });
});

Deno.test("settable ranges: usage and users' limits bound project updates", async () => {
  await withQuota({}, async (kv, q) => {
    await transact(
      kv,
      (tx) => q.reserve(tx, { projectId: "p", userId: "u", deltas: { instances: 3 } }),
    );
    await kv.set(keys.userQuota("p", "u", "cores"), 5);
    await kv.set(keys.userQuota("p", "v", "cores"), 6);
    const project = await q.settable(kv, "p");
    assert.deepEqual(project.instances, { minimum: 3, maximum: -1 });
    assert.deepEqual(project.cores, { minimum: 11, maximum: -1 });
    const user = await q.settable(kv, "p", "u");
    // 20 (default) - 11 (all users) + 5 (u's own).
    assert.deepEqual(user.cores, { minimum: 0, maximum: 14 });
    assert.deepEqual(user.instances, { minimum: 3, maximum: 10 });
  });
});

Deno.test("no-op driver: unlimited everything, usage reported as -1", async () => {
  await withQuota({ quota: { driver: "nova.quota.NoopQuotaDriver" } }, async (kv, q) => {
    await kv.set(keys.projectQuota("p", "instances"), 0);
    await transact(
      kv,
      (tx) => q.reserve(tx, { projectId: "p", userId: "u", deltas: { instances: 5 } }),
    );
    const usage = await q.projectQuotaUsage(kv, "p");
    assert.deepEqual(usage.instances, { limit: -1, in_use: -1 });
    assert.equal(q.reserved, -1);
  });
});

Deno.test("20 concurrent reservations against a limit of 5: exactly 5 succeed", async () => {
  await withQuota({ quota: { instances: 5 } }, async (kv, q) => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        transact(kv, async (tx) => {
          await q.reserve(tx, {
            projectId: "p",
            userId: `u${i % 3}`,
            deltas: { instances: 1, cores: 1, ram: 1 },
          });
          tx.set(["test-record", i], true);
        })),
    );
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const over = results.filter((r) => r.status === "rejected" && r.reason instanceof OverQuota);
    assert.equal(ok, 5);
    assert.equal(over.length, 15);
    const usage = await q.displayUsage(kvReader(kv), "p");
    assert.equal(usage.instances, 5);
    let records = 0;
    for await (const _ of kv.list({ prefix: ["test-record"] })) records++;
    assert.equal(records, 5);
  });
});
