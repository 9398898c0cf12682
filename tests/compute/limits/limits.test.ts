import assert from "node:assert/strict";
import { LIMIT_ROUTES } from "../../../lib/compute/limits/controller.ts";
import { QuotaEngine } from "../../../lib/quota/mod.ts";
import { keys } from "../../../lib/store/keys.ts";
import { transact } from "../../../lib/store/transaction.ts";
import { type Harness, startCompute } from "../../support/compute.ts";
import { assertMatchesSample } from "../../support/samples.ts";

async function withHarness(body: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startCompute({ routes: LIMIT_ROUTES });
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

const SAMPLES: [string, string][] = [
  ["2.1", "limits/limit-get-resp.json"],
  ["2.35", "limits/limit-get-resp.json"],
  ["2.36", "limits/v2.36/limit-get-resp.json"],
  ["2.38", "limits/v2.36/limit-get-resp.json"],
  ["2.39", "limits/v2.39/limit-get-resp.json"],
  ["2.56", "limits/v2.39/limit-get-resp.json"],
  ["2.57", "limits/v2.57/limit-get-resp.json"],
  ["latest", "limits/v2.57/limit-get-resp.json"],
];

Deno.test("GET /limits matches the sample of each microversion range", async () => {
  await withHarness(async (h) => {
    for (const [version, path] of SAMPLES) {
      const res = await h.json("/limits", { as: "reader", version });
      assert.equal(res.status, 200, version);
      await assertMatchesSample(res.body, path);
    }
  });
});

Deno.test("limits show the defaults, overrides and counted usage of the caller's project", async () => {
  await withHarness(async (h) => {
    const base = await h.json("/limits", { as: "member" });
    assert.deepEqual(base.body.limits.rate, []);
    const abs = base.body.limits.absolute;
    assert.equal(abs.maxTotalInstances, 10);
    assert.equal(abs.maxTotalRAMSize, 51200);
    assert.equal(abs.maxImageMeta, 128);
    assert.equal(abs.maxSecurityGroups, -1);
    assert.equal(abs.totalInstancesUsed, 0);

    await h.kv.set(keys.projectQuota("project-a", "cores"), 64);
    const quotas = new QuotaEngine(h.runtime.config);
    await transact(h.kv, (tx) =>
      quotas.reserve(tx, {
        projectId: "project-a",
        userId: "member-user",
        deltas: { instances: 2, cores: 4, ram: 1024, server_groups: 1 },
      }));
    const after =
      (await h.json("/limits", { as: "member2", version: "2.57" })).body.limits.absolute;
    assert.equal(after.maxTotalCores, 64);
    assert.equal(after.totalInstancesUsed, 2);
    assert.equal(after.totalCoresUsed, 4);
    assert.equal(after.totalRAMUsed, 1024);
    assert.equal(after.totalServerGroupsUsed, 1);
    // Another project is untouched.
    const other = (await h.json("/limits", { as: "other" })).body.limits.absolute;
    assert.equal(other.totalInstancesUsed, 0);
    assert.equal(other.maxTotalCores, 20);
  });
});

Deno.test("tenant_id: admins only", async () => {
  await withHarness(async (h) => {
    await h.kv.set(keys.projectQuota("project-b", "instances"), 3);
    const admin = await h.json("/limits?tenant_id=project-b", { as: "admin" });
    assert.equal(admin.status, 200);
    assert.equal(admin.body.limits.absolute.maxTotalInstances, 3);
    const member = await h.json("/limits?tenant_id=project-b", { as: "member" });
    assert.equal(member.status, 403);
    assert.equal(
      member.body.forbidden.message,
      "Policy doesn't allow os_compute_api:limits:other_project to be performed.",
    );
  });
});

Deno.test("unknown query parameters: ignored up to 2.74, refused from 2.75", async () => {
  await withHarness(async (h) => {
    assert.equal((await h.json("/limits?foo=1", { as: "member", version: "2.74" })).status, 200);
    const refused = await h.json("/limits?foo=1", { as: "member", version: "2.75" });
    assert.equal(refused.status, 400);
    assert.match(refused.body.badRequest.message, /Additional properties are not allowed/);
  });
});

Deno.test("absolute limits are listed in deployed Nova's order (the openstack CLI prints them so)", async () => {
  await withHarness(async (h) => {
    const latest = await h.json("/limits", { version: "2.92" });
    assert.deepEqual(Object.keys(latest.body.limits.absolute), [
      "maxTotalInstances",
      "maxTotalCores",
      "maxTotalRAMSize",
      "maxServerMeta",
      "maxTotalKeypairs",
      "maxServerGroups",
      "maxServerGroupMembers",
      "totalRAMUsed",
      "totalCoresUsed",
      "totalInstancesUsed",
      "totalServerGroupsUsed",
    ]);
    const v21 = await h.json("/limits");
    assert.deepEqual(Object.keys(v21.body.limits.absolute).slice(0, 7), [
      "maxTotalInstances",
      "maxTotalCores",
      "maxTotalRAMSize",
      "maxServerMeta",
      "maxImageMeta",
      "maxPersonality",
      "maxPersonalitySize",
    ]);
  });
});
