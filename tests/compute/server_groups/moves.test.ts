/**
 * Moves respect the server's group over real HTTP: a cold migration or a live migration of an
 * anti-affinity member finds no host while the other default host runs a member (a server in no
 * group moves there fine), and an affinity member cannot leave its group's host.
 */
import assert from "node:assert/strict";
import { listInstanceMigrations } from "../../../lib/store/server_migrations.ts";
import { faultMessage, type Harness } from "../../support/compute.ts";
import { createServer, serverBody, start } from "../servers/_support.ts";

async function member(h: Harness, policy: string): Promise<[string, string, string]> {
  const res = await h.json("/os-server-groups", {
    as: "member",
    version: "2.64",
    json: { server_group: { name: "g", policy } },
  });
  assert.equal(res.status, 200, res.text);
  const g = res.body.server_group.id;
  const boot = () =>
    h.json("/servers", {
      as: "member",
      json: { ...serverBody(), "os:scheduler_hints": { group: g } },
    });
  const a = await boot();
  const b = await boot();
  assert.equal(a.status, 202);
  assert.equal(b.status, 202);
  return [g, a.body.server.id, b.body.server.id];
}

async function hostOf(h: Harness, id: string, status = "ACTIVE"): Promise<string> {
  const res = await h.json(`/servers/${id}`, { as: "admin" });
  assert.equal(res.body.server.status, status, res.text);
  return res.body.server["OS-EXT-SRV-ATTR:host"];
}

async function migrate(h: Harness, id: string): Promise<string | undefined> {
  const res = await h.fetch(`/servers/${id}/action`, { as: "admin", json: { migrate: null } });
  assert.equal(res.status, 202);
  await res.body?.cancel();
  await h.json(`/servers/${id}`, { as: "admin" });
  const [m] = await listInstanceMigrations(h.kv, id);
  return m.status;
}

Deno.test("a cold migration keeps anti-affinity: no host while the other runs a member", async () => {
  const h = await start();
  try {
    const [, a, b] = await member(h, "anti-affinity");
    const before = await hostOf(h, a);
    assert.notEqual(before, await hostOf(h, b));
    assert.equal(await migrate(h, a), "error");
    assert.equal(await hostOf(h, a), before);
    // A server in no group moves to the other host.
    const plain = await createServer(h);
    const from = await hostOf(h, plain);
    assert.notEqual(await migrate(h, plain), "error");
    assert.notEqual(await hostOf(h, plain, "VERIFY_RESIZE"), from);
  } finally {
    await h.close();
  }
});

Deno.test("a live migration keeps anti-affinity: Nova's NoValidHost before 2.34", async () => {
  const h = await start();
  try {
    const [, a] = await member(h, "anti-affinity");
    const res = await h.json(`/servers/${a}/action`, {
      as: "admin",
      json: { "os-migrateLive": { host: null, block_migration: false, disk_over_commit: false } },
    });
    assert.equal(res.status, 400, res.text);
    assert.equal(
      faultMessage(res.body),
      "No valid host was found. There are not enough hosts available.",
    );
  } finally {
    await h.close();
  }
});

Deno.test("an affinity member cannot leave its group's host", async () => {
  const h = await start();
  try {
    const [, a, b] = await member(h, "affinity");
    assert.equal(await hostOf(h, a), await hostOf(h, b));
    assert.equal(await migrate(h, a), "error");
  } finally {
    await h.close();
  }
});

Deno.test("unshelve keeps anti-affinity: an offloaded member waits for a free host", async () => {
  const h = await start();
  try {
    const [g, a, b] = await member(h, "anti-affinity");
    const act = async (id: string, body: unknown) => {
      const res = await h.fetch(`/servers/${id}/action`, { as: "member", json: body });
      assert.equal(res.status, 202);
      await res.body?.cancel();
    };
    const freed = await hostOf(h, a);
    await act(a, { shelve: null });
    assert.equal(await hostOf(h, a, "SHELVED_OFFLOADED"), null);
    // A new member takes the host a left.
    const c = await h.json("/servers", {
      as: "member",
      json: { ...serverBody(), "os:scheduler_hints": { group: g } },
    });
    assert.equal(c.status, 202);
    assert.equal(await hostOf(h, c.body.server.id), freed);
    await act(a, { unshelve: null });
    assert.equal(await hostOf(h, a, "SHELVED_OFFLOADED"), null);
    // Once b is gone, a finds its host.
    const del = await h.fetch(`/servers/${b}`, { as: "member", method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    await h.json(`/servers/${b}`, { as: "member" });
    await act(a, { unshelve: null });
    assert.notEqual(await hostOf(h, a), freed);
  } finally {
    await h.close();
  }
});
