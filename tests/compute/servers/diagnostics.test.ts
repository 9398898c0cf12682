/**
 * `GET /servers/{id}/diagnostics` over real HTTP: the 2.48 standard shape (sample) and the older
 * free-form dict, uptime and counters on a test clock, Nova's 409s (no host, not running), the
 * 2.102 query check, and the admin-only policy.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { assertMatchesSample } from "../../support/samples.ts";
import { createServer, start } from "./_support.ts";
import { useTestClock } from "./_clock.ts";

const RATES = { nullable: ["utilisation", "rx_rate", "tx_rate"] };

function diagnostics(h: Harness, id: string, version = "2.48", as: Persona = "admin", q = "") {
  return h.json(`/servers/${id}/diagnostics${q}`, { as, version });
}

function act(h: Harness, id: string, body: unknown) {
  return h.json(`/servers/${id}/action`, { as: "member", json: body });
}

Deno.test("diagnostics 2.48: the sample's shape, from the server's flavor and ports", async () => {
  const h = await start();
  try {
    const clock = useTestClock(h);
    const id = await createServer(h, "member", { flavorRef: "2", config_drive: true });
    clock.advance(120);
    const res = await diagnostics(h, id);
    assert.equal(res.status, 200, res.text);
    await assertMatchesSample(
      res.body,
      "os-server-diagnostics/v2.48/server-diagnostics-get-resp.json",
      RATES,
    );
    const server = (await h.json(`/servers/${id}`, { as: "admin" })).body.server;
    const d = res.body;
    assert.deepEqual(
      [d.state, d.driver, d.hypervisor, d.hypervisor_os, d.config_drive],
      ["running", "libvirt", "kvm", "linux", true],
    );
    assert.equal(d.uptime, 120);
    assert.equal(d.num_cpus, 1);
    assert.deepEqual(d.cpu_details.map((c: { id: number }) => c.id), [0]);
    assert.equal(d.num_disks, 2); // vda and the config drive
    assert.equal(d.num_nics, 1);
    assert.equal(
      d.nic_details[0].mac_address,
      server.addresses.private[0]["OS-EXT-IPS-MAC:mac_addr"],
    );
    // m1.small: 2048 MiB is 2097152 KiB, which libvirt's driver divides by 2^20.
    assert.deepEqual(d.memory_details, { maximum: 2, used: 2 });
    clock.advance(600);
    const later = (await diagnostics(h, id)).body;
    assert.equal(later.uptime, 720);
    assert.ok(later.cpu_details[0].time > d.cpu_details[0].time);
    assert.ok(later.nic_details[0].rx_packets > d.nic_details[0].rx_packets);
  } finally {
    await h.close();
  }
});

Deno.test("diagnostics below 2.48: libvirt's free-form dict (the sample's kind of keys)", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const res = await diagnostics(h, id, "2.47");
    assert.equal(res.status, 200, res.text);
    const keys = Object.keys(res.body);
    for (
      const key of [
        "cpu0_time",
        "memory",
        "vda_read",
        "vda_read_req",
        "vda_write",
        "vda_write_req",
        "vda_errors",
      ]
    ) {
      assert.ok(keys.includes(key), `${key} in ${keys}`);
    }
    assert.ok(keys.some((k) => /^tap[0-9a-f-]{11}_rx$/.test(k)), keys.join());
    assert.equal(res.body.memory, 512 * 1024);
    for (const value of Object.values(res.body)) assert.equal(typeof value, "number");
    assert.equal((await diagnostics(h, id, "2.1")).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("diagnostics: 409 for a server that is not running or has no host", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    assert.equal((await act(h, id, { "os-stop": null })).status, 202);
    for (const version of ["2.1", "2.48"]) {
      const res = await diagnostics(h, id, version);
      assert.equal(res.status, 409, res.text);
      assert.equal(
        faultMessage(res.body),
        `Cannot 'get_diagnostics' instance ${id} while it is in power state shutdown`,
      );
    }
    assert.equal((await act(h, id, { "os-start": null })).status, 202);
    assert.equal((await act(h, id, { pause: null })).status, 202);
    const paused = await diagnostics(h, id);
    assert.equal(paused.status, 409, paused.text);
    assert.match(faultMessage(paused.body), /in power state paused$/);
    assert.equal((await act(h, id, { unpause: null })).status, 202);
    assert.equal((await act(h, id, { shelve: null })).status, 202);
    const offloaded = await diagnostics(h, id);
    assert.equal(offloaded.status, 409, offloaded.text);
    assert.equal(faultMessage(offloaded.body), `Instance ${id} is not ready`);
  } finally {
    await h.close();
  }
  const b = await start({ deno: { fake_boot_seconds: 3600 } });
  try {
    const id = await createServer(b);
    const building = await diagnostics(b, id);
    assert.equal(building.status, 409, building.text);
    assert.match(faultMessage(building.body), /in power state pending$/);
  } finally {
    await b.close();
  }
});

Deno.test("diagnostics: admin only; another project's member 404; query checked from 2.102", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (const as of ["member", "reader", "manager"] as const) {
      assert.equal((await diagnostics(h, id, "2.48", as)).status, 403, as);
    }
    assert.equal((await diagnostics(h, id, "2.48", "other")).status, 404);
    assert.equal((await diagnostics(h, crypto.randomUUID())).status, 404);
    assert.equal((await diagnostics(h, id, "2.101", "admin", "?x=1")).status, 200);
    assert.equal((await diagnostics(h, id, "2.102", "admin", "?x=1")).status, 400);
    assert.equal((await diagnostics(h, id, "2.102")).status, 200);
  } finally {
    await h.close();
  }
});
