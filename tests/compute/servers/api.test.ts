/**
 * The servers API over real HTTP: create → ACTIVE, show, list and detail with paging and
 * filters, update, delete, addresses, metadata, isolation between projects and Nova's answers to
 * bad create input. Builds take no time (`[deno] fake_boot_seconds = 0`), deletes likewise.
 */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";
import { faultMessage, type Persona, startCompute } from "../../support/compute.ts";
import { createServer, serverBody, start } from "./_support.ts";
import { assertMatchesSample } from "../../support/samples.ts";

const SHAPE = {
  freeMaps: ["extra_specs", "metadata", "properties", "scheduler_hints"],
  nullable: [
    "description",
    "key_name",
    "locked_reason",
    "pinned_availability_zone",
    "OS-EXT-SRV-ATTR:kernel_id",
    "OS-EXT-SRV-ATTR:ramdisk_id",
    "OS-EXT-SRV-ATTR:user_data",
  ],
};

Deno.test("POST /servers at 2.1: 202, Location, adminPass, then ACTIVE on show", async () => {
  const h = await start();
  try {
    const res = await h.json("/servers", { as: "admin", json: serverBody() });
    assert.equal(res.status, 202, res.text);
    await assertMatchesSample(res.body, "servers/server-create-resp.json");
    const id = res.body.server.id;
    assert.equal(res.headers.get("location"), `${h.base}/servers/${id}`);
    assert.match(res.body.server.adminPass, /^[A-Za-z0-9]{12}$/);
    assert.equal(res.body.server["OS-DCF:diskConfig"], "MANUAL");

    const shown = await h.json(`/servers/${id}`, { as: "admin" });
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.body.server.status, "ACTIVE");
    assert.equal(shown.body.server.image.id, CIRROS_IMAGE_ID);
    assert.equal(shown.body.server.flavor.id, "1");
    const addrs = shown.body.server.addresses.private;
    assert.equal(addrs.length, 1);
    assert.match(addrs[0].addr, /^10\.0\.0\.\d+$/);
    await assertMatchesSample(shown.body, "servers/server-get-resp.json", SHAPE);
  } finally {
    await h.close();
  }
});

Deno.test("create, show and detail at 2.100 match Nova's samples", async () => {
  const h = await start();
  try {
    const res = await h.json("/servers", {
      as: "member",
      version: "2.100",
      json: serverBody({ description: "d" }),
    });
    assert.equal(res.status, 202, res.text);
    await assertMatchesSample(res.body, "servers/v2.100/server-create-resp.json");
    const id = res.body.server.id;
    const shown = await h.json(`/servers/${id}`, { as: "member", version: "2.100" });
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.body.server.status, "ACTIVE");
    assert.equal(shown.body.server.description, "d");
    assert.equal(shown.body.server.flavor.original_name, "m1.tiny");
    await assertMatchesSample(shown.body, "servers/v2.100/server-get-resp.json", SHAPE);
    // Nova's sample is a full page (limit 1), so it has servers_links.
    const detail = await h.json("/servers/detail?limit=1", { as: "member", version: "2.100" });
    assert.equal(detail.status, 200, detail.text);
    assert.equal(detail.body.servers.length, 1);
    await assertMatchesSample(detail.body, "servers/v2.100/servers-details-resp.json", SHAPE);
  } finally {
    await h.close();
  }
});

Deno.test("latest microversion: create and show", async () => {
  const h = await start();
  try {
    const id = await createServer(h, "member", {}, "latest");
    const shown = await h.json(`/servers/${id}`, { as: "member", version: "latest" });
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.body.server.status, "ACTIVE");
    assert.equal(shown.body.server.pinned_availability_zone, null);
  } finally {
    await h.close();
  }
});

Deno.test("list and detail page with servers_links, newest first", async () => {
  const h = await start();
  try {
    const res = await h.json("/servers", {
      as: "member",
      json: serverBody({ min_count: 3, max_count: 3 }),
    });
    assert.equal(res.status, 202, res.text);
    const all = await h.json("/servers", { as: "member" });
    assert.equal(all.body.servers.length, 3);
    assert.equal(all.body.servers_links, undefined);
    assert.deepEqual(
      all.body.servers.map((s: { name: string }) => s.name).sort(),
      ["vm1-1", "vm1-2", "vm1-3"],
    );

    const first = await h.json("/servers?limit=2", { as: "member" });
    assert.equal(first.body.servers.length, 2);
    const next = first.body.servers_links[0].href as string;
    assert.equal(next, `${h.base}/servers?limit=2&marker=${first.body.servers[1].id}`);
    const second = await h.json(next.slice(h.base.length), { as: "member" });
    assert.equal(second.body.servers.length, 1);
    assert.equal(second.body.servers_links, undefined);
    const seen = [...first.body.servers, ...second.body.servers].map((s: { id: string }) => s.id);
    assert.deepEqual(seen, all.body.servers.map((s: { id: string }) => s.id));

    const detail = await h.json("/servers/detail?limit=1", { as: "member" });
    assert.equal(detail.body.servers.length, 1);
    assert.match(detail.body.servers_links[0].href, /\/servers\/detail\?limit=1&marker=/);

    const bad = await h.json("/servers?marker=nope", { as: "member" });
    assert.equal(bad.status, 400);
    assert.equal(faultMessage(bad.body), "marker [nope] not found");
  } finally {
    await h.close();
  }
});

