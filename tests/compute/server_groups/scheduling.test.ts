/**
 * Server groups in the server-create path over real HTTP: the `group` hint joins the group
 * (its members, the `server_group_members` quota, multi-create), the simulated scheduler places
 * by the group's policy over the two default hosts (affinity together, anti-affinity apart and
 * NoValidHost past them, `max_server_per_host`, the soft policies as preferences), a deleted
 * server leaves its group, and the 2.71 `server_groups` of the server view.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness } from "../../support/compute.ts";
import { serverBody, start } from "../servers/_support.ts";

async function group(h: Harness, policy: string, rules?: Record<string, unknown>) {
  const res = await h.json("/os-server-groups", {
    as: "member",
    version: "2.64",
    json: { server_group: { name: `g-${policy}`, policy, ...(rules ? { rules } : {}) } },
  });
  assert.equal(res.status, 200, res.text);
  return res.body.server_group.id as string;
}

function boot(h: Harness, groupId: string, extra: Record<string, unknown> = {}) {
  return h.json("/servers", {
    as: "member",
    json: { ...serverBody(extra), "os:scheduler_hints": { group: groupId } },
  });
}

async function booted(h: Harness, groupId: string): Promise<string> {
  const res = await boot(h, groupId);
  assert.equal(res.status, 202, res.text);
  return res.body.server.id;
}

// deno-lint-ignore no-explicit-any
async function server(h: Harness, id: string, version = "2.1"): Promise<any> {
  const res = await h.json(`/servers/${id}`, { as: "admin", version });
  assert.equal(res.status, 200, res.text);
  return res.body.server;
}

async function hostOf(h: Harness, id: string): Promise<string | null> {
  return (await server(h, id))["OS-EXT-SRV-ATTR:host"];
}

async function members(h: Harness, groupId: string): Promise<string[]> {
  // From 2.15: before it, a soft policy is outside Nova's response schema (though Nova shows it).
  const res = await h.json(`/os-server-groups/${groupId}`, { as: "member", version: "2.15" });
  assert.equal(res.status, 200, res.text);
  return [...res.body.server_group.members].sort();
}

async function remove(h: Harness, id: string): Promise<void> {
  const res = await h.fetch(`/servers/${id}`, { as: "member", method: "DELETE" });
  assert.equal(res.status, 204);
  await res.body?.cancel();
  // Observing the server applies the (instant) delete.
  const gone = await h.fetch(`/servers/${id}`, { as: "member" });
  assert.equal(gone.status, 404);
  await gone.body?.cancel();
}

Deno.test("anti-affinity spreads two servers over the two hosts and refuses a third", async () => {
  const h = await start();
  try {
    const g = await group(h, "anti-affinity");
    const a = await booted(h, g);
    const b = await booted(h, g);
    const hosts = [await hostOf(h, a), await hostOf(h, b)].sort();
    assert.deepEqual(hosts, ["compute-1", "compute-2"]);
    const c = await booted(h, g);
    const errored = await server(h, c);
    assert.equal(errored.status, "ERROR");
    assert.equal(errored["OS-EXT-SRV-ATTR:host"], null);
    assert.equal(errored.fault.code, 500);
    assert.equal(
      errored.fault.message,
      "No valid host was found. There are not enough hosts available.",
    );
    // The failed server is a member until it is deleted, as in Nova.
    assert.deepEqual(await members(h, g), [a, b, c].sort());
    await remove(h, c);
    await remove(h, a);
    assert.deepEqual(await members(h, g), [b]);
    // Room again on a's host.
    const d = await booted(h, g);
    assert.equal((await server(h, d)).status, "ACTIVE");
    assert.notEqual(await hostOf(h, d), await hostOf(h, b));
  } finally {
    await h.close();
  }
});

Deno.test("affinity places every member with the first, a multi-create too", async () => {
  const h = await start();
  try {
    const g = await group(h, "affinity");
    const first = await booted(h, g);
    const host = await hostOf(h, first);
    assert.ok(host);
    const res = await boot(h, g, { min_count: 3, return_reservation_id: true });
    assert.equal(res.status, 202, res.text);
    const list = await h.json(
      `/servers/detail?reservation_id=${res.body.reservation_id}`,
      { as: "member" },
    );
    assert.equal(list.body.servers.length, 3);
    for (const s of list.body.servers) {
      assert.equal(await hostOf(h, s.id), host);
      assert.equal(s.status, "ACTIVE");
    }
    assert.equal((await members(h, g)).length, 4);
  } finally {
    await h.close();
  }
});

Deno.test("max_server_per_host (2.64) lets anti-affinity put that many on a host", async () => {
  const h = await start();
  try {
    const g = await group(h, "anti-affinity", { max_server_per_host: 2 });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await booted(h, g));
    const hosts = await Promise.all(ids.map((id) => hostOf(h, id)));
    assert.deepEqual(
      hosts.sort(),
      ["compute-1", "compute-1", "compute-2", "compute-2"],
    );
    const fifth = await booted(h, g);
    assert.equal((await server(h, fifth)).status, "ERROR");
  } finally {
    await h.close();
  }
});

Deno.test("the soft policies prefer, never refuse", async () => {
  const h = await start();
  try {
    const soft = await group(h, "soft-affinity");
    const s1 = await booted(h, soft);
    const s2 = await booted(h, soft);
    const s3 = await booted(h, soft);
    const together = await Promise.all([s1, s2, s3].map((id) => hostOf(h, id)));
    assert.equal(new Set(together).size, 1);
    const anti = await group(h, "soft-anti-affinity");
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await booted(h, anti));
    const spread = await Promise.all(ids.map((id) => hostOf(h, id)));
    assert.equal(new Set(spread.slice(0, 2)).size, 2);
    // A third member still finds a host: soft-anti-affinity does not filter.
    assert.equal((await server(h, ids[2])).status, "ACTIVE");
  } finally {
    await h.close();
  }
});

Deno.test("server_group_members quota counts a user's members of the group", async () => {
  const h = await start({ quota: { server_group_members: 2 } });
  try {
    const g = await group(h, "soft-affinity");
    await booted(h, g);
    // A multi-create past the member quota fails whole.
    const multi = await boot(h, g, { min_count: 2 });
    assert.equal(multi.status, 403, multi.text);
    assert.equal(faultMessage(multi.body), "Quota exceeded, too many servers in group");
    await booted(h, g);
    const third = await boot(h, g);
    assert.equal(third.status, 403);
    assert.equal(faultMessage(third.body), "Quota exceeded, too many servers in group");
    assert.equal((await members(h, g)).length, 2);
    // Nothing was left behind by the refused creates.
    const list = await h.json("/servers", { as: "member" });
    assert.equal(list.body.servers.length, 2);
    // Another user of the project has a count of their own.
    const other = await h.json("/servers", {
      as: "member2",
      json: { ...serverBody(), "os:scheduler_hints": { group: g } },
    });
    assert.equal(other.status, 202, other.text);
  } finally {
    await h.close();
  }
});

Deno.test("an unknown or deleted group is Nova's 400; a deleted group's members live on", async () => {
  const h = await start();
  try {
    const unknown = "5d1b3d7e-7b1a-4b6b-9f0d-1c2e3f4a5b6c";
    const res = await boot(h, unknown);
    assert.equal(res.status, 400);
    assert.equal(faultMessage(res.body), `Instance group ${unknown} could not be found.`);
    const g = await group(h, "affinity");
    const id = await booted(h, g);
    const del = await h.fetch(`/os-server-groups/${g}`, { as: "member", method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    assert.equal((await boot(h, g)).status, 400);
    assert.deepEqual((await server(h, id, "2.71")).server_groups, []);
    await remove(h, id);
  } finally {
    await h.close();
  }
});

Deno.test("server_groups in the server view from 2.71 (show, update, rebuild)", async () => {
  const h = await start();
  try {
    const g = await group(h, "anti-affinity");
    const id = await booted(h, g);
    assert.deepEqual((await server(h, id, "2.71")).server_groups, [g]);
    assert.equal("server_groups" in await server(h, id, "2.70"), false);
    const upd = await h.json(`/servers/${id}`, {
      as: "member",
      method: "PUT",
      version: "2.71",
      json: { server: { name: "renamed" } },
    });
    assert.equal(upd.status, 200, upd.text);
    assert.deepEqual(upd.body.server.server_groups, [g]);
    const rebuilt = await h.json(`/servers/${id}/action`, {
      as: "member",
      version: "2.71",
      json: { rebuild: { imageRef: serverBody().server.imageRef } },
    });
    assert.equal(rebuilt.status, 202, rebuilt.text);
    assert.deepEqual(rebuilt.body.server.server_groups, [g]);
    const plain = await h.json("/servers", { as: "member", json: serverBody() });
    assert.deepEqual((await server(h, plain.body.server.id, "2.71")).server_groups, []);
    // The list views never show it.
    const detail = await h.json("/servers/detail", { as: "member", version: "2.71" });
    for (const s of detail.body.servers) assert.equal("server_groups" in s, false);
  } finally {
    await h.close();
  }
});
