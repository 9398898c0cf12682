/**
 * `/os-hypervisors` over real HTTP: list, detail and show at each microversion boundary (2.28
 * cpu_info object, 2.33 paging, 2.53 uuids and query, 2.75 empty servers, 2.88 without the
 * counters) against Nova's samples; statistics and uptime up to 2.87, search and servers up to
 * 2.52, 404 past them; the real usage of the hosts; state and status from the service records;
 * the admin-only policy.
 */
import assert from "node:assert/strict";
import { MAX_API_VERSION } from "../../../lib/compute/api_version.ts";
import { computeNodeUuid, serviceUuid } from "../../../lib/virt/service_ids.ts";
import { QEMU_VERSION } from "../../../lib/virt/hypervisors.ts";
import { faultMessage, type Harness } from "../../support/compute.ts";
import { assertMatchesSample } from "../../support/samples.ts";
import { createServer, start } from "../servers/_support.ts";

const S = "os-hypervisors";
const NULLABLE = { nullable: ["description", "disabled_reason", "uptime"] };
const NOT_FOUND = "The resource could not be found.";

// deno-lint-ignore no-explicit-any
async function get(h: Harness, path: string, version: string, status = 200): Promise<any> {
  const res = await h.json(path, { version });
  assert.equal(res.status, status, `${version} ${path}: ${res.text}`);
  return res.body;
}

Deno.test("hypervisors: the list and detail at 2.1, 2.28, 2.33, 2.53 and 2.88", async () => {
  const h = await start({ DEFAULT: { my_ip: "192.0.2.7" } });
  try {
    const v21 = await get(h, "/os-hypervisors", "2.1");
    assert.deepEqual(v21, {
      hypervisors: [
        { id: 1, hypervisor_hostname: "compute-1", state: "up", status: "enabled" },
        { id: 2, hypervisor_hostname: "compute-2", state: "up", status: "enabled" },
      ],
    });
    await assertMatchesSample(
      { hypervisors: v21.hypervisors.slice(0, 1) },
      `${S}/hypervisors-list-resp.json`,
    );
    const d21 = await get(h, "/os-hypervisors/detail", "2.1");
    const c1 = d21.hypervisors[0];
    assert.equal(typeof c1.cpu_info, "string");
    assert.deepEqual(JSON.parse(c1.cpu_info).topology, { cores: 16, threads: 1, sockets: 1 });
    assert.deepEqual(
      [c1.hypervisor_type, c1.hypervisor_version, c1.host_ip, c1.vcpus, c1.memory_mb, c1.local_gb],
      ["QEMU", QEMU_VERSION, "192.0.2.7", 16, 32768, 500],
    );
    assert.deepEqual(c1.service, { id: 3, host: "compute-1", disabled_reason: null });
    const d228 = await get(h, "/os-hypervisors/detail", "2.28");
    await assertMatchesSample(
      { hypervisors: d228.hypervisors.slice(0, 1) },
      `${S}/v2.28/hypervisors-detail-resp.json`,
      NULLABLE,
    );
    assert.equal(
      typeof (await get(h, "/os-hypervisors/detail", "2.27")).hypervisors[0].cpu_info,
      "string",
    );
    const page = await get(h, "/os-hypervisors?limit=1", "2.33");
    await assertMatchesSample(page, `${S}/v2.33/hypervisors-list-resp.json`);
    assert.equal(page.hypervisors_links[0].href, `${h.base}/os-hypervisors?limit=1&marker=1`);
    const second = await get(h, "/os-hypervisors/detail?limit=1&marker=1", "2.33");
    await assertMatchesSample(second, `${S}/v2.33/hypervisors-detail-resp.json`, NULLABLE);
    assert.equal(second.hypervisors[0].hypervisor_hostname, "compute-2");
    assert.equal("hypervisors_links" in await get(h, "/os-hypervisors?limit=1", "2.32"), false);
    const uuid1 = await computeNodeUuid("compute-1");
    const v253 = await get(h, "/os-hypervisors?limit=1", "2.53");
    await assertMatchesSample(v253, `${S}/v2.53/hypervisors-list-resp.json`);
    assert.equal(v253.hypervisors[0].id, uuid1);
    const d253 = await get(h, "/os-hypervisors/detail?limit=1", "2.53");
    await assertMatchesSample(d253, `${S}/v2.53/hypervisors-detail-resp.json`, NULLABLE);
    assert.equal(d253.hypervisors[0].service.id, await serviceUuid("nova-compute", "compute-1"));
    const d288 = await get(h, "/os-hypervisors/detail?limit=1", "2.88");
    await assertMatchesSample(d288, `${S}/v2.88/hypervisors-detail-resp.json`, NULLABLE);
    assert.match(d288.hypervisors[0].uptime, / up .*load average/);
    assert.equal("vcpus" in (await get(h, "/os-hypervisors/detail", "2.87")).hypervisors[0], true);
  } finally {
    await h.close();
  }
});

