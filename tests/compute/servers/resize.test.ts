/** Resize, confirmResize, revertResize and migrate over real HTTP: states, Nova's faults, policies. */
import assert from "node:assert/strict";
import { getHostUsage } from "../../../lib/store/hosts.ts";
import { listInstanceMigrations } from "../../../lib/store/server_migrations.ts";
import { TestClock } from "../../instances/support.ts";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { sample } from "../../support/samples.ts";
import { createServer, start } from "./_support.ts";

// deno-lint-ignore no-explicit-any
async function show(h: Harness, id: string, version = "2.1"): Promise<any> {
  const res = await h.json(`/servers/${id}`, { as: "admin", version });
  assert.equal(res.status, 200, res.text);
  return res.body.server;
}

async function brief(h: Harness, id: string) {
  const s = await show(h, id);
  return [s.status, s["OS-EXT-STS:task_state"], s["OS-EXT-SRV-ATTR:host"], s.flavor.id];
}

function action(h: Harness, id: string, body: unknown, version = "2.1", as: Persona = "member") {
  return h.json(`/servers/${id}/action`, { as, json: body, version });
}

async function expect(
  h: Harness,
  id: string,
  body: unknown,
  status: number,
  message?: string,
  version = "2.1",
  as: Persona = "member",
) {
  const res = await action(h, id, body, version, as);
  assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
  if (message !== undefined) assert.equal(faultMessage(res.body), message);
  if (status === 202 || status === 204) assert.equal(res.text, "");
}

async function usage(h: Harness) {
  const res = await h.json("/limits", { as: "member" });
  const a = res.body.limits.absolute;
  return [a.totalCoresUsed, a.totalRAMUsed, a.totalInstancesUsed];
}

async function hostsUsed(h: Harness) {
  const names = h.runtime.instances.hosts.map((x) => x.name);
  const u = await getHostUsage(h.kv, names);
  return Object.fromEntries([...u].map(([n, v]) => [n, v.memory_mb]));
}

Deno.test("resize with Nova's sample body → VERIFY_RESIZE on the new flavor; confirm → ACTIVE", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const host = (await show(h, id))["OS-EXT-SRV-ATTR:host"];
    const other = host === "compute-1" ? "compute-2" : "compute-1";
    await expect(h, id, await sample("servers/server-action-resize.json"), 202);
    assert.deepEqual(await brief(h, id), ["VERIFY_RESIZE", null, other, "2"]);
    const s = await show(h, id, "2.47");
    assert.equal(s.flavor.original_name, "m1.small");
    assert.equal(s["OS-EXT-STS:vm_state"], "resized");
    assert.deepEqual(await usage(h), [1, 2048, 1]);
    assert.deepEqual(await hostsUsed(h), { [host]: 512, [other]: 2048 });
    await expect(h, id, await sample("servers/server-action-confirm-resize.json"), 204);
    assert.deepEqual(await brief(h, id), ["ACTIVE", null, other, "2"]);
    assert.deepEqual(await hostsUsed(h), { [host]: 0, [other]: 2048 });
    const actions = await h.json(`/servers/${id}/os-instance-actions`, { as: "member" });
    assert.deepEqual(
      actions.body.instanceActions.map((a: { action: string }) => a.action),
      ["confirmResize", "resize", "create"],
    );
    const [m] = await listInstanceMigrations(h.kv, id);
    assert.deepEqual([m.migration_type, m.status, m.user_id], [
      "resize",
      "confirmed",
      "member-user",
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("revertResize with Nova's sample body → back on the old flavor, host and quota", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const host = (await show(h, id))["OS-EXT-SRV-ATTR:host"];
    await expect(h, id, { resize: { flavorRef: 3 } }, 202);
    assert.deepEqual(await usage(h), [2, 4096, 1]);
    await expect(h, id, await sample("servers/server-action-revert-resize.json"), 202);
    assert.deepEqual(await brief(h, id), ["ACTIVE", null, host, "1"]);
    assert.deepEqual(await usage(h), [1, 512, 1]);
    assert.deepEqual(Object.values(await hostsUsed(h)).sort(), [0, 512]);
  } finally {
    await h.close();
  }
});

Deno.test("resize 400s: body schema, unknown flavor, same flavor, image too big for the flavor", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    await expect(h, id, { resize: {} }, 400);
    await expect(h, id, { resize: { flavorRef: "" } }, 400);
    await expect(h, id, { resize: { flavorRef: "2", "OS-DCF:diskConfig": "BAD" } }, 400);
    await expect(h, id, { resize: { flavorRef: "2", extra: 1 } }, 400);
    await expect(h, id, { resize: { flavorRef: "99" } }, 400, "Flavor 99 could not be found.");
    await expect(
      h,
      id,
      { resize: { flavorRef: "1" } },
      400,
      "When resizing, instances must change flavor!",
    );
    const flavor = await h.json("/flavors", {
      as: "admin",
      json: { flavor: { name: "zero", ram: 512, vcpus: 1, disk: 0, id: "zero" } },
    });
    assert.equal(flavor.status, 200, flavor.text);
    await expect(
      h,
      id,
      { resize: { flavorRef: "zero" } },
      400,
      "Server disk was unable to be resized because: Resize to zero disk flavor is not allowed.",
    );
    await expect(h, id, { confirmResize: null, other: 1 }, 400);
  } finally {
    await h.close();
  }
});

