/**
 * Deferred delete over real HTTP: with `[DEFAULT] reclaim_instance_interval` set, DELETE leaves
 * the server SOFT_DELETED (its quota still counted) until `restore` or `forceDelete`; Nova's
 * 409s, policies and body checks. The reclaim itself is a due step, observed on a test clock in
 * `tests/instances/deferred_delete.test.ts` (here the interval is an hour: no read reaches it).
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { createServer, start } from "./_support.ts";

const HOUR = { DEFAULT: { reclaim_instance_interval: 3600 } };

// deno-lint-ignore no-explicit-any
async function show(h: Harness, id: string): Promise<any> {
  const res = await h.json(`/servers/${id}`, { as: "admin" });
  assert.equal(res.status, 200, res.text);
  const s = res.body.server;
  return [
    s.status,
    s["OS-EXT-STS:vm_state"],
    s["OS-EXT-STS:task_state"],
    s["OS-EXT-STS:power_state"],
  ];
}

function action(h: Harness, id: string, body: unknown, as: Persona = "member") {
  return h.json(`/servers/${id}/action`, { as, json: body });
}

async function accepted(h: Harness, id: string, body: unknown, as: Persona = "member") {
  const res = await action(h, id, body, as);
  assert.equal(res.status, 202, `${JSON.stringify(body)}: ${res.text}`);
  assert.equal(res.text, "");
}

async function remove(h: Harness, id: string) {
  const res = await h.fetch(`/servers/${id}`, { as: "member", method: "DELETE" });
  await res.body?.cancel();
  assert.equal(res.status, 204);
}

async function instancesUsed(h: Harness): Promise<number> {
  const res = await h.json("/limits", { as: "member" });
  assert.equal(res.status, 200, res.text);
  return res.body.limits.absolute.totalInstancesUsed;
}

Deno.test("DELETE soft-deletes; restore brings the server back; forceDelete removes it", async () => {
  const h = await start(HOUR);
  try {
    const id = await createServer(h);
    assert.deepEqual(await show(h, id), ["ACTIVE", "active", null, 1]);
    await remove(h, id);
    assert.deepEqual(await show(h, id), ["SOFT_DELETED", "soft-delete", null, 4]);
    assert.equal(await instancesUsed(h), 1);

    await accepted(h, id, { restore: null });
    assert.deepEqual(await show(h, id), ["ACTIVE", "active", null, 1]);
    const again = await action(h, id, { restore: null });
    assert.equal(again.status, 409, again.text);
    assert.equal(
      faultMessage(again.body),
      `Cannot 'restore' instance ${id} while it is in vm_state active`,
    );

    await remove(h, id);
    await accepted(h, id, { forceDelete: null });
    const gone = await h.json(`/servers/${id}`, { as: "member" });
    assert.equal(gone.status, 404, gone.text);
    assert.equal(await instancesUsed(h), 0);

    // From 2.21 the actions of a deleted server are listed.
    const actions = await h.json(`/servers/${id}/os-instance-actions`, {
      as: "admin",
      version: "2.21",
    });
    assert.equal(actions.status, 200, actions.text);
    assert.deepEqual(
      actions.body.instanceActions.map((a: { action: string }) => a.action),
      ["delete", "delete", "restore", "delete", "create"],
    );
  } finally {
    await h.close();
  }
});

Deno.test("forceDelete deletes a server in any state, as Nova's; reclaim 0 deletes at once", async () => {
  const h = await start(HOUR);
  try {
    const id = await createServer(h);
    await accepted(h, id, { forceDelete: {} });
    assert.equal((await h.json(`/servers/${id}`, { as: "member" })).status, 404);
  } finally {
    await h.close();
  }
  const plain = await start();
  try {
    const id = await createServer(plain);
    await remove(plain, id);
    assert.equal((await plain.json(`/servers/${id}`, { as: "member" })).status, 404);
  } finally {
    await plain.close();
  }
});

Deno.test("restore and forceDelete: locks, policies, others' servers, bodies", async () => {
  const h = await start(HOUR);
  try {
    const id = await createServer(h);
    await remove(h, id);

    const reader = await action(h, id, { restore: null }, "reader");
    assert.equal(reader.status, 403, reader.text);
    assert.equal(
      faultMessage(reader.body),
      "Policy doesn't allow os_compute_api:os-deferred-delete:restore to be performed.",
    );
    const readerForce = await action(h, id, { forceDelete: null }, "reader");
    assert.equal(readerForce.status, 403, readerForce.text);
    assert.equal(
      faultMessage(readerForce.body),
      "Policy doesn't allow os_compute_api:os-deferred-delete:force to be performed.",
    );
    const other = await action(h, id, { restore: null }, "other");
    assert.equal(other.status, 404, other.text);
    assert.equal(faultMessage(other.body), `Instance ${id} could not be found.`);

    const extra = await action(h, id, { restore: null, other: 1 });
    assert.equal(extra.status, 400, extra.text);

    await accepted(h, id, { lock: null }, "admin");
    for (const body of [{ restore: null }, { forceDelete: null }]) {
      const locked = await action(h, id, body);
      assert.equal(locked.status, 409, locked.text);
      assert.equal(faultMessage(locked.body), `Instance ${id} is locked`);
    }
    assert.deepEqual(await show(h, id), ["SOFT_DELETED", "soft-delete", null, 4]);
    await accepted(h, id, { restore: null }, "admin");
    assert.deepEqual(await show(h, id), ["ACTIVE", "active", null, 1]);
  } finally {
    await h.close();
  }
});

Deno.test("a soft-deleted server leaves the default listing; soft_deleted and deleted show it", async () => {
  const h = await start(HOUR);
  try {
    const kept = await createServer(h, "member", { name: "kept" });
    const gone = await createServer(h, "member", { name: "gone" });
    await remove(h, gone);
    assert.deepEqual((await show(h, gone))[0], "SOFT_DELETED");
    const names = async (query: string, as: Persona) =>
      (await h.json(`/servers${query}`, { as })).body.servers.map((s: { id: string }) => s.id);
    assert.deepEqual(await names("", "member"), [kept]);
    assert.deepEqual(await names("?all_tenants=1", "admin"), [kept]);
    assert.deepEqual(
      (await names("?all_tenants=1&soft_deleted=1", "admin")).sort(),
      [kept, gone].sort(),
    );
    assert.deepEqual(await names("?all_tenants=1&deleted=true", "admin"), [gone]);
  } finally {
    await h.close();
  }
});
