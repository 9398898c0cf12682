/** Shelve, shelveOffload and unshelve over real HTTP: states, hosts, Nova's 409s and bodies. */
import assert from "node:assert/strict";
import type { Harness, Persona } from "../../support/compute.ts";
import { createServer, start } from "./_support.ts";

// deno-lint-ignore no-explicit-any
async function show(h: Harness, id: string): Promise<any> {
  const res = await h.json(`/servers/${id}`, { as: "admin" });
  assert.equal(res.status, 200, res.text);
  const s = res.body.server;
  return [s.status, s["OS-EXT-STS:task_state"], s["OS-EXT-SRV-ATTR:host"]];
}

function action(h: Harness, id: string, body: unknown, version = "2.1", as: Persona = "member") {
  return h.json(`/servers/${id}/action`, { as, json: body, version });
}

async function accepted(
  h: Harness,
  id: string,
  body: unknown,
  version = "2.1",
  as: Persona = "member",
) {
  const res = await action(h, id, body, version, as);
  assert.equal(res.status, 202, `${JSON.stringify(body)}: ${res.text}`);
  assert.equal(res.text, "");
}

Deno.test("shelve offloads at once by default; unshelve places it on a host again", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    await accepted(h, id, { shelve: null });
    assert.deepEqual(await show(h, id), ["SHELVED_OFFLOADED", null, null]);
    const again = await action(h, id, { shelve: null });
    assert.equal(again.status, 409, again.text);
    const off = await action(h, id, { shelveOffload: null });
    assert.equal(off.status, 403, off.text);
    const offAdmin = await action(h, id, { shelveOffload: null }, "2.1", "admin");
    assert.equal(offAdmin.status, 409, offAdmin.text);
    await accepted(h, id, { unshelve: null });
    const [status, task, host] = await show(h, id);
    assert.deepEqual([status, task], ["ACTIVE", null]);
    assert.equal(typeof host, "string");
  } finally {
    await h.close();
  }
});

Deno.test("shelved_offload_time -1: SHELVED until shelveOffload; a zone only for offloaded", async () => {
  const h = await start({ DEFAULT: { shelved_offload_time: -1 } });
  try {
    const id = await createServer(h);
    await accepted(h, id, { shelve: {} });
    const [status, , host] = await show(h, id);
    assert.equal(status, "SHELVED");
    assert.equal(typeof host, "string");
    const az = await action(h, id, { unshelve: { availability_zone: "nova" } }, "2.77");
    assert.equal(az.status, 409, az.text);
    assert.match(az.text, /must be SHELVED_OFFLOADED/);
    await accepted(h, id, { shelveOffload: null }, "2.1", "admin");
    assert.deepEqual(await show(h, id), ["SHELVED_OFFLOADED", null, null]);
    // Before 2.77 the body's value is not looked at; at 2.77 an empty object is refused.
    const empty = await action(h, id, { unshelve: {} }, "2.77");
    assert.equal(empty.status, 400, empty.text);
    const nowhere = await action(h, id, { unshelve: { availability_zone: "nowhere" } }, "2.77");
    assert.equal(nowhere.status, 400, nowhere.text);
    await accepted(h, id, { unshelve: { availability_zone: "nova" } }, "2.77");
    assert.equal((await show(h, id))[0], "ACTIVE");
  } finally {
    await h.close();
  }
});

Deno.test("unshelve with a host needs unshelve_to_host (admin) from 2.91", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    await accepted(h, id, { shelve: null });
    const res = await action(h, id, { unshelve: { host: "compute1" } }, "2.91");
    assert.equal(res.status, 403, res.text);
    const missing = await action(h, id, { unshelve: { host: "nohost" } }, "2.91", "admin");
    assert.equal(missing.status, 400, missing.text);
    assert.match(missing.text, /Compute host nohost could not be found/);
    const old = await action(h, id, { unshelve: { host: "compute1" } }, "2.90");
    assert.equal(old.status, 400, old.text);
  } finally {
    await h.close();
  }
});

Deno.test("an offloaded server can be deleted; an unknown zone with a host is a 400", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    await accepted(h, id, { shelve: null });
    const res = await action(
      h,
      id,
      { unshelve: { host: "compute1", availability_zone: "elsewhere" } },
      "2.91",
      "admin",
    );
    assert.equal(res.status, 400, res.text);
    assert.match(res.text, /The requested availability zone is not available/);
    const gone = await h.fetch(`/servers/${id}`, { as: "member", method: "DELETE" });
    await gone.body?.cancel();
    assert.equal(gone.status, 204);
    const after = await h.json(`/servers/${id}`, { as: "member" });
    assert.equal(after.status, 404, after.text);
    const limits = await h.json("/limits", { as: "member" });
    assert.equal(limits.body.limits.absolute.totalInstancesUsed, 0);
    assert.equal(limits.body.limits.absolute.totalCoresUsed, 0);
  } finally {
    await h.close();
  }
});