Deno.test("list filters: name regex, status, image, flavor, host (admins only)", async () => {
  const h = await start();
  try {
    await createServer(h, "member", { name: "web-1" });
    await createServer(h, "member", { name: "db-1", flavorRef: "2" });
    const names = async (query: string, as: Persona = "member") => {
      const res = await h.json(`/servers/detail${query}`, { as });
      assert.equal(res.status, 200, res.text);
      return res.body.servers.map((s: { name: string }) => s.name).sort();
    };
    assert.deepEqual(await names("?name=^web"), ["web-1"]);
    assert.deepEqual(await names("?name=-1$"), ["db-1", "web-1"]);
    assert.deepEqual(await names("?status=ACTIVE"), ["db-1", "web-1"]);
    assert.deepEqual(await names("?status=SHUTOFF"), []);
    assert.deepEqual(await names(`?image=${CIRROS_IMAGE_ID}`), ["db-1", "web-1"]);
    assert.deepEqual(await names("?flavor=2"), ["db-1"]);
    assert.deepEqual(await names("?flavor=99"), []);
    // host is not a member's filter: dropped, not applied.
    assert.deepEqual(await names("?host=nowhere"), ["db-1", "web-1"]);
    assert.deepEqual(await names("?host=nowhere&all_tenants=1", "admin"), []);

    const bad = await h.json("/servers?status=NOPE", { as: "member", version: "2.38" });
    assert.equal(bad.status, 400);
    assert.equal(faultMessage(bad.body), "Invalid status value");
    const old = await h.json("/servers?status=NOPE", { as: "member", version: "2.37" });
    assert.deepEqual(old.body, { servers: [] });
  } finally {
    await h.close();
  }
});

Deno.test("all_tenants: admins see every project, members get 403", async () => {
  const h = await start();
  try {
    await createServer(h, "member");
    await createServer(h, "other");
    const own = await h.json("/servers", { as: "admin" });
    assert.equal(own.body.servers.length, 0);
    const every = await h.json("/servers/detail?all_tenants=True", { as: "admin" });
    assert.equal(every.body.servers.length, 2);
    const member = await h.json("/servers?all_tenants=1", { as: "member" });
    assert.equal(member.status, 403);
    assert.equal(
      faultMessage(member.body),
      "Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed.",
    );
    // An empty value asks for all tenants, as Nova's is_all_tenants says.
    const empty = await h.json("/servers/detail?all_tenants=", { as: "admin" });
    assert.equal(empty.status, 200);
    assert.equal(empty.body.servers.length, every.body.servers.length);
    const bad = await h.json("/servers?all_tenants=maybe", { as: "admin" });
    assert.equal(bad.status, 400);
    assert.match(faultMessage(bad.body), /^Invalid input received: Unrecognized value 'maybe'/);
  } finally {
    await h.close();
  }
});

Deno.test("PUT /servers/{id} renames; the reduced view before 2.75", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const res = await h.json(`/servers/${id}`, {
      as: "member",
      method: "PUT",
      json: { server: { name: "renamed" } },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.server.name, "renamed");
    assert.equal(res.body.server["OS-EXT-AZ:availability_zone"], undefined);
    await assertMatchesSample(res.body, "servers/server-update-resp.json", SHAPE);
    const shown = await h.json(`/servers/${id}`, { as: "member" });
    assert.equal(shown.body.server.name, "renamed");
    const full = await h.json(`/servers/${id}`, {
      as: "member",
      method: "PUT",
      version: "2.75",
      json: { server: { description: "x" } },
    });
    assert.equal(full.status, 200, full.text);
    assert.equal(full.body.server["OS-EXT-AZ:availability_zone"], "nova");
    assert.equal(full.body.server.description, "x");
  } finally {
    await h.close();
  }
});