Deno.test("resize over quota is Nova's 403 TooManyInstances text; nothing changes", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const set = await h.json("/os-quota-sets/project-a", {
      as: "admin",
      method: "PUT",
      json: { quota_set: { ram: 1000 } },
    });
    assert.equal(set.status, 200, set.text);
    await expect(
      h,
      id,
      { resize: { flavorRef: "2" } },
      403,
      "Quota exceeded for ram: Requested 1536, but already used 512 of 1000 ram",
    );
    assert.deepEqual(await brief(h, id), [
      "ACTIVE",
      null,
      (await show(h, id))["OS-EXT-SRV-ATTR:host"],
      "1",
    ]);
    assert.deepEqual(await listInstanceMigrations(h.kv, id), []);
  } finally {
    await h.close();
  }
});

Deno.test("preconditions: 409 for the lock and states, 400 when the migration is not finished", async () => {
  const h = await start({ deno: { fake_boot_seconds: 5 } });
  const clock = new TestClock();
  h.runtime.instances.clock = clock.now;
  try {
    const id = await createServer(h);
    await expect(
      h,
      id,
      { resize: { flavorRef: "2" } },
      409,
      `Cannot 'resize' instance ${id} while it is in vm_state building`,
    );
    clock.advance(5);
    await expect(
      h,
      id,
      { confirmResize: null },
      409,
      `Cannot 'confirmResize' instance ${id} while it is in vm_state active`,
    );
    await expect(
      h,
      id,
      { revertResize: null },
      409,
      `Cannot 'revertResize' instance ${id} while it is in vm_state active`,
    );
    await expect(h, id, { resize: { flavorRef: "2" } }, 202);
    await expect(
      h,
      id,
      { resize: { flavorRef: "3" } },
      409,
      `Cannot 'resize' instance ${id} while it is in task_state resize_prep`,
    );
    await expect(
      h,
      id,
      { migrate: null },
      409,
      `Cannot 'migrate' instance ${id} while it is in task_state resize_prep`,
      "2.1",
      "admin",
    );
    clock.advance(2);
    assert.equal((await show(h, id))["OS-EXT-STS:task_state"], "resize_migrating");
    assert.equal((await show(h, id)).status, "RESIZE");
    clock.advance(3);
    assert.equal((await show(h, id)).status, "VERIFY_RESIZE");
    await expect(h, id, { confirmResize: null }, 204);
    await expect(h, id, { confirmResize: null }, 400, "Instance has not been resized.");
    await expect(h, id, { revertResize: null }, 400, "Instance has not been resized.");
    clock.advance(5);
    assert.equal((await show(h, id)).status, "ACTIVE");
    const lock = await action(h, id, { lock: null }, "2.1", "admin");
    assert.equal(lock.status, 202, lock.text);
    await expect(h, id, { resize: { flavorRef: "3" } }, 409, `Instance ${id} is locked`);
    // Revert needs the server in VERIFY_RESIZE with its migration finished.
    await expect(h, id, { resize: { flavorRef: "3" } }, 202, undefined, "2.1", "admin");
    clock.advance(5);
    await expect(h, id, { revertResize: null }, 409, `Instance ${id} is locked`);
    await expect(h, id, { revertResize: null }, 202, undefined, "2.1", "admin");
    assert.equal((await show(h, id)).status, "REVERT_RESIZE");
    await expect(
      h,
      id,
      { confirmResize: null },
      409,
      `Cannot 'confirmResize' instance ${id} while it is in task_state resize_reverting`,
      "2.1",
      "admin",
    );
  } finally {
    await h.close();
  }
});