Deno.test("hypervisors: paging and query errors", async () => {
  const h = await start();
  try {
    const cases: [string, string, number, string?][] = [
      ["/os-hypervisors?marker=9", "2.33", 400, "marker [9] not found"],
      ["/os-hypervisors?marker=x", "2.53", 400, "marker [x] not found"],
      ["/os-hypervisors?limit=-1", "2.33", 400],
      ["/os-hypervisors?other=1", "2.52", 200],
      ["/os-hypervisors?other=1", "2.53", 400],
      ["/os-hypervisors?with_servers=maybe", "2.53", 400],
      [
        "/os-hypervisors?hypervisor_hostname_pattern=compute&limit=1",
        "2.53",
        400,
        "Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not " +
        "supported.",
      ],
      [
        "/os-hypervisors/detail?hypervisor_hostname_pattern=nothing",
        "2.53",
        404,
        "No hypervisor matching 'nothing' could be found.",
      ],
    ];
    for (const [path, version, status, message] of cases) {
      const res = await h.json(path, { version });
      assert.equal(res.status, status, `${version} ${path}: ${res.text}`);
      if (message) assert.equal(faultMessage(res.body), message);
    }
    const found = await get(h, "/os-hypervisors?hypervisor_hostname_pattern=PUTE-2", "2.53");
    assert.deepEqual(
      found.hypervisors.map((x: { hypervisor_hostname: string }) => x.hypervisor_hostname),
      ["compute-2"],
    );
    assert.equal("hypervisors_links" in found, false);
    assert.deepEqual((await get(h, "/os-hypervisors?limit=0", "2.33")).hypervisors, []);
  } finally {
    await h.close();
  }
});

Deno.test("hypervisors: usage and servers follow the placed servers", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const detail = await get(h, "/os-hypervisors/detail", "2.1");
    const c1 = detail.hypervisors[0];
    assert.deepEqual(
      [c1.vcpus_used, c1.memory_mb_used, c1.local_gb_used, c1.running_vms],
      [1, 512, 1, 1],
    );
    assert.deepEqual([c1.free_ram_mb, c1.free_disk_gb], [32768 - 512, 499]);
    const stats = await get(h, "/os-hypervisors/statistics", "2.87");
    await assertMatchesSample(stats, `${S}/hypervisors-statistics-resp.json`);
    assert.deepEqual(
      [stats.hypervisor_statistics.count, stats.hypervisor_statistics.running_vms],
      [2, 1],
    );
    assert.equal(stats.hypervisor_statistics.vcpus, 32);
    const servers = await get(h, "/os-hypervisors/compute/servers", "2.52");
    await assertMatchesSample(
      { hypervisors: servers.hypervisors.slice(0, 1) },
      `${S}/hypervisors-with-servers-resp.json`,
    );
    assert.deepEqual(servers.hypervisors[0].servers.map((s: { uuid: string }) => s.uuid), [id]);
    assert.match(servers.hypervisors[0].servers[0].name, /^instance-[0-9a-f]{8}$/);
    assert.equal("servers" in servers.hypervisors[1], false);
    const search = await get(h, "/os-hypervisors/compute-2/search", "2.1");
    await assertMatchesSample(search, `${S}/hypervisors-search-resp.json`);
    const with253 = await get(h, "/os-hypervisors/detail?with_servers=true", "2.53");
    assert.deepEqual(with253.hypervisors[0].servers[0].uuid, id);
    assert.equal("servers" in with253.hypervisors[1], false);
    const with275 = await get(h, "/os-hypervisors?with_servers=1", "2.75");
    assert.deepEqual(with275.hypervisors[1].servers, []);
    await assertMatchesSample(
      { hypervisors: with275.hypervisors.slice(0, 1) },
      `${S}/v2.53/hypervisors-with-servers-resp.json`,
    );
    const shown = await get(
      h,
      `/os-hypervisors/${await computeNodeUuid("compute-1")}?with_servers=yes`,
      "2.88",
    );
    await assertMatchesSample(
      shown,
      `${S}/v2.88/hypervisors-show-with-servers-resp.json`,
      NULLABLE,
    );
  } finally {
    await h.close();
  }
});

