import assert from "node:assert/strict";
import { QUOTA_CLASS_ROUTES } from "../../../lib/compute/quota_classes/controller.ts";
import { QUOTA_SET_ROUTES } from "../../../lib/compute/quota_sets/controller.ts";
import { LIMIT_ROUTES } from "../../../lib/compute/limits/controller.ts";
import { type Harness, startCompute } from "../../support/compute.ts";
import { assertMatchesSample, sample } from "../../support/samples.ts";

async function withHarness(body: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startCompute({
    routes: [...QUOTA_CLASS_ROUTES, ...QUOTA_SET_ROUTES, ...LIMIT_ROUTES],
  });
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

const QC = "os-quota-class-sets";
const RANGES: [string, string][] = [
  ["2.1", ""],
  ["2.49", ""],
  ["2.50", "v2.50/"],
  ["2.56", "v2.50/"],
  ["2.57", "v2.57/"],
  ["latest", "v2.57/"],
];

Deno.test("show and update match the samples per microversion", async () => {
  await withHarness(async (h) => {
    for (const [version, dir] of RANGES) {
      const show = await h.json("/os-quota-class-sets/default", { version });
      assert.equal(show.status, 200, version);
      await assertMatchesSample(show.body, `${QC}/${dir}quota-classes-show-get-resp.json`);
      const update = await h.json("/os-quota-class-sets/default", {
        version,
        method: "PUT",
        json: await sample(`${QC}/${dir}quota-classes-update-post-req.json`),
      });
      assert.equal(update.status, 200, version);
      await assertMatchesSample(update.body, `${QC}/${dir}quota-classes-update-post-resp.json`);
      assert.equal(update.body.quota_class_set.instances, 50);
    }
  });
});

Deno.test("the default class feeds project defaults; other classes apply to nobody", async () => {
  await withHarness(async (h) => {
    await h.json("/os-quota-class-sets/default", {
      method: "PUT",
      json: { quota_class_set: { cores: "33", server_groups: 4 } },
    });
    const defaults = await h.json("/os-quota-sets/project-a/defaults", { as: "member" });
    assert.equal(defaults.body.quota_set.cores, 33);
    assert.equal(defaults.body.quota_set.server_groups, 4);
    const show = await h.json("/os-quota-sets/project-a", { as: "member" });
    assert.equal(show.body.quota_set.cores, 33);
    const limits = await h.json("/limits", { as: "member" });
    assert.equal(limits.body.limits.absolute.maxTotalCores, 33);
    // Before 2.50 server groups were written but not shown.
    const old = await h.json("/os-quota-class-sets/default", { version: "2.49" });
    assert.equal(old.body.quota_class_set.server_groups, undefined);
    assert.equal(
      (await h.json("/os-quota-class-sets/default", { version: "2.50" })).body.quota_class_set
        .server_groups,
      4,
    );

    const gold = await h.json("/os-quota-class-sets/gold", {
      method: "PUT",
      json: { quota_class_set: { cores: 99 } },
    });
    assert.equal(gold.status, 200);
    assert.equal(gold.body.quota_class_set.cores, 99);
    assert.equal(gold.body.quota_class_set.id, undefined);
    const shown = await h.json("/os-quota-class-sets/gold", {});
    assert.equal(shown.body.quota_class_set.id, "gold");
    assert.equal(shown.body.quota_class_set.instances, 10);
    assert.equal((await h.json("/os-quota-sets/project-a", {})).body.quota_set.cores, 33);
  });
});

Deno.test("update bodies lose network fields at 2.50 and personality fields at 2.57", async () => {
  await withHarness(async (h) => {
    const put = (version: string, quota_class_set: Record<string, unknown>) =>
      h.json("/os-quota-class-sets/default", {
        version,
        method: "PUT",
        json: { quota_class_set },
      });
    assert.equal((await put("2.49", { floating_ips: 1 })).status, 200);
    assert.equal((await put("2.50", { floating_ips: 1 })).status, 400);
    assert.equal((await put("2.56", { injected_files: 1 })).status, 200);
    assert.equal((await put("2.57", { injected_files: 1 })).status, 400);
  });
});

Deno.test("admins only; bad bodies 400; show query closed from 2.102", async () => {
  await withHarness(async (h) => {
    for (const as of ["reader", "member", "manager"] as const) {
      const show = await h.json("/os-quota-class-sets/default", { as });
      assert.equal(show.status, 403, as);
      assert.equal(
        show.body.forbidden.message,
        "Policy doesn't allow os_compute_api:os-quota-class-sets:show to be performed.",
      );
      const put = await h.json("/os-quota-class-sets/default", {
        as,
        method: "PUT",
        json: { quota_class_set: { cores: 1 } },
      });
      assert.equal(put.status, 403, as);
    }
    const bodies: unknown[] = [
      null,
      {},
      { quota_class_set: null },
      { quota_class_set: { cores: -5 } },
      { quota_class_set: { cores: "x" } },
      { quota_class_set: { force: true } },
      { quota_class_set: { unknown: 1 } },
      { quota_set: { cores: 1 } },
    ];
    for (const json of bodies) {
      const res = await h.json("/os-quota-class-sets/default", { method: "PUT", json });
      assert.equal(res.status, 400, JSON.stringify(json));
    }
    assert.equal(
      (await h.json("/os-quota-class-sets/default?x=1", { version: "2.101" })).status,
      200,
    );
    assert.equal(
      (await h.json("/os-quota-class-sets/default?x=1", { version: "2.102" })).status,
      400,
    );
    const long = await h.json(`/os-quota-class-sets/${"c".repeat(256)}`, {
      method: "PUT",
      json: { quota_class_set: { cores: 1 } },
    });
    assert.equal(long.status, 400);
    assert.equal(
      long.body.badRequest.message,
      "quota_class_name has 256 characters, more than 255.",
    );
  });
});