Deno.test("policies: a reader may not resize, confirm or revert; another project sees 404", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    await expect(h, id, { resize: { flavorRef: "2" } }, 403, undefined, "2.1", "reader");
    await expect(h, id, { resize: { flavorRef: "2" } }, 404, undefined, "2.1", "other");
    await expect(h, id, { resize: { flavorRef: "2" } }, 202);
    await expect(h, id, { confirmResize: null }, 403, undefined, "2.1", "reader");
    await expect(h, id, { revertResize: null }, 403, undefined, "2.1", "reader");
    await expect(h, id, { revertResize: null }, 404, undefined, "2.1", "other");
    await expect(h, id, { revertResize: null }, 202, undefined, "2.1", "member2");
  } finally {
    await h.close();
  }
});

Deno.test("migrate: manager or admin; a host (2.56) admin only; Nova's 400s for the host", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const host = (await show(h, id))["OS-EXT-SRV-ATTR:host"];
    const other = host === "compute-1" ? "compute-2" : "compute-1";
    const plain = await sample("os-migrate-server/migrate-server.json");
    const toHost = await sample("os-migrate-server/v2.56/migrate-server.json");
    await expect(h, id, plain, 403, undefined, "2.1", "member");
    await expect(h, id, { migrate: { host: other } }, 403, undefined, "2.56", "manager");
    await expect(h, id, toHost, 400, "Compute host host1 could not be found.", "2.56", "admin");
    await expect(
      h,
      id,
      { migrate: { host } },
      400,
      "Cannot migrate to the host where the server exists.",
      "2.56",
      "admin",
    );
    await expect(h, id, { migrate: { host: "bad host!" } }, 400, undefined, "2.56", "admin");
    await expect(h, id, { migrate: { other: 1 } }, 400, undefined, "2.56", "admin");
    await expect(h, id, plain, 202, undefined, "2.1", "manager");
    assert.deepEqual(await brief(h, id), ["VERIFY_RESIZE", null, other, "1"]);
    await expect(h, id, { confirmResize: null }, 204);
    // Before 2.56 a host is not read: the scheduler picks (the only other host).
    await expect(h, id, { migrate: { host: "anything" } }, 202, undefined, "2.55", "admin");
    assert.deepEqual(await brief(h, id), ["VERIFY_RESIZE", null, host, "1"]);
    await expect(h, id, { revertResize: null }, 202);
    await expect(h, id, { migrate: { host: null } }, 202, undefined, "2.56", "admin");
    assert.deepEqual(await brief(h, id), ["VERIFY_RESIZE", null, host, "1"]);
    const migrations = await listInstanceMigrations(h.kv, id);
    assert.deepEqual(migrations.map((m) => [m.migration_type, m.status]), [
      ["migration", "finished"],
      ["migration", "reverted"],
      ["migration", "confirmed"],
    ]);
    assert.deepEqual(await usage(h), [1, 512, 1]);
  } finally {
    await h.close();
  }
});

Deno.test("a move nothing can take: 202, then ACTIVE again with the migration in error", async () => {
  const h = await start({ virt: { host: ["solo:16:32768:500"] } });
  try {
    const id = await createServer(h);
    await expect(h, id, { migrate: null }, 202, undefined, "2.1", "admin");
    const s = await show(h, id);
    assert.deepEqual([s.status, s["OS-EXT-STS:task_state"], s.fault], ["ACTIVE", null, undefined]);
    const [m] = await listInstanceMigrations(h.kv, id);
    assert.equal(m.status, "error");
    const actions = await h.json(`/servers/${id}/os-instance-actions`, { as: "member" });
    const [latest] = actions.body.instanceActions;
    assert.deepEqual([latest.action, latest.message], ["migrate", "Error"]);
  } finally {
    await h.close();
  }
});

Deno.test("deleting a server in VERIFY_RESIZE frees both hosts and its quota", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    await expect(h, id, { resize: { flavorRef: "2" } }, 202);
    const del = await h.fetch(`/servers/${id}`, { as: "member", method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    assert.deepEqual(await usage(h), [0, 0, 0]);
    assert.deepEqual(Object.values(await hostsUsed(h)), [0, 0]);
  } finally {
    await h.close();
  }
});
