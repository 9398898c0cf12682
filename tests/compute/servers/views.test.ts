/**
 * Server views against Nova's api_samples at every microversion that changed them, plus the
 * rules the samples cannot show (status, hostId, faults, policy-dependent fields).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { ApiVersion } from "../../../lib/compute/api_version.ts";
import {
  hostId,
  ipsIndex,
  serverCreated,
  serverDetailList,
  serverIndex,
  serverShow,
  serverUpdated,
} from "../../../lib/compute/servers/views.ts";
import { assertMatchesSample } from "../../support/samples.ts";
import { activeInstance, adminOptions, LINKS, memberOptions, NETWORK_ID } from "./fixtures.ts";

const v = (text: string) => ApiVersion.parse(text);
const DIR = new URL("../../fixtures/api_samples/servers/", import.meta.url);

/** Sample folders and the version each stands for (`""` is 2.1). */
async function sampleDirs(file: string): Promise<[string, string][]> {
  const out: [string, string][] = [];
  try {
    await Deno.stat(new URL(file, DIR));
    out.push(["2.1", ""]);
  } catch { /* no base sample */ }
  for await (const e of Deno.readDir(DIR)) {
    if (!e.isDirectory) continue;
    try {
      await Deno.stat(new URL(`${e.name}/${file}`, DIR));
      out.push([e.name.slice(1), `${e.name}/`]);
    } catch { /* not in this folder */ }
  }
  return out.sort();
}

