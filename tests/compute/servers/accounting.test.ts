/**
 * Host usage and project quota usage once a move is over, over real HTTP on a test clock: a
 * resize then confirm (the destination holds the new flavor, the quota counts it), a resize then
 * revert (back on the source with the old flavor), shelveOffload then unshelve (no host holds the
 * offloaded server, but Nova's quota still counts it) and an evacuation. The expectations follow
 * Nova: the resource tracker's claims per host, and quota counted from the instances' flavors.
 */
import assert from "node:assert/strict";
import { getHostUsage } from "../../../lib/store/hosts.ts";
import { setServiceForcedDown } from "../../../lib/virt/services.ts";
import { type Harness, startCompute } from "../../support/compute.ts";
import { TestClock } from "../../instances/support.ts";
import { serverBody } from "./_support.ts";

const HOSTS = ["compute-1", "compute-2"];

/** Long enough for any task of these steps (12 s) to end. */
const SETTLE_SECONDS = 40;

async function harness(clock: TestClock): Promise<Harness> {
  return await startCompute({
    seedFlavors: true,
    clock: clock.now,
    config: {
      deno: { fake_boot_seconds: 12 },
      virt: { fake_delete_seconds: 12 },
      DEFAULT: { shelved_offload_time: -1 },
    },
  });
}

/** [vcpus, memory_mb] claimed on each host, in {@link HOSTS} order. */
async function hostUsage(h: Harness): Promise<[number, number][]> {
  const usage = await getHostUsage(h.kv, HOSTS);
  return HOSTS.map((name) => [usage.get(name)!.vcpus, usage.get(name)!.memory_mb]);
}

/** The project's in_use of instances, cores and ram, as `GET /os-quota-sets/{p}/detail` says. */
async function quotaUsage(h: Harness): Promise<[number, number, number]> {
  const res = await h.json("/os-quota-sets/project-a/detail", { as: "admin" });
  assert.equal(res.status, 200, res.text);
  const q = res.body.quota_set;
  return [q.instances.in_use, q.cores.in_use, q.ram.in_use];
}

async function act(h: Harness, clock: TestClock, id: string, body: unknown, as = "member") {
  const res = await h.json(`/servers/${id}/action`, {
    as: as as "member" | "admin",
    json: body,
    version: "2.14",
  });
  assert.ok(res.status >= 200 && res.status < 300, `${JSON.stringify(body)}: ${res.text}`);
  clock.advance(SETTLE_SECONDS);
}

async function status(h: Harness, id: string): Promise<[string, string | null]> {
  const res = await h.json(`/servers/${id}`, { as: "admin" });
  assert.equal(res.status, 200, res.text);
  return [res.body.server.status, res.body.server["OS-EXT-SRV-ATTR:host"]];
}

/** An m1.tiny server (1 vCPU, 512 MiB), ACTIVE on compute-1. */
async function boot(h: Harness, clock: TestClock): Promise<string> {
  const res = await h.json("/servers", { as: "member", json: serverBody() });
  assert.equal(res.status, 202, res.text);
  clock.advance(SETTLE_SECONDS);
  const id = res.body.server.id;
  assert.deepEqual(await status(h, id), ["ACTIVE", "compute-1"]);
  assert.deepEqual(await hostUsage(h), [[1, 512], [0, 0]]);
  assert.deepEqual(await quotaUsage(h), [1, 1, 512]);
  return id;
}

Deno.test("accounting: resize to m1.small then confirm: the destination holds the new flavor", async () => {
  const clock = new TestClock();
  const h = await harness(clock);
  try {
    const id = await boot(h, clock);
    await act(h, clock, id, { resize: { flavorRef: "2" } });
    assert.deepEqual(await status(h, id), ["VERIFY_RESIZE", "compute-2"]);
    await act(h, clock, id, { confirmResize: null });
    assert.deepEqual(await status(h, id), ["ACTIVE", "compute-2"]);
    assert.deepEqual(await hostUsage(h), [[0, 0], [1, 2048]]);
    assert.deepEqual(await quotaUsage(h), [1, 1, 2048]);
  } finally {
    await h.close();
  }
});

Deno.test("accounting: resize then revert: back on the source with the old flavor", async () => {
  const clock = new TestClock();
  const h = await harness(clock);
  try {
    const id = await boot(h, clock);
    await act(h, clock, id, { resize: { flavorRef: "2" } });
    await act(h, clock, id, { revertResize: null });
    assert.deepEqual(await status(h, id), ["ACTIVE", "compute-1"]);
    assert.deepEqual(await hostUsage(h), [[1, 512], [0, 0]]);
    assert.deepEqual(await quotaUsage(h), [1, 1, 512]);
  } finally {
    await h.close();
  }
});

Deno.test("accounting: shelveOffload frees the host, the quota still counts; unshelve claims again", async () => {
  const clock = new TestClock();
  const h = await harness(clock);
  try {
    const id = await boot(h, clock);
    await act(h, clock, id, { shelve: null });
    await act(h, clock, id, { shelveOffload: null }, "admin");
    assert.deepEqual(await status(h, id), ["SHELVED_OFFLOADED", null]);
    assert.deepEqual(await hostUsage(h), [[0, 0], [0, 0]]);
    // Nova counts cores and ram from the instances' records, offloaded ones included.
    assert.deepEqual(await quotaUsage(h), [1, 1, 512]);
    await act(h, clock, id, { unshelve: null });
    const [state, host] = await status(h, id);
    assert.equal(state, "ACTIVE");
    const usage = await hostUsage(h);
    assert.deepEqual(usage[HOSTS.indexOf(host!)], [1, 512]);
    assert.deepEqual(usage.flat().reduce((a, b) => a + b), 513);
    assert.deepEqual(await quotaUsage(h), [1, 1, 512]);
  } finally {
    await h.close();
  }
});

Deno.test("accounting: evacuate: the destination holds the claim; the quota does not change", async () => {
  const clock = new TestClock();
  const h = await harness(clock);
  try {
    const id = await boot(h, clock);
    await setServiceForcedDown(h.kv, "compute-1", true);
    await act(h, clock, id, { evacuate: {} }, "admin");
    assert.deepEqual(await status(h, id), ["ACTIVE", "compute-2"]);
    // Not checked: the source's claim. Nova keeps the source's allocation until that compute
    // starts again and destroys its evacuated guests; this project frees it when the move ends.
    const [, destination] = await hostUsage(h);
    assert.deepEqual(destination, [1, 512]);
    assert.deepEqual(await quotaUsage(h), [1, 1, 512]);
  } finally {
    await h.close();
  }
});
