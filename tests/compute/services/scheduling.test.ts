/**
 * What the service state changes elsewhere, over real HTTP: a disabled, forced-down or deleted
 * compute service gets no new servers (the build lands on the other host, or fails with
 * NoValidHost when none is left), and a server's `host_status` (2.16) follows its host's service:
 * UP, MAINTENANCE (disabled), DOWN (forced down), shown to admins only.
 */
import assert from "node:assert/strict";
import { serviceUuid } from "../../../lib/virt/service_ids.ts";
import type { Harness } from "../../support/compute.ts";
import { createServer, start } from "../servers/_support.ts";

async function server(
  h: Harness,
  id: string,
  version = "2.16",
  as: "admin" | "member" = "admin",
  // deno-lint-ignore no-explicit-any
): Promise<any> {
  const res = await h.json(`/servers/${id}`, { as, version });
  assert.equal(res.status, 200, res.text);
  return res.body.server;
}

async function setState(h: Harness, host: string, body: Record<string, unknown>): Promise<void> {
  const uuid = await serviceUuid("nova-compute", host);
  const res = await h.json(`/os-services/${uuid}`, { method: "PUT", json: body, version: "2.53" });
  assert.equal(res.status, 200, res.text);
}

Deno.test("a disabled or forced-down host gets no new servers; none left: NoValidHost", async () => {
  const h = await start();
  try {
    await setState(h, "compute-1", { status: "disabled", disabled_reason: "maintenance" });
    const a = await createServer(h);
    assert.equal((await server(h, a))["OS-EXT-SRV-ATTR:host"], "compute-2");
    await setState(h, "compute-1", { status: "enabled", forced_down: true });
    const b = await createServer(h);
    assert.equal((await server(h, b))["OS-EXT-SRV-ATTR:host"], "compute-2");
    await setState(h, "compute-2", { status: "disabled" });
    const c = await createServer(h);
    const failed = await server(h, c);
    assert.equal(failed.status, "ERROR");
    assert.match(failed.fault.message, /^No valid host was found\./);
    await setState(h, "compute-1", { forced_down: false });
    const d = await createServer(h);
    assert.equal((await server(h, d))["OS-EXT-SRV-ATTR:host"], "compute-1");
  } finally {
    await h.close();
  }
});

Deno.test("a deleted compute service gets no new servers", async () => {
  const h = await start();
  try {
    const del = await h.json("/os-services/3", { method: "DELETE" });
    assert.equal(del.status, 204, del.text);
    for (let i = 0; i < 2; i++) {
      const id = await createServer(h);
      assert.equal((await server(h, id))["OS-EXT-SRV-ATTR:host"], "compute-2");
    }
  } finally {
    await h.close();
  }
});

Deno.test("host_status follows the host's service: UP, MAINTENANCE, DOWN, UP", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const host = (await server(h, id))["OS-EXT-SRV-ATTR:host"];
    const status = async () => (await server(h, id)).host_status;
    const listed = async () => {
      const res = await h.json("/servers/detail?all_tenants=1", { version: "2.16" });
      return res.body.servers[0].host_status;
    };
    assert.equal(await status(), "UP");
    await setState(h, host, { status: "disabled" });
    assert.deepEqual([await status(), await listed()], ["MAINTENANCE", "MAINTENANCE"]);
    await setState(h, host, { forced_down: true });
    assert.deepEqual([await status(), await listed()], ["DOWN", "DOWN"]);
    await setState(h, host, { status: "enabled", forced_down: false });
    assert.equal(await status(), "UP");
    assert.equal("host_status" in await server(h, id, "2.15"), false);
    assert.equal("host_status" in await server(h, id, "2.16", "member"), false);
    const updated = await h.json(`/servers/${id}`, {
      method: "PUT",
      json: { server: { name: "renamed" } },
      version: "2.75",
    });
    assert.equal(updated.body.server.host_status, "UP");
  } finally {
    await h.close();
  }
});