// Nova's samples come from servers booted with scheduler hints, image properties and (in some
// folders) two volumes attached, viewed by an admin (extended attributes and host status shown)
// or by a project member (2.90 on): each sample's own keys say which, and the test renders it so.
async function sampleCase(path: string, overrides: Parameters<typeof activeInstance>[0] = {}) {
  const text = await Deno.readTextFile(new URL(path, DIR));
  const admin = text.includes('"OS-EXT-SRV-ATTR:host"');
  const instance = activeInstance({
    scheduler_hints: text.includes("same_host")
      ? { same_host: "48e6a9f6-30af-47e0-bc04-acaed113bb4e" }
      : {},
    user_data: "IyEvYmluL2Jhc2gKL2Jpbi9zdQplY2hvICJJIGFtIGluIHlvdSEiCg==",
    trusted_image_certificates: /"trusted_image_certificates": \[/.test(text)
      ? ["0b5d2c72-12cc-4ba6-a8d7-3ff5cc1d8cb8", "674736e3-f25c-405c-8362-bbf991e0ce0a"]
      : null,
    block_device_mapping: text.includes("volume_id1")
      ? [{ source_type: "volume", uuid: "volume_id1", delete_on_termination: false }]
      : [],
    ...overrides,
  });
  const imageProperties = () => ({ architecture: "x86_64", auto_disk_config: "True" });
  const options = admin ? adminOptions({ imageProperties }) : memberOptions({ imageProperties });
  return { instance, options };
}
const SHAPE = {
  freeMaps: ["extra_specs", "metadata", "properties"],
  // Nova's samples show kernel and ramdisk ids as "" or null, depending on the image.
  nullable: [
    "description",
    "locked_reason",
    "pinned_availability_zone",
    "OS-EXT-SRV-ATTR:kernel_id",
    "OS-EXT-SRV-ATTR:ramdisk_id",
  ],
};
// 2.69's samples show servers of a cell that is down; this port has no cells.
const DOWN_CELL = "v2.69/";

Deno.test("show matches server-get-resp at every microversion", async () => {
  const dirs = (await sampleDirs("server-get-resp.json")).filter(([, d]) => d !== DOWN_CELL);
  assert.ok(dirs.length >= 14, `found ${dirs.length}`);
  for (const [version, dir] of dirs) {
    const path = `${dir}server-get-resp.json`;
    const { instance, options } = await sampleCase(path);
    const body = serverShow(instance, v(version), LINKS, options);
    await assertMatchesSample(body, `servers/${path}`, SHAPE);
  }
});

Deno.test("detail matches servers-details-resp at every microversion", async () => {
  const dirs = (await sampleDirs("servers-details-resp.json")).filter(([, d]) => d !== DOWN_CELL);
  assert.ok(dirs.length >= 12, `found ${dirs.length}`);
  for (const [version, dir] of dirs) {
    const path = `${dir}servers-details-resp.json`;
    const { instance, options } = await sampleCase(path);
    const two = [instance, { ...instance, uuid: "9cbefc35-d372-40c5-88e2-9fda1b6ea12c" }];
    // Samples made with a limit have `servers_links`; the others were not full pages.
    const paged = (await Deno.readTextFile(new URL(path, DIR))).includes("servers_links");
    const page = { query: new URLSearchParams(paged ? "limit=2" : ""), maxLimit: 1000 };
    const body = serverDetailList(two, v(version), LINKS, page, options);
    await assertMatchesSample(body, `servers/${path}`, SHAPE);
    assert.equal(
      body.servers_links?.[0].href,
      paged
        ? `${LINKS.self}/servers/detail?limit=2&marker=9cbefc35-d372-40c5-88e2-9fda1b6ea12c`
        : undefined,
    );
  }
});

Deno.test("index matches servers-list-resp at every microversion", async () => {
  const dirs = (await sampleDirs("servers-list-resp.json")).filter(([, d]) => d !== DOWN_CELL);
  assert.ok(dirs.length >= 10, `found ${dirs.length}`);
  for (const [, dir] of dirs) {
    const page = { query: new URLSearchParams("limit=1"), maxLimit: 1000 };
    const body = serverIndex([activeInstance()], LINKS, page);
    await assertMatchesSample(body, `servers/${dir}servers-list-resp.json`);
  }
  // No next link when the page is not full.
  const short = serverIndex([activeInstance()], LINKS, {
    query: new URLSearchParams(),
    maxLimit: 1000,
  });
  assert.deepEqual(Object.keys(short), ["servers"]);
});

Deno.test("update matches server-update-resp / server-put-resp at every microversion", async () => {
  const dirs = [
    ...(await sampleDirs("server-update-resp.json")).map(([ver, d]) => [ver, d, "update"]),
    ...(await sampleDirs("server-put-resp.json")).map(([ver, d]) => [ver, d, "put"]),
  ];
  assert.ok(dirs.length >= 12, `found ${dirs.length}`);
  for (const [version, dir, name] of dirs) {
    const path = `${dir}server-${name}-resp.json`;
    const { instance, options } = await sampleCase(path);
    const body = serverUpdated(instance, v(version), LINKS, options);
    await assertMatchesSample(body, `servers/${path}`, SHAPE);
  }
});

Deno.test("create matches server-create-resp at every microversion", async () => {
  const dirs = await sampleDirs("server-create-resp.json");
  assert.ok(dirs.length >= 14, `found ${dirs.length}`);
  for (const [, dir] of dirs) {
    const body = serverCreated(activeInstance(), LINKS, undefined, "6NpUwoz2QDRN");
    await assertMatchesSample(body, `servers/${dir}server-create-resp.json`);
  }
  const asked = serverCreated(activeInstance(), LINKS, [{ name: "web" }], null);
  assert.deepEqual(asked.server.security_groups, [{ name: "web" }]);
  assert.equal("adminPass" in asked.server, false);
});

Deno.test("ips matches server-ips-resp", async () => {
  await assertMatchesSample(
    ipsIndex(activeInstance(), adminOptions().networkName),
    "server-ips/server-ips-resp.json",
    { freeMaps: [] },
  );
});

Deno.test("status follows vm_state and task_state", () => {
  const status = (o: Parameters<typeof activeInstance>[0]) =>
    serverShow(activeInstance(o), v("2.1"), LINKS, adminOptions()).server.status;
  assert.equal(status({ vm_state: "building", task_state: "scheduling" }), "BUILD");
  assert.equal(status({ vm_state: "active", task_state: "deleting" }), "ACTIVE");
  assert.equal(status({ vm_state: "active", task_state: "rebooting_hard" }), "HARD_REBOOT");
  assert.equal(status({ vm_state: "stopped", task_state: null }), "SHUTOFF");
  assert.equal(status({ vm_state: "error", task_state: null }), "ERROR");
  assert.equal(status({ vm_state: "soft-delete", task_state: null }), "SOFT_DELETED");
  assert.equal(status({ deleted_at: "2013-09-03T04:01:32Z" }), "DELETED");
});

Deno.test("hostId is sha224(project_id + host), empty without a host", () => {
  const expected = createHash("sha224").update("p1compute-1").digest("hex");
  assert.equal(hostId("p1", "compute-1"), expected);
  assert.equal(expected.length, 56);
  assert.equal(hostId("p1", null), "");
  assert.notEqual(hostId("p2", "compute-1"), expected);
  const shown = serverShow(activeInstance(), v("2.1"), LINKS, adminOptions()).server;
  assert.equal(shown.hostId, hostId(activeInstance().project_id, "compute-1"));
});

Deno.test("a building server hides addresses; progress only in progress statuses", () => {
  const building = serverShow(
    activeInstance({ vm_state: "building", task_state: "spawning", progress: 0 }),
    v("2.1"),
    LINKS,
    adminOptions(),
  ).server;
  assert.deepEqual(building.addresses, {});
  assert.equal(building.progress, 0);
  const stopped = serverShow(
    activeInstance({ vm_state: "stopped", power_state: 4 }),
    v("2.1"),
    LINKS,
    adminOptions(),
  ).server;
  assert.equal("progress" in stopped, false);
  assert.deepEqual(stopped.addresses, {
    private: [{
      version: 4,
      addr: "10.0.0.3",
      "OS-EXT-IPS:type": "fixed",
      "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:4c:2c:30",
    }],
  });
});

Deno.test("addresses group by network name, in port order, v4 and v6", () => {
  const base = activeInstance();
  const port = base.ports[0];
  const instance = activeInstance({
    ports: [
      port,
      {
        ...port,
        id: "p2",
        network_id: "other",
        fixed_ips: [{ subnet_id: "s", ip_address: "fd00::5" }],
      },
      { ...port, id: "p3", fixed_ips: [{ subnet_id: "s", ip_address: "10.0.0.9" }] },
    ],
  });
  const names = (id: string) => (id === NETWORK_ID ? "private" : "public");
  assert.deepEqual(ipsIndex(instance, names), {
    addresses: {
      private: [{ version: 4, addr: "10.0.0.3" }, { version: 4, addr: "10.0.0.9" }],
      public: [{ version: 6, addr: "fd00::5" }],
    },
  });
});

Deno.test("fault on ERROR: details hidden from non-admins for code 500", () => {
  const fault = {
    code: 500,
    message: "No valid host was found. ",
    details: "Traceback …",
    created: "2013-09-03T04:01:32.123Z",
  };
  const errored = activeInstance({ vm_state: "error", host: null, node: null, fault });
  const admin = serverShow(errored, v("2.1"), LINKS, adminOptions()).server;
  assert.deepEqual(admin.fault, {
    code: 500,
    created: "2013-09-03T04:01:32Z",
    message: "No valid host was found. ",
    details: "Traceback …",
  });
  assert.equal(admin.hostId, "");
  const member = serverShow(errored, v("2.1"), LINKS, memberOptions()).server;
  assert.deepEqual(Object.keys(member.fault as object), ["code", "created", "message"]);
  // Not ERROR: no fault even if one is recorded.
  const active = serverShow(activeInstance({ fault }), v("2.1"), LINKS, adminOptions()).server;
  assert.equal("fault" in active, false);
});

Deno.test("policy-dependent fields: extended attributes, host_status, extra specs", () => {
  const member = serverShow(activeInstance(), v("2.100"), LINKS, memberOptions()).server;
  assert.equal("OS-EXT-SRV-ATTR:host" in member, false);
  assert.equal("host_status" in member, false);
  // 2.90: the hostname is shown to everyone.
  assert.equal(member["OS-EXT-SRV-ATTR:hostname"], "new-server-test");
  assert.equal(
    "OS-EXT-SRV-ATTR:hostname" in serverShow(activeInstance(), v("2.89"), LINKS, memberOptions())
      .server,
    false,
  );
  const noSpecs = serverShow(
    activeInstance(),
    v("2.47"),
    LINKS,
    memberOptions({ flavorExtraSpecs: false }),
  ).server;
  assert.equal("extra_specs" in (noSpecs.flavor as object), false);
  // Host status: unknown-only hides UP, shows UNKNOWN; no host → "".
  const only = memberOptions({ hostStatus: "unknown-only" });
  assert.equal("host_status" in serverShow(activeInstance(), v("2.16"), LINKS, only).server, false);
  const unknown = memberOptions({ hostStatus: "unknown-only", hostStatusOf: () => "UNKNOWN" });
  assert.equal(
    serverShow(activeInstance(), v("2.16"), LINKS, unknown).server.host_status,
    "UNKNOWN",
  );
  const noHost = activeInstance({ host: null });
  assert.equal(serverShow(noHost, v("2.16"), LINKS, adminOptions()).server.host_status, "");
});

Deno.test("before 2.47 the flavor is a link; from 2.47 it is embedded", () => {
  assert.deepEqual(serverShow(activeInstance(), v("2.46"), LINKS, adminOptions()).server.flavor, {
    id: "1",
    links: [{ rel: "bookmark", href: `${LINKS.bookmark}/flavors/1` }],
  });
  assert.deepEqual(serverShow(activeInstance(), v("2.47"), LINKS, adminOptions()).server.flavor, {
    vcpus: 1,
    ram: 512,
    disk: 1,
    ephemeral: 0,
    swap: 0,
    original_name: "m1.tiny",
    extra_specs: {},
  });
});

Deno.test("volume-backed server shows image as an empty string; no ports, no security groups", () => {
  const server = serverShow(
    activeInstance({ image_ref: "", ports: [] }),
    v("2.1"),
    LINKS,
    adminOptions(),
  ).server;
  assert.equal(server.image, "");
  assert.equal("security_groups" in server, false);
  assert.deepEqual(server.addresses, {});
});

Deno.test("update before 2.75 leaves out what Nova leaves out", () => {
  const server = serverUpdated(activeInstance(), v("2.74"), LINKS, adminOptions()).server;
  for (const key of ["OS-EXT-STS:vm_state", "key_name", "config_drive", "security_groups"]) {
    assert.equal(key in server, false, key);
  }
  assert.deepEqual(Object.keys((server.addresses as Record<string, object[]>).private[0]), [
    "version",
    "addr",
  ]);
  assert.deepEqual(server.server_groups, []);
  const full = serverUpdated(activeInstance(), v("2.75"), LINKS, adminOptions()).server;
  assert.equal(full["OS-EXT-STS:vm_state"], "active");
});

Deno.test("2.100 scheduler hints are lists; launched_at is naive", () => {
  const server = serverShow(
    activeInstance({ scheduler_hints: { same_host: "u1", different_host: ["u2", "u3"] } }),
    v("2.100"),
    LINKS,
    adminOptions(),
  ).server;
  assert.deepEqual(server.scheduler_hints, { same_host: ["u1"], different_host: ["u2", "u3"] });
  assert.equal(server["OS-SRV-USG:launched_at"], "2013-09-23T13:37:00.880302");
  assert.equal(server.created, "2013-09-03T04:01:32Z");
});