Deno.test("DELETE /servers/{id}: 204, then 404, and the quota is given back", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const res = await h.fetch(`/servers/${id}`, { as: "member", method: "DELETE" });
    assert.equal(res.status, 204);
    assert.equal(await res.text(), "");
    const gone = await h.json(`/servers/${id}`, { as: "member" });
    assert.equal(gone.status, 404);
    assert.equal(faultMessage(gone.body), `Instance ${id} could not be found.`);
    const again = await h.json(`/servers/${id}`, { as: "member", method: "DELETE" });
    assert.equal(again.status, 404);
    const limits = await h.json("/limits", { as: "member" });
    assert.equal(limits.body.limits.absolute.totalInstancesUsed, 0);
  } finally {
    await h.close();
  }
});

Deno.test("isolation: another project's server is 404; a reader cannot create", async () => {
  const h = await start();
  try {
    const id = await createServer(h, "member");
    for (const [method, path] of [["GET", ""], ["DELETE", ""], ["GET", "/ips"]]) {
      const res = await h.json(`/servers/${id}${path}`, { as: "other", method });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(faultMessage(res.body), `Instance ${id} could not be found.`);
    }
    const put = await h.json(`/servers/${id}`, {
      as: "other",
      method: "PUT",
      json: { server: { name: "x" } },
    });
    assert.equal(put.status, 404);
    assert.equal((await h.json("/servers", { as: "other" })).body.servers.length, 0);
    // The same project's reader sees it, but cannot create.
    assert.equal((await h.json(`/servers/${id}`, { as: "reader" })).status, 200);
    const denied = await h.json("/servers", { as: "reader", json: serverBody() });
    assert.equal(denied.status, 403);
    assert.equal(
      faultMessage(denied.body),
      "Policy doesn't allow os_compute_api:servers:create to be performed.",
    );
    // An admin sees any project's server.
    assert.equal((await h.json(`/servers/${id}`, { as: "admin" })).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("bad create input gets Nova's 400s", async () => {
  const h = await start();
  try {
    const cases: [Record<string, unknown>, string][] = [
      [{ imageRef: "00000000-0000-4000-8000-000000000000" }, "Can not find requested image"],
      [{ flavorRef: "99" }, "Flavor 99 could not be found."],
      [
        { networks: [{ uuid: "00000000-0000-4000-8000-000000000001" }] },
        "Network 00000000-0000-4000-8000-000000000001 could not be found.",
      ],
      [{ key_name: "missing" }, "Invalid key_name provided."],
      [{ imageRef: "" }, "Missing imageRef attribute"],
      [{ min_count: 3, max_count: 2 }, "min_count must be <= max_count"],
    ];
    for (const [extra, message] of cases) {
      const res = await h.json("/servers", { as: "member", json: serverBody(extra) });
      assert.equal(res.status, 400, `${JSON.stringify(extra)}: ${res.text}`);
      assert.equal(faultMessage(res.body), message);
    }
    const none = await h.json("/servers", { as: "member" });
    assert.equal(none.body.servers.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("create with a key, auto network, no password, reservation id, over quota", async () => {
  const h = await start({ api: { enable_instance_password: false }, quota: { instances: 2 } });
  try {
    const key = await h.json("/os-keypairs", { as: "member", json: { keypair: { name: "k1" } } });
    assert.equal(key.status, 200, key.text);
    const res = await h.json("/servers", {
      as: "member",
      version: "2.37",
      json: serverBody({ key_name: "k1", networks: "auto" }),
    });
    assert.equal(res.status, 202, res.text);
    assert.equal(res.body.server.adminPass, undefined);
    const shown = await h.json(`/servers/${res.body.server.id}`, { as: "member" });
    assert.equal(shown.body.server.key_name, "k1");
    assert.equal(shown.body.server.addresses.private.length, 1);

    const resv = await h.json("/servers", {
      as: "member",
      json: serverBody({ return_reservation_id: true }),
    });
    assert.equal(resv.status, 202, resv.text);
    assert.match(resv.body.reservation_id, /^r-[0-9a-z]{8}$/);
    const byResv = await h.json(`/servers?reservation_id=${resv.body.reservation_id}`, {
      as: "member",
    });
    assert.equal(byResv.body.servers.length, 1);

    const over = await h.json("/servers", { as: "member", json: serverBody() });
    assert.equal(over.status, 403);
    assert.equal(
      faultMessage(over.body),
      "Quota exceeded for instances: Requested 1, but already used 2 of 2 instances",
    );
  } finally {
    await h.close();
  }
});

Deno.test("GET ips and ips/{network}", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const all = await h.json(`/servers/${id}/ips`, { as: "member" });
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(Object.keys(all.body.addresses), ["private"]);
    assert.deepEqual(Object.keys(all.body.addresses.private[0]).sort(), ["addr", "version"]);
    const one = await h.json(`/servers/${id}/ips/private`, { as: "member" });
    assert.deepEqual(one.body, { private: all.body.addresses.private });
    const none = await h.json(`/servers/${id}/ips/public`, { as: "member" });
    assert.equal(none.status, 404);
    assert.equal(faultMessage(none.body), "Instance is not a member of specified network");
  } finally {
    await h.close();
  }
});

Deno.test("server metadata: index, merge, replace, item show/put/delete, quota", async () => {
  const h = await start({ quota: { metadata_items: 3 } });
  try {
    const id = await createServer(h, "member", { metadata: { a: "1" } });
    const base = `/servers/${id}/metadata`;
    assert.deepEqual((await h.json(base, { as: "member" })).body, { metadata: { a: "1" } });
    const merged = await h.json(base, { as: "member", json: { metadata: { b: "2" } } });
    assert.equal(merged.status, 200, merged.text);
    assert.deepEqual(merged.body, { metadata: { a: "1", b: "2" } });
    const replaced = await h.json(base, {
      as: "member",
      method: "PUT",
      json: { metadata: { c: "3" } },
    });
    assert.deepEqual(replaced.body, { metadata: { c: "3" } });
    const item = await h.json(`${base}/c`, { as: "member" });
    assert.deepEqual(item.body, { meta: { c: "3" } });
    const put = await h.json(`${base}/d`, {
      as: "member",
      method: "PUT",
      json: { meta: { d: "4" } },
    });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body, { meta: { d: "4" } });
    const mismatch = await h.json(`${base}/e`, {
      as: "member",
      method: "PUT",
      json: { meta: { d: "5" } },
    });
    assert.equal(mismatch.status, 400);
    assert.equal(faultMessage(mismatch.body), "Request body and URI mismatch");
    const over = await h.json(base, {
      as: "member",
      json: { metadata: { x: "1", y: "2" } },
    });
    assert.equal(over.status, 403);
    assert.equal(faultMessage(over.body), "Maximum number of metadata items exceeds 3");
    const del = await h.fetch(`${base}/c`, { as: "member", method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    const missing = await h.json(`${base}/c`, { as: "member" });
    assert.equal(missing.status, 404);
    assert.equal(faultMessage(missing.body), "Metadata item was not found");
    const delMissing = await h.json(`${base}/c`, { as: "member", method: "DELETE" });
    assert.equal(delMissing.status, 404);
    assert.deepEqual((await h.json(base, { as: "member" })).body, { metadata: { d: "4" } });
    const foreign = await h.json(base, { as: "other" });
    assert.equal(foreign.status, 404);
    const reader = await h.json(base, { as: "reader", json: { metadata: { z: "1" } } });
    assert.equal(reader.status, 403);
    const tooMany = await h.json("/servers", {
      as: "member",
      json: serverBody({ metadata: { a: "1", b: "2", c: "3", d: "4" } }),
    });
    assert.equal(tooMany.status, 403);
    assert.equal(faultMessage(tooMany.body), "Maximum number of metadata items exceeds 3");
  } finally {
    await h.close();
  }
});

Deno.test("metadata changes wait for the build: 409 while BUILD", async () => {
  const h = await start({ deno: { fake_boot_seconds: 3600 } });
  try {
    const id = await createServer(h);
    const shown = await h.json(`/servers/${id}`, { as: "member" });
    assert.equal(shown.body.server.status, "BUILD");
    const res = await h.json(`/servers/${id}/metadata`, {
      as: "member",
      json: { metadata: { a: "1" } },
    });
    assert.equal(res.status, 409);
    assert.equal(
      faultMessage(res.body),
      `Cannot 'update metadata' instance ${id} while it is in vm_state building`,
    );
  } finally {
    await h.close();
  }
});

Deno.test("the paste pipeline serves the servers API end to end", async () => {
  const h = await startCompute({
    pipeline: "paste",
    config: { deno: { fake_boot_seconds: 0 }, virt: { fake_delete_seconds: 0 } },
  });
  try {
    const res = await h.json("/v2.1/servers", { as: "member", json: serverBody() });
    assert.equal(res.status, 202, res.text);
    const id = res.body.server.id;
    assert.equal(res.headers.get("location"), `${h.origin}/v2.1/servers/${id}`);
    const shown = await h.json(`/v2.1/servers/${id}`, { as: "member" });
    assert.equal(shown.body.server.status, "ACTIVE");
    const foreign = await h.json(`/v2.1/servers/${id}`, { as: "other" });
    assert.equal(foreign.status, 404);
    const del = await h.fetch(`/v2.1/servers/${id}`, { as: "member", method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
  } finally {
    await h.close();
  }
});
