/**
 * `/os-hosts` over real HTTP, up to 2.42 (404 from 2.43): the list (services not disabled, the
 * `zone` filter) against Nova's sample; a host's resource rows from its capacity and the servers
 * on it; update answering `status` as Nova's compute manager does without touching the service,
 * 501 for maintenance mode and the power actions (what libvirt's driver answers), 404 for a host
 * with no compute service; bad bodies 400; the admin-only policy.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness } from "../../support/compute.ts";
import { assertMatchesSample } from "../../support/samples.ts";
import { createServer, start } from "../servers/_support.ts";

const CONFIG = { DEFAULT: { host: "ctl-1" } };
const NOT_SUPPORTED = "The requested functionality is not supported.";
const NOT_FOUND = "The resource could not be found.";

function unmapped(host: string): string {
  return `Host '${host}' is not mapped to any cell`;
}

// deno-lint-ignore no-explicit-any
async function get(h: Harness, path: string, version = "2.1", status = 200): Promise<any> {
  const res = await h.json(path, { version });
  assert.equal(res.status, status, `${version} ${path}: ${res.text}`);
  return res.body;
}

Deno.test("os-hosts: the list, its zone filter and the 2.42 ceiling", async () => {
  const h = await start(CONFIG);
  try {
    const all = [
      { host_name: "ctl-1", service: "conductor", zone: "internal" },
      { host_name: "ctl-1", service: "scheduler", zone: "internal" },
      { host_name: "compute-1", service: "compute", zone: "nova" },
      { host_name: "compute-2", service: "compute", zone: "nova" },
    ];
    for (const version of ["2.1", "2.42"]) {
      assert.deepEqual(await get(h, "/os-hosts", version), { hosts: all });
    }
    await assertMatchesSample(await get(h, "/os-hosts"), "os-hosts/hosts-list-resp.json");
    assert.deepEqual(await get(h, "/os-hosts?zone=internal"), { hosts: all.slice(0, 2) });
    assert.deepEqual(await get(h, "/os-hosts?zone=x&zone=nova"), { hosts: all.slice(2) });
    assert.deepEqual(await get(h, "/os-hosts?zone="), { hosts: all });
    assert.deepEqual(await get(h, "/os-hosts?zone=elsewhere"), { hosts: [] });
    assert.deepEqual(await get(h, "/os-hosts?unknown=1"), { hosts: all });
    // A disabled service is not listed.
    const off = await h.json("/os-services/disable", {
      method: "PUT",
      json: { host: "compute-2", binary: "nova-compute" },
    });
    assert.equal(off.status, 200, off.text);
    assert.deepEqual(await get(h, "/os-hosts"), { hosts: all.slice(0, 3) });
    const past = await get(h, "/os-hosts", "2.43", 404);
    assert.equal(past.itemNotFound.message, NOT_FOUND);
  } finally {
    await h.close();
  }
});

Deno.test("os-hosts: show sums the host's capacity, usage and servers per project", async () => {
  const h = await start(CONFIG);
  try {
    const empty = await get(h, "/os-hosts/compute-1");
    assert.deepEqual(empty, {
      host: [
        {
          resource: {
            host: "compute-1",
            project: "(total)",
            cpu: 16,
            memory_mb: 32768,
            disk_gb: 500,
          },
        },
        {
          resource: { host: "compute-1", project: "(used_now)", cpu: 0, memory_mb: 0, disk_gb: 0 },
        },
        {
          resource: { host: "compute-1", project: "(used_max)", cpu: 0, memory_mb: 0, disk_gb: 0 },
        },
      ],
    });
    await assertMatchesSample(empty, "os-hosts/host-get-resp.json");
    // m1.tiny (1 vCPU, 512 MiB, 1 GiB) for project-a, m1.small (1, 2048, 20) for admin-project.
    const hostOf = async (id: string) =>
      (await get(h, `/servers/${id}`)).server["OS-EXT-SRV-ATTR:host"] as string;
    // compute-2 disabled: every server lands on compute-1.
    const service = (on: boolean) =>
      h.json(`/os-services/${on ? "enable" : "disable"}`, {
        method: "PUT",
        json: { host: "compute-2", binary: "nova-compute" },
      });
    assert.equal((await service(false)).status, 200);
    const a1 = await createServer(h, "member");
    const b1 = await createServer(h, "admin", { flavorRef: "2" });
    const a2 = await createServer(h, "member");
    assert.equal((await service(true)).status, 200);
    for (const id of [a1, b1, a2]) assert.equal(await hostOf(id), "compute-1");
    const shown = await get(h, "/os-hosts/compute-1", "2.42");
    assert.deepEqual(shown.host.map((r: { resource: unknown }) => r.resource), [
      { host: "compute-1", project: "(total)", cpu: 16, memory_mb: 32768, disk_gb: 500 },
      { host: "compute-1", project: "(used_now)", cpu: 3, memory_mb: 3072, disk_gb: 22 },
      { host: "compute-1", project: "(used_max)", cpu: 3, memory_mb: 3072, disk_gb: 22 },
      { host: "compute-1", project: "project-a", cpu: 2, memory_mb: 1024, disk_gb: 2 },
      { host: "compute-1", project: "admin-project", cpu: 1, memory_mb: 2048, disk_gb: 20 },
    ]);
    const other = await get(h, "/os-hosts/compute-2");
    assert.equal(other.host.length, 3);
    for (const host of ["ctl-1", "nowhere"]) {
      const missing = await get(h, `/os-hosts/${host}`, "2.1", 404);
      assert.equal(missing.itemNotFound.message, unmapped(host));
    }
    assert.equal(
      (await get(h, "/os-hosts/compute-1", "2.43", 404)).itemNotFound.message,
      NOT_FOUND,
    );
  } finally {
    await h.close();
  }
});

Deno.test("os-hosts: update answers status, leaves the service alone, 501 for maintenance", async () => {
  const h = await start(CONFIG);
  try {
    const put = (body: unknown, host = "compute-1", version = "2.1") =>
      h.json(`/os-hosts/${host}`, { method: "PUT", json: body, version });
    for (
      const [word, status] of [["disable", "disabled"], ["ENABLE", "enabled"], [
        "Disable",
        "disabled",
      ]]
    ) {
      const res = await put({ status: word }, "compute-1", "2.42");
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { host: "compute-1", status });
    }
    // As in Nova, the compute service itself stays enabled and keeps taking servers.
    const services = (await get(h, "/os-services?host=compute-1")).services;
    assert.equal(services[0].status, "enabled");
    assert.equal((await get(h, "/os-hosts")).hosts.length, 4);
    for (
      const body of [{ maintenance_mode: "enable" }, {
        status: "enable",
        maintenance_mode: "disable",
      }]
    ) {
      const res = await put(body);
      assert.equal(res.status, 501, res.text);
      assert.deepEqual(res.body, { notImplemented: { code: 501, message: NOT_SUPPORTED } });
    }
    for (const host of ["ctl-1", "nowhere"]) {
      const res = await put({ maintenance_mode: "enable" }, host);
      assert.equal(res.status, 404, res.text);
      assert.equal(faultMessage(res.body), unmapped(host));
    }
    const past = await put({ status: "enable" }, "compute-1", "2.43");
    assert.equal(past.status, 404);
    assert.equal(faultMessage(past.body), NOT_FOUND);
  } finally {
    await h.close();
  }
});

Deno.test("os-hosts: bad update bodies are 400s, never 500s", async () => {
  const h = await start(CONFIG);
  try {
    const bodies: unknown[] = [
      {},
      { status: "on" },
      { status: "enabled" },
      { maintenance_mode: 1 },
      { status: "enable", other: 1 },
      { host: { status: "enable" } },
      [],
      "enable",
      null,
      { status: null },
    ];
    for (const json of bodies) {
      const res = await h.json("/os-hosts/compute-1", { method: "PUT", json });
      assert.equal(res.status, 400, `${JSON.stringify(json)}: ${res.text}`);
      assert.ok(res.body.badRequest.message, res.text);
    }
    const raw = await h.fetch("/os-hosts/compute-1", {
      method: "PUT",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    assert.equal(raw.status, 400);
    await raw.body?.cancel();
  } finally {
    await h.close();
  }
});

Deno.test("os-hosts: reboot, shutdown and startup are 501 (libvirt), 404 for unmapped hosts", async () => {
  const h = await start(CONFIG);
  try {
    for (const action of ["reboot", "shutdown", "startup"]) {
      for (const version of ["2.1", "2.42"]) {
        const res = await h.json(`/os-hosts/compute-2/${action}`, { version });
        assert.equal(res.status, 501, `${action}: ${res.text}`);
        assert.deepEqual(res.body, { notImplemented: { code: 501, message: NOT_SUPPORTED } });
      }
      const missing = await h.json(`/os-hosts/ctl-1/${action}`);
      assert.equal(missing.status, 404);
      assert.equal(faultMessage(missing.body), unmapped("ctl-1"));
      const past = await h.json(`/os-hosts/compute-2/${action}`, { version: "2.43" });
      assert.equal(past.status, 404);
      assert.equal(faultMessage(past.body), NOT_FOUND);
    }
  } finally {
    await h.close();
  }
});

Deno.test("os-hosts: every route is admin only", async () => {
  const h = await start(CONFIG);
  try {
    const routes: [string, string, string, unknown?][] = [
      ["GET", "/os-hosts", "list"],
      ["GET", "/os-hosts/compute-1", "show"],
      ["PUT", "/os-hosts/compute-1", "update", { status: "disable" }],
      ["GET", "/os-hosts/compute-1/reboot", "reboot"],
      ["GET", "/os-hosts/compute-1/shutdown", "shutdown"],
      ["GET", "/os-hosts/compute-1/startup", "start"],
    ];
    for (const [method, path, rule, json] of routes) {
      for (const as of ["member", "reader", "service"] as const) {
        const res = await h.json(path, { method, json, as });
        assert.equal(res.status, 403, `${as} ${method} ${path}: ${res.text}`);
        assert.equal(
          faultMessage(res.body),
          `Policy doesn't allow os_compute_api:os-hosts:${rule} to be performed.`,
        );
      }
    }
  } finally {
    await h.close();
  }
});

Deno.test("os-hosts: a host whose compute service was deleted is unmapped", async () => {
  const h = await start(CONFIG);
  try {
    const services = (await get(h, "/os-services?host=compute-2")).services;
    const gone = await h.json(`/os-services/${services[0].id}`, { method: "DELETE" });
    assert.equal(gone.status, 204, gone.text);
    assert.deepEqual(
      (await get(h, "/os-hosts")).hosts.map((r: { host_name: string }) => r.host_name),
      ["ctl-1", "ctl-1", "compute-1"],
    );
    const missing = await get(h, "/os-hosts/compute-2", "2.1", 404);
    assert.equal(missing.itemNotFound.message, unmapped("compute-2"));
    const put = await h.json("/os-hosts/compute-2", { method: "PUT", json: { status: "enable" } });
    assert.equal(put.status, 404);
  } finally {
    await h.close();
  }
});
