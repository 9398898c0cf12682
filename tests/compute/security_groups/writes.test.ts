/**
 * The security group proxy writes over real HTTP (2.1–2.35): create, update and delete groups,
 * with Neutron's refusals as Nova words them; a created group is listed, shown, usable by server
 * create and `addSecurityGroup`, and cannot be deleted while a server uses it.
 */
import assert from "node:assert/strict";
import { defaultSecurityGroup } from "../../../lib/networks/security_groups.ts";
import { getInstance } from "../../../lib/store/instances.ts";
import { getPort } from "../../../lib/store/ports.ts";
import type { Harness, Persona } from "../../support/compute.ts";
import { createServer, start } from "../servers/_support.ts";
import { assertMatchesSample } from "../../support/samples.ts";

async function withCompute(body: (h: Harness) => Promise<void>) {
  const h = await start();
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

async function createGroup(h: Harness, name: string, as: Persona = "member") {
  const res = await h.json("/os-security-groups", {
    as,
    json: { security_group: { name, description: `${name} group` } },
  });
  assert.equal(res.status, 200, res.text);
  await assertMatchesSample(res.body, "os-security-groups/security-groups-create-resp.json");
  return res.body.security_group;
}

Deno.test("os-security-groups: create shows the group in Nova's shape; list and show find it", async () => {
  await withCompute(async (h) => {
    const group = await createGroup(h, "web");
    assert.deepEqual(Object.keys(group).sort(), [
      "description",
      "id",
      "name",
      "rules",
      "tenant_id",
    ]);
    assert.deepEqual(
      { ...group, id: "x" },
      { id: "x", name: "web", description: "web group", tenant_id: "project-a", rules: [] },
    );
    const list = await h.json("/os-security-groups", { as: "reader" });
    assert.deepEqual(list.body.security_groups.map((g: { name: string }) => g.name), [
      "default",
      "web",
    ]);
    const show = await h.json(`/os-security-groups/${group.id}`, { as: "reader" });
    assert.deepEqual(show.body, { security_group: group });
    await assertMatchesSample(show.body, "os-security-groups/security-groups-get-resp.json");
    // Another project neither lists nor finds it; an admin lists it with all_tenants.
    const other = await h.json("/os-security-groups", { as: "other" });
    assert.deepEqual(other.body.security_groups.map((g: { name: string }) => g.name), [
      "default",
    ]);
    assert.equal((await h.json(`/os-security-groups/${group.id}`, { as: "other" })).status, 404);
    const all = await h.json("/os-security-groups?all_tenants=1");
    const names = all.body.security_groups.map((g: { tenant_id: string; name: string }) =>
      `${g.tenant_id}/${g.name}`
    );
    assert.deepEqual(names, ["admin-project/default", "project-a/default", "project-a/web"]);
    // Duplicate names are Neutron's to allow.
    assert.equal((await createGroup(h, "web")).name, "web");
  });
});

Deno.test("os-security-groups: the name default is reserved; the quota is Neutron's 10", async () => {
  await withCompute(async (h) => {
    const reserved = await h.json("/os-security-groups", {
      as: "member",
      json: { security_group: { name: "Default", description: "" } },
    });
    assert.equal(reserved.status, 403, reserved.text);
    assert.deepEqual(reserved.body, {
      forbidden: { code: 403, message: "Default security group already exists." },
    });
    for (let i = 1; i < 10; i++) await createGroup(h, `g${i}`);
    const over = await h.json("/os-security-groups", {
      as: "member",
      json: { security_group: { name: "g10", description: "" } },
    });
    assert.equal(over.status, 403, over.text);
    assert.equal(over.body.forbidden.message, "Quota exceeded for resources: ['security_group'].");
  });
});

Deno.test("os-security-groups: update renames and describes; the default group keeps its name", async () => {
  await withCompute(async (h) => {
    const group = await createGroup(h, "web");
    const put = await h.json(`/os-security-groups/${group.id}`, {
      as: "member",
      method: "PUT",
      json: { security_group: { name: "www", description: "renamed", id: group.id, rules: [] } },
    });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body.security_group, { ...group, name: "www", description: "renamed" });
    const def = defaultSecurityGroup("project-a").id;
    const renameDefault = await h.json(`/os-security-groups/${def}`, {
      as: "member",
      method: "PUT",
      json: { security_group: { name: "x", description: "y" } },
    });
    assert.equal(renameDefault.status, 400, renameDefault.text);
    assert.equal(
      renameDefault.body.badRequest.message,
      "Updating default security group not allowed.",
    );
    const toDefault = await h.json(`/os-security-groups/${group.id}`, {
      as: "member",
      method: "PUT",
      json: { security_group: { name: "default", description: "y" } },
    });
    assert.equal(toDefault.status, 400, toDefault.text);
    const missing = await h.json(`/os-security-groups/${crypto.randomUUID()}`, {
      as: "member",
      method: "PUT",
      json: { security_group: { name: "x", description: "y" } },
    });
    assert.equal(missing.status, 404);
    const notId = await h.json("/os-security-groups/web", {
      as: "member",
      method: "PUT",
      json: { security_group: { name: "x", description: "y" } },
    });
    assert.deepEqual(notId.body, {
      badRequest: { code: 400, message: "Security group id should be uuid" },
    });
  });
});