Deno.test("hypervisors: show, uptime, and the ceilings of statistics, uptime, search, servers", async () => {
  const h = await start();
  try {
    await assertMatchesSample(
      await get(h, "/os-hypervisors/1", "2.1"),
      `${S}/hypervisors-show-resp.json`,
    );
    await assertMatchesSample(
      await get(h, "/os-hypervisors/2", "2.28"),
      `${S}/v2.28/hypervisors-show-resp.json`,
    );
    const uuid = await computeNodeUuid("compute-2");
    await assertMatchesSample(
      await get(h, `/os-hypervisors/${uuid}`, "2.53"),
      `${S}/v2.53/hypervisors-show-resp.json`,
    );
    await assertMatchesSample(
      await get(h, `/os-hypervisors/${uuid}`, MAX_API_VERSION),
      `${S}/v2.88/hypervisors-show-resp.json`,
      NULLABLE,
    );
    const up = await get(h, "/os-hypervisors/1/uptime", "2.1");
    await assertMatchesSample(up, `${S}/hypervisors-uptime-resp.json`);
    await assertMatchesSample(
      await get(h, `/os-hypervisors/${uuid}/uptime`, "2.87"),
      `${S}/v2.53/hypervisors-uptime-resp.json`,
    );
    const cases: [string, string, number, string][] = [
      ["/os-hypervisors/9", "2.52", 404, "Hypervisor with ID '9' could not be found."],
      ["/os-hypervisors/abc", "2.1", 404, "Hypervisor with ID 'abc' could not be found."],
      ["/os-hypervisors/1", "2.53", 400, "Invalid uuid 1"],
      [
        "/os-hypervisors/7d8f2a5c-0b1e-4c3d-9a6f-1e2d3c4b5a69",
        "2.53",
        404,
        "Hypervisor with ID '7d8f2a5c-0b1e-4c3d-9a6f-1e2d3c4b5a69' could not be found.",
      ],
      ["/os-hypervisors/statistics", "2.88", 404, NOT_FOUND],
      [`/os-hypervisors/${uuid}/uptime`, "2.88", 404, NOT_FOUND],
      ["/os-hypervisors/compute/search", "2.53", 404, NOT_FOUND],
      ["/os-hypervisors/compute/servers", "2.53", 404, NOT_FOUND],
      [
        "/os-hypervisors/nothing/search",
        "2.52",
        404,
        "No hypervisor matching 'nothing' could be found.",
      ],
    ];
    for (const [path, version, status, message] of cases) {
      const res = await h.json(path, { version });
      assert.equal(res.status, status, `${version} ${path}: ${res.text}`);
      assert.equal(faultMessage(res.body), message);
    }
  } finally {
    await h.close();
  }
});

Deno.test("hypervisors: state and status follow the service; a down host has no uptime", async () => {
  const h = await start();
  try {
    const svc = await serviceUuid("nova-compute", "compute-2");
    const put = (body: unknown) =>
      h.json(`/os-services/${svc}`, { method: "PUT", json: body, version: "2.53" });
    assert.equal((await put({ status: "disabled", disabled_reason: "fan" })).status, 200);
    assert.equal((await put({ forced_down: true })).status, 200);
    const c2 = (await get(h, "/os-hypervisors/detail", "2.87")).hypervisors[1];
    assert.deepEqual([c2.state, c2.status, c2.service.disabled_reason], [
      "down",
      "disabled",
      "fan",
    ]);
    const stats = await get(h, "/os-hypervisors/statistics", "2.1");
    assert.equal(stats.hypervisor_statistics.count, 1);
    const res = await h.json("/os-hypervisors/2/uptime", { version: "2.1" });
    assert.equal(res.status, 400, res.text);
    assert.equal(
      faultMessage(res.body),
      "Compute service of compute-2 is unavailable at this time.",
    );
    const d288 = (await get(h, "/os-hypervisors/detail", "2.88")).hypervisors[1];
    assert.equal(d288.uptime, null);
    const gone = await h.json("/os-services/4", { method: "DELETE" });
    assert.equal(gone.status, 204, gone.text);
    assert.equal((await get(h, "/os-hypervisors", "2.1")).hypervisors.length, 1);
    assert.equal((await h.json("/os-hypervisors/2", { version: "2.1" })).status, 404);
  } finally {
    await h.close();
  }
});

Deno.test("hypervisors: admin only", async () => {
  const h = await start();
  try {
    const paths: [string, string, string][] = [
      ["/os-hypervisors", "2.1", "list"],
      ["/os-hypervisors/detail", "2.1", "list-detail"],
      ["/os-hypervisors/statistics", "2.1", "statistics"],
      ["/os-hypervisors/1", "2.1", "show"],
      ["/os-hypervisors/1/uptime", "2.1", "uptime"],
      ["/os-hypervisors/compute/search", "2.1", "search"],
      ["/os-hypervisors/compute/servers", "2.1", "servers"],
    ];
    for (const as of ["member", "reader", "manager"] as const) {
      for (const [path, version, rule] of paths) {
        const res = await h.json(path, { as, version });
        assert.equal(res.status, 403, `${as} ${path}: ${res.text}`);
        assert.equal(
          faultMessage(res.body),
          `Policy doesn't allow os_compute_api:os-hypervisors:${rule} to be performed.`,
        );
      }
    }
  } finally {
    await h.close();
  }
});
