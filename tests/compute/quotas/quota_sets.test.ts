import assert from "node:assert/strict";
import { QuotaEngine } from "../../../lib/quota/mod.ts";
import { QUOTA_SET_ROUTES } from "../../../lib/compute/quota_sets/controller.ts";
import { transact } from "../../../lib/store/transaction.ts";
import { type Harness, startCompute } from "../../support/compute.ts";
import { assertMatchesSample, sample } from "../../support/samples.ts";

async function withHarness(body: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startCompute({ routes: QUOTA_SET_ROUTES });
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

const QS = "os-quota-sets";
/** Sample folder per microversion probed at each side of the 2.36 and 2.57 boundaries. */
const RANGES: [string, string][] = [
  ["2.1", ""],
  ["2.35", ""],
  ["2.36", "v2.36/"],
  ["2.56", "v2.36/"],
  ["2.57", "v2.57/"],
  ["latest", "v2.57/"],
];

Deno.test("show, defaults, detail and user show match the samples per microversion", async () => {
  await withHarness(async (h) => {
    for (const [version, dir] of RANGES) {
      const show = await h.json("/os-quota-sets/project-a", { as: "reader", version });
      assert.equal(show.status, 200, version);
      await assertMatchesSample(show.body, `${QS}/${dir}quotas-show-get-resp.json`);
      assert.equal(show.body.quota_set.id, "project-a");

      const defaults = await h.json("/os-quota-sets/project-a/defaults", { as: "reader", version });
      await assertMatchesSample(defaults.body, `${QS}/${dir}quotas-show-defaults-get-resp.json`);

      const detail = await h.json("/os-quota-sets/project-a/detail", { as: "reader", version });
      assert.equal(detail.status, 200, version);
      await assertMatchesSample(detail.body, `${QS}/${dir}quotas-show-detail-get-resp.json`);

      const user = await h.json("/os-quota-sets/project-a?user_id=member-user", {
        as: "admin",
        version,
      });
      await assertMatchesSample(user.body, `${QS}/${dir}user-quotas-show-get-resp.json`);
    }
    // Values equal the samples' (Nova's defaults) before anything is set.
    const full = await h.json("/os-quota-sets/project-a", { as: "reader" });
    const expected = (await sample(`${QS}/quotas-show-get-resp.json`)) as {
      quota_set: Record<string, unknown>;
    };
    assert.deepEqual(full.body.quota_set, { ...expected.quota_set, id: "project-a" });
  });
});

Deno.test("updates (plain, forced, per user) match the update samples", async () => {
  await withHarness(async (h) => {
    for (const [version, dir] of RANGES) {
      for (
        const [req, resp, query] of [
          ["quotas-update-post-req.json", "quotas-update-post-resp.json", ""],
          ["quotas-update-force-post-req.json", "quotas-update-force-post-resp.json", ""],
          [
            "user-quotas-update-post-req.json",
            "user-quotas-update-post-resp.json",
            "?user_id=member-user",
          ],
        ]
      ) {
        const res = await h.json(`/os-quota-sets/project-a${query}`, {
          version,
          method: "PUT",
          json: await sample(`${QS}/${dir}${req}`),
        });
        assert.equal(res.status, 200, `${version} ${req}`);
        await assertMatchesSample(res.body, `${QS}/${dir}${resp}`);
      }
      await h.fetch("/os-quota-sets/project-a", { method: "DELETE" }).then((r) => r.body?.cancel());
    }
  });
});

Deno.test("update stores limits that show, detail and user views resolve", async () => {
  await withHarness(async (h) => {
    const put = await h.json("/os-quota-sets/project-a", {
      method: "PUT",
      json: { quota_set: { cores: "45", instances: 7 } },
    });
    assert.equal(put.body.quota_set.cores, 45);
    assert.equal(put.body.quota_set.instances, 7);
    assert.equal(put.body.quota_set.id, undefined);
    // A user without own limits inherits the project's.
    const user = await h.json("/os-quota-sets/project-a?user_id=member-user", {});
    assert.equal(user.body.quota_set.cores, 45);
    await h.json("/os-quota-sets/project-a?user_id=member-user", {
      method: "PUT",
      json: { quota_set: { cores: 5 } },
    });
    assert.equal(
      (await h.json("/os-quota-sets/project-a?user_id=member-user", {})).body.quota_set.cores,
      5,
    );
    assert.equal((await h.json("/os-quota-sets/project-a", {})).body.quota_set.cores, 45);
    // Per-project-only resources set through a user land on the project.
    await h.json("/os-quota-sets/project-a?user_id=member-user", {
      method: "PUT",
      json: { quota_set: { floating_ips: 4 } },
    });
    assert.equal((await h.json("/os-quota-sets/project-a", {})).body.quota_set.floating_ips, 4);

    // Detail shows limit, usage and reserved 0.
    const quotas = new QuotaEngine(h.runtime.config);
    await transact(
      h.kv,
      (tx) =>
        quotas.reserve(tx, {
          projectId: "project-a",
          userId: "member-user",
          deltas: { instances: 2 },
        }),
    );
    const detail = await h.json("/os-quota-sets/project-a/detail", {});
    assert.deepEqual(detail.body.quota_set.instances, { in_use: 2, limit: 7, reserved: 0 });
    const userDetail = await h.json("/os-quota-sets/project-a/detail?user_id=member2-user", {});
    assert.deepEqual(userDetail.body.quota_set.instances, { in_use: 0, limit: 7, reserved: 0 });

    // Delete of a user reverts only that user; delete of the project reverts everything.
    const delUser = await h.fetch("/os-quota-sets/project-a?user_id=member-user", {
      method: "DELETE",
    });
    assert.equal(delUser.status, 202);
    await delUser.body?.cancel();
    assert.equal(
      (await h.json("/os-quota-sets/project-a?user_id=member-user", {})).body.quota_set.cores,
      45,
    );
    await h.fetch("/os-quota-sets/project-a", { method: "DELETE" }).then((r) => r.body?.cancel());
    const reverted = (await h.json("/os-quota-sets/project-a", {})).body.quota_set;
    assert.deepEqual([reverted.cores, reverted.instances, reverted.floating_ips], [20, 10, -1]);
  });
});

Deno.test("limits below usage are refused unless forced; users cannot exceed what is left", async () => {
  await withHarness(async (h) => {
    const quotas = new QuotaEngine(h.runtime.config);
    await transact(
      h.kv,
      (tx) =>
        quotas.reserve(tx, {
          projectId: "project-a",
          userId: "member-user",
          deltas: { instances: 3 },
        }),
    );
    const low = await h.json("/os-quota-sets/project-a", {
      method: "PUT",
      json: { quota_set: { instances: 2 } },
    });
    assert.equal(low.status, 400);
    assert.equal(
      low.body.badRequest.message,
      "Quota limit 2 for instances must be greater than or equal to already used and reserved 3.",
    );
    const forced = await h.json("/os-quota-sets/project-a", {
      method: "PUT",
      json: { quota_set: { instances: 2, force: true } },
    });
    assert.equal(forced.status, 200);
    assert.equal(forced.body.quota_set.instances, 2);
    // -1 (unlimited) is always above usage.
    const unlimited = await h.json("/os-quota-sets/project-a", {
      method: "PUT",
      json: { quota_set: { instances: -1 } },
    });
    assert.equal(unlimited.status, 200);

    const high = await h.json("/os-quota-sets/project-a?user_id=member-user", {
      method: "PUT",
      json: { quota_set: { cores: 21 } },
    });
    assert.equal(high.status, 400);
    assert.equal(
      high.body.badRequest.message,
      "Quota limit 21 for cores must be less than or equal to 20.",
    );
    // A failed update writes nothing, even for the valid keys of the same body.
    const mixed = await h.json("/os-quota-sets/project-a?user_id=member-user", {
      method: "PUT",
      json: { quota_set: { ram: 1, cores: 21 } },
    });
    assert.equal(mixed.status, 400);
    assert.equal(
      (await h.json("/os-quota-sets/project-a?user_id=member-user", {})).body.quota_set.ram,
      51200,
    );
  });
});

Deno.test("fields leave the update body at 2.36 and 2.57", async () => {
  await withHarness(async (h) => {
    const put = (version: string, quota_set: Record<string, unknown>) =>
      h.json("/os-quota-sets/project-a", { version, method: "PUT", json: { quota_set } });
    assert.equal((await put("2.35", { fixed_ips: 5 })).status, 200);
    assert.equal((await put("2.36", { fixed_ips: 5 })).status, 400);
    assert.equal((await put("2.56", { injected_files: 5 })).status, 200);
    assert.equal((await put("2.57", { injected_files: 5 })).status, 400);
    assert.equal((await put("2.57", { server_group_members: 5 })).status, 200);
  });
});

Deno.test("policy: readers see their project, only admins change or see others", async () => {
  await withHarness(async (h) => {
    assert.equal((await h.json("/os-quota-sets/project-a", { as: "reader" })).status, 200);
    assert.equal((await h.json("/os-quota-sets/project-a/detail", { as: "member" })).status, 200);
    const other = await h.json("/os-quota-sets/project-b", { as: "member" });
    assert.equal(other.status, 403);
    assert.equal(
      other.body.forbidden.message,
      "Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.",
    );
    assert.equal((await h.json("/os-quota-sets/project-b/detail", { as: "member" })).status, 403);
    // Defaults are open to everyone.
    assert.equal((await h.json("/os-quota-sets/project-b/defaults", { as: "member" })).status, 200);
    for (const as of ["reader", "member", "manager"] as const) {
      const put = await h.json("/os-quota-sets/project-a", {
        as,
        method: "PUT",
        json: { quota_set: { cores: 1 } },
      });
      assert.equal(put.status, 403, as);
      const del = await h.json("/os-quota-sets/project-a", { as, method: "DELETE" });
      assert.equal(del.status, 403, as);
    }
    assert.equal((await h.json("/os-quota-sets/project-b", { as: "admin" })).status, 200);
  });
});

Deno.test("query strings: closed from 2.75 except on defaults", async () => {
  await withHarness(async (h) => {
    assert.equal((await h.json("/os-quota-sets/project-a?foo=1", { version: "2.74" })).status, 200);
    assert.equal((await h.json("/os-quota-sets/project-a?foo=1", { version: "2.75" })).status, 400);
    assert.equal(
      (await h.json("/os-quota-sets/project-a/detail?foo=1", { version: "2.75" })).status,
      400,
    );
    assert.equal(
      (await h.json("/os-quota-sets/project-a/defaults?foo=1", { version: "latest" })).status,
      200,
    );
    const del = await h.json("/os-quota-sets/project-a?foo=1", {
      version: "2.75",
      method: "DELETE",
    });
    assert.equal(del.status, 400);
  });
});

Deno.test("bad update bodies are 400, never 500", async () => {
  await withHarness(async (h) => {
    const bodies: unknown[] = [
      null,
      [],
      {},
      { quota_set: null },
      { quota_set: [] },
      { quota_set: { cores: -2 } },
      { quota_set: { cores: "-2x" } },
      { quota_set: { cores: "abc" } },
      { quota_set: { cores: 1.5 } },
      { quota_set: { cores: 2 ** 31 } },
      { quota_set: { cores: null } },
      { quota_set: { cores: true } },
      { quota_set: { bogus: 1 } },
      { quota_set: { networks: 1 } },
      { quota_set: { force: "maybe" } },
      { quota_set: {}, extra: 1 },
    ];
    for (const json of bodies) {
      const res = await h.json("/os-quota-sets/project-a", { method: "PUT", json });
      assert.equal(res.status, 400, JSON.stringify(json));
      assert.equal(typeof res.body.badRequest.message, "string");
    }
    const minus = await h.json("/os-quota-sets/project-a", {
      method: "PUT",
      json: { quota_set: { cores: -2 } },
    });
    assert.equal(
      minus.body.badRequest.message,
      "Invalid input for field/attribute cores. Value: -2. -2 is less than the minimum of -1",
    );
  });
});