Deno.test("os-security-groups: delete; not the default, not one in use", async () => {
  await withCompute(async (h) => {
    const group = await createGroup(h, "web");
    const def = defaultSecurityGroup("project-a").id;
    const noDefault = await h.json(`/os-security-groups/${def}`, {
      as: "member",
      method: "DELETE",
    });
    assert.equal(noDefault.status, 400, noDefault.text);
    assert.equal(
      noDefault.body.badRequest.message,
      "Insufficient rights for removing default security group.",
    );
    const server = await createServer(h, "member", { security_groups: [{ name: "web" }] });
    const inUse = await h.json(`/os-security-groups/${group.id}`, {
      as: "member",
      method: "DELETE",
    });
    assert.equal(inUse.status, 400, inUse.text);
    assert.equal(inUse.body.badRequest.message, `Security Group ${group.id} in use.`);
    const removed = await h.json(`/servers/${server}/action`, {
      as: "member",
      json: { removeSecurityGroup: { name: "web" } },
    });
    assert.equal(removed.status, 202, removed.text);
    const del = await h.json(`/os-security-groups/${group.id}`, { as: "member", method: "DELETE" });
    assert.equal(del.status, 202, del.text);
    assert.equal(del.text, "");
    assert.equal((await h.json(`/os-security-groups/${group.id}`, { as: "member" })).status, 404);
    const again = await h.json(`/os-security-groups/${group.id}`, {
      as: "member",
      method: "DELETE",
    });
    assert.equal(again.status, 404);
    assert.equal(again.body.itemNotFound.message, `Security group ${group.id} does not exist`);
  });
});

Deno.test("a created group: server create binds it, addSecurityGroup by name, server lists it", async () => {
  await withCompute(async (h) => {
    const web = await createGroup(h, "web");
    const db = await createGroup(h, "db");
    const id = await createServer(h, "member", { security_groups: [{ name: "web" }] });
    const server = await getInstance(h.kv, id);
    const port = await getPort(h.kv, server!.ports[0].id);
    assert.deepEqual(port?.security_groups, [web.id]);
    const names = async () =>
      (await h.json(`/servers/${id}/os-security-groups`, { as: "member" })).body.security_groups
        .map((g: { name: string }) => g.name);
    assert.deepEqual(await names(), ["web"]);
    const add = await h.json(`/servers/${id}/action`, {
      as: "member",
      json: { addSecurityGroup: { name: "db" } },
    });
    assert.equal(add.status, 202, add.text);
    assert.deepEqual(await names(), ["db", "web"]);
    const view = await h.json(`/servers/${id}`, { as: "member" });
    assert.deepEqual(view.body.server.security_groups, [{ name: "web" }, { name: "db" }]);
    const byId = await h.json(`/servers/${id}/action`, {
      as: "member",
      json: { removeSecurityGroup: { name: db.id } },
    });
    assert.equal(byId.status, 202, byId.text);
    assert.deepEqual(await names(), ["web"]);
  });
});

Deno.test("server create and addSecurityGroup: unknown groups are refused, duplicate names are 409", async () => {
  await withCompute(async (h) => {
    const unknown = await h.json("/servers", {
      as: "member",
      json: {
        server: {
          name: "s",
          imageRef: "155d900f-4e14-4e4c-a73d-069cbf4541e6",
          flavorRef: "1",
          security_groups: [{ name: "nope" }],
        },
      },
    });
    assert.equal(unknown.status, 400, unknown.text);
    assert.equal(unknown.body.badRequest.message, "Security group nope not found.");
    // Another project's group is not the caller's to use.
    const theirs = await createGroup(h, "theirs", "other");
    const id = await createServer(h);
    const add = await h.json(`/servers/${id}/action`, {
      as: "member",
      json: { addSecurityGroup: { name: theirs.id } },
    });
    assert.equal(add.status, 404, add.text);
    await createGroup(h, "twin");
    await createGroup(h, "twin");
    const twin = await h.json(`/servers/${id}/action`, {
      as: "member",
      json: { addSecurityGroup: { name: "twin" } },
    });
    assert.equal(twin.status, 409, twin.text);
    assert.equal(
      twin.body.conflictingRequest.message,
      "Multiple security_group matches found for name 'twin', use an ID to be more specific.",
    );
  });
});

Deno.test("os-security-groups writes: policy, bad bodies 400, capped past 2.35", async () => {
  await withCompute(async (h) => {
    const body = { security_group: { name: "web", description: "" } };
    const reader = await h.json("/os-security-groups", { as: "reader", json: body });
    assert.equal(reader.status, 403, reader.text);
    const bad: unknown[] = [
      null,
      {},
      { security_group: { name: "x" } },
      { security_group: { name: 1, description: "" } },
      { security_group: { name: "x".repeat(256), description: "" } },
      { security_group: "web" },
    ];
    for (const json of bad) {
      const res = await h.json("/os-security-groups", { as: "member", json });
      assert.equal(res.status, 400, `${JSON.stringify(json)}: ${res.text}`);
    }
    const group = await createGroup(h, "web");
    for (const json of bad) {
      const res = await h.json(`/os-security-groups/${group.id}`, {
        as: "member",
        method: "PUT",
        json,
      });
      assert.equal(res.status, 400, `${JSON.stringify(json)}: ${res.text}`);
    }
    const past = await h.json("/os-security-groups", { version: "2.36", json: body });
    assert.equal(past.status, 404);
    const del = await h.json(`/os-security-groups/${group.id}`, {
      method: "DELETE",
      version: "2.36",
    });
    assert.equal(del.status, 404);
    assert.equal((await h.json(`/os-security-groups/${group.id}`, { as: "member" })).status, 200);
  });
});
