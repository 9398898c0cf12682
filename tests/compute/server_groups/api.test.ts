/**
 * os-server-groups over real HTTP: the create bodies and views at each microversion boundary
 * (2.13, 2.15, 2.64), Nova's 400s, the list (own project, `all_projects` for an admin, `limit`
 * and `offset`, the 2.75 query), show and delete with their policy and 404, and the
 * `server_groups` quota counted for real.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { start } from "../servers/_support.ts";
import { assertMatchesSample } from "../../support/samples.ts";

const SAMPLES = new URL("../../fixtures/api_samples/os-server-groups/", import.meta.url);

async function sample(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(new URL(name, SAMPLES)));
}

function post(h: Harness, body: unknown, version: string, as: Persona = "member") {
  return h.json("/os-server-groups", { as, version, json: body });
}

async function created(h: Harness, group: unknown, version = "2.64", as: Persona = "member") {
  const res = await post(h, { server_group: group }, version, as);
  assert.equal(res.status, 200, res.text);
  return res.body.server_group;
}

Deno.test("create and show answer the documented shapes at 2.1, 2.13 and 2.64", async () => {
  const h = await start();
  try {
    for (
      const [dir, version] of [["", "2.1"], ["v2.13/", "2.13"], ["v2.64/", "2.64"]] as const
    ) {
      const req = await sample(`${dir}server-groups-post-req.json`);
      const res = await post(h, req, version);
      assert.equal(res.status, 200, res.text);
      const got = res.body.server_group;
      await assertMatchesSample(res.body, `os-server-groups/${dir}server-groups-post-resp.json`);
      assert.match(got.id, /^[0-9a-f-]{36}$/);
      assert.equal(got.name, "test");
      assert.deepEqual(got.members, []);
      const shown = await h.json(`/os-server-groups/${got.id}`, { as: "member", version });
      assert.equal(shown.status, 200);
      assert.deepEqual(shown.body.server_group, got);
      await assertMatchesSample(shown.body, `os-server-groups/${dir}server-groups-get-resp.json`);
      const list = await h.json("/os-server-groups", { as: "member", version });
      const mine = list.body.server_groups.filter((g: { id: string }) => g.id === got.id);
      await assertMatchesSample(
        { server_groups: mine },
        `os-server-groups/${dir}server-groups-list-resp.json`,
      );
      if (version === "2.64") {
        assert.equal(got.policy, "anti-affinity");
        assert.deepEqual(got.rules, { max_server_per_host: 3 });
      } else {
        assert.deepEqual(got.policies, ["anti-affinity"]);
        assert.deepEqual(got.metadata, {});
      }
      if (version !== "2.1") {
        assert.equal(got.project_id, "project-a");
        assert.equal(got.user_id, "member-user");
      }
    }
  } finally {
    await h.close();
  }
});

Deno.test("the policies each microversion accepts, and Nova's 400s", async () => {
  const h = await start();
  try {
    const bad = async (group: unknown, version: string, message?: string) => {
      const res = await post(h, { server_group: group }, version);
      assert.equal(res.status, 400, `${version} ${JSON.stringify(group)}: ${res.text}`);
      if (message) assert.equal(faultMessage(res.body), message);
    };
    for (const p of ["affinity", "anti-affinity"]) {
      assert.deepEqual((await created(h, { name: "g", policies: [p] }, "2.1")).policies, [p]);
    }
    await bad({ name: "g", policies: ["soft-affinity"] }, "2.14");
    for (const p of ["soft-affinity", "soft-anti-affinity"]) {
      assert.deepEqual((await created(h, { name: "g", policies: [p] }, "2.15")).policies, [p]);
      const g = await created(h, { name: "g", policy: p }, "2.64");
      assert.equal(g.policy, p);
      assert.deepEqual(g.rules, {});
    }
    await bad({ name: "g", policies: ["affinity", "anti-affinity"] }, "2.15");
    await bad({ name: "g", policies: [] }, "2.15");
    await bad({ name: "g", policies: ["legacy"] }, "2.15");
    await bad({ name: "g" }, "2.1");
    await bad({ name: "", policies: ["affinity"] }, "2.1");
    await bad({ name: "g", policies: ["affinity"], metadata: {} }, "2.1");
    // 2.64: one policy, rules for anti-affinity only.
    await bad({ name: "g", policies: ["affinity"] }, "2.64");
    await bad(
      { name: "g", policy: "affinity", rules: { max_server_per_host: 2 } },
      "2.64",
      "Only anti-affinity policy supports rules.",
    );
    await bad({ name: "g", policy: "anti-affinity", rules: { max_server_per_host: 0 } }, "2.64");
    await bad({ name: "g", policy: "anti-affinity", rules: { other: 1 } }, "2.64");
    const g = await created(h, {
      name: "g",
      policy: "anti-affinity",
      rules: { max_server_per_host: "2" },
    });
    assert.deepEqual(g.rules, { max_server_per_host: 2 });
    // Before 2.64 a group made at 2.64 shows its policy as a list.
    const old = await h.json(`/os-server-groups/${g.id}`, { as: "member", version: "2.63" });
    assert.deepEqual(old.body.server_group.policies, ["anti-affinity"]);
    assert.equal("rules" in old.body.server_group, false);
  } finally {
    await h.close();
  }
});

Deno.test("list: own project, all_projects for an admin, limit and offset, 2.75 query", async () => {
  const h = await start();
  try {
    const a1 = await created(h, { name: "a1", policy: "affinity" });
    const a2 = await created(h, { name: "a2", policy: "affinity" });
    const b1 = await created(h, { name: "b1", policy: "affinity" }, "2.64", "other");
    const names = async (query: string, as: Persona, version = "2.64") => {
      const res = await h.json(`/os-server-groups${query}`, { as, version });
      assert.equal(res.status, 200, res.text);
      return res.body.server_groups.map((g: { name: string }) => g.name);
    };
    assert.deepEqual(await names("", "member"), ["a1", "a2"]);
    assert.deepEqual(await names("", "other"), ["b1"]);
    // A non-admin asking for every project gets its own, as in Nova.
    assert.deepEqual(await names("?all_projects=1", "member"), ["a1", "a2"]);
    assert.deepEqual(await names("", "admin"), []);
    assert.deepEqual(await names("?all_projects=True", "admin"), ["a1", "a2", "b1"]);
    assert.deepEqual(await names("?all_projects=1&limit=1&offset=1", "admin"), ["a2"]);
    assert.deepEqual(await names("?all_projects=1&offset=2", "admin"), ["b1"]);
    assert.deepEqual(await names("?all_projects=1&limit=0", "admin"), ["a1", "a2", "b1"]);
    for (const q of ["?limit=-1", "?offset=x", "?limit="]) {
      const res = await h.json(`/os-server-groups${q}`, { as: "member" });
      assert.equal(res.status, 400, q);
    }
    assert.deepEqual(await names("?foo=1", "member", "2.74"), ["a1", "a2"]);
    const closed = await h.json("/os-server-groups?foo=1", { as: "member", version: "2.75" });
    assert.equal(closed.status, 400);
    // Show and delete act on the group's project.
    const foreign = await h.json(`/os-server-groups/${b1.id}`, { as: "member" });
    assert.equal(foreign.status, 403);
    assert.equal((await h.json(`/os-server-groups/${b1.id}`, { as: "admin" })).status, 200);
    const reader = await h.fetch(`/os-server-groups/${a1.id}`, { as: "reader", method: "DELETE" });
    assert.equal(reader.status, 403);
    await reader.body?.cancel();
    const del = await h.fetch(`/os-server-groups/${a1.id}`, { as: "member", method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    const gone = await h.json(`/os-server-groups/${a1.id}`, { as: "member" });
    assert.equal(gone.status, 404);
    assert.equal(faultMessage(gone.body), `Instance group ${a1.id} could not be found.`);
    const again = await h.json(`/os-server-groups/${a1.id}`, { as: "member", method: "DELETE" });
    assert.equal(again.status, 404);
    assert.deepEqual(await names("", "member"), ["a2"]);
    assert.equal(a2.name, "a2");
    // 2.102 closes the show's query.
    const q = await h.json(`/os-server-groups/${a2.id}?x=1`, { as: "member", version: "2.102" });
    assert.equal(q.status, 400);
    const q101 = await h.json(`/os-server-groups/${a2.id}?x=1`, { as: "member", version: "2.101" });
    assert.equal(q101.status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("server_groups quota: counted on create, refused past it, freed on delete", async () => {
  const h = await start({ quota: { server_groups: 2 } });
  try {
    const g1 = await created(h, { name: "g1", policy: "affinity" });
    await created(h, { name: "g2", policy: "affinity" });
    const over = await post(h, { server_group: { name: "g3", policy: "affinity" } }, "2.64");
    assert.equal(over.status, 403);
    assert.equal(faultMessage(over.body), "Quota exceeded, too many server groups.");
    // The quota is checked before the rules (Nova's order).
    const rules = await post(h, {
      server_group: { name: "g3", policy: "affinity", rules: { max_server_per_host: 2 } },
    }, "2.64");
    assert.equal(rules.status, 403);
    const detail = await h.json("/os-quota-sets/project-a/detail", {
      as: "member",
      version: "2.64",
    });
    assert.equal(detail.status, 200, detail.text);
    assert.deepEqual(detail.body.quota_set.server_groups, { limit: 2, in_use: 2, reserved: 0 });
    const limits = await h.json("/limits", { as: "member" });
    assert.equal(limits.body.limits.absolute.totalServerGroupsUsed, 2);
    const del = await h.fetch(`/os-server-groups/${g1.id}`, { as: "member", method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    await created(h, { name: "g3", policy: "affinity" });
    // Another project has its own count.
    await created(h, { name: "b", policy: "affinity" }, "2.64", "other");
  } finally {
    await h.close();
  }
});
