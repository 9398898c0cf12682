/**
 * `/os-availability-zone` over real HTTP: the summary hides the internal zone and has no hosts;
 * the detail (admin only) lists each zone's hosts and services, as Nova's samples show them.
 */
import assert from "node:assert/strict";
import { MAX_API_VERSION } from "../../../lib/compute/api_version.ts";
import { startCompute } from "../../support/compute.ts";
import { assertMatchesSample } from "../../support/samples.ts";

const CONFIG = {
  DEFAULT: { host: "controller" },
  virt: { host: ["c1:8:8192:100:zone-b", "c2:8:8192:100", "c3:8:8192:100:zone-b"] },
};

Deno.test("availability zones: the summary lists the compute zones, sorted, without hosts", async () => {
  const h = await startCompute({ config: CONFIG });
  try {
    for (const version of ["2.1", MAX_API_VERSION]) {
      const res = await h.json("/os-availability-zone", { as: "reader", version });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, {
        availabilityZoneInfo: [
          { zoneName: "nova", zoneState: { available: true }, hosts: null },
          { zoneName: "zone-b", zoneState: { available: true }, hosts: null },
        ],
      });
    }
    const sampleShaped = await h.json("/os-availability-zone");
    await assertMatchesSample(
      { availabilityZoneInfo: sampleShaped.body.availabilityZoneInfo.slice(0, 1) },
      "os-availability-zone/availability-zone-list-resp.json",
    );
  } finally {
    await h.close();
  }
});

Deno.test("availability zones: the detail shows the internal zone and every host's services", async () => {
  const h = await startCompute({ config: CONFIG });
  try {
    const res = await h.json("/os-availability-zone/detail");
    assert.equal(res.status, 200, res.text);
    const zones = res.body.availabilityZoneInfo;
    assert.deepEqual(zones.map((z: { zoneName: string }) => z.zoneName), [
      "internal",
      "nova",
      "zone-b",
    ]);
    const [internal, nova, zoneB] = zones;
    assert.deepEqual(Object.keys(internal.hosts), ["controller"]);
    assert.deepEqual(Object.keys(internal.hosts.controller), ["nova-conductor", "nova-scheduler"]);
    assert.deepEqual(Object.keys(nova.hosts), ["c2"]);
    assert.deepEqual(Object.keys(zoneB.hosts), ["c1", "c3"]);
    const compute = zoneB.hosts.c1["nova-compute"];
    assert.deepEqual([compute.available, compute.active], [true, true]);
    assert.match(compute.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  } finally {
    await h.close();
  }
});

Deno.test("availability zones: the detail is admin-only; 2.102 refuses unknown query parameters", async () => {
  const h = await startCompute({ config: CONFIG });
  try {
    const denied = await h.json("/os-availability-zone/detail", { as: "member" });
    assert.equal(denied.status, 403, denied.text);
    assert.equal(
      denied.body.forbidden.message,
      "Policy doesn't allow os_compute_api:os-availability-zone:detail to be performed.",
    );
    assert.equal((await h.json("/os-availability-zone?x=1", { version: "2.101" })).status, 200);
    assert.equal((await h.json("/os-availability-zone?x=1", { version: "2.102" })).status, 400);
  } finally {
    await h.close();
  }
});

Deno.test("availability zones: disabled, forced-down and deleted services show", async () => {
  const h = await startCompute({ config: CONFIG });
  try {
    const put = (action: string, body: Record<string, unknown>) =>
      h.json(`/os-services/${action}`, {
        method: "PUT",
        json: { binary: "nova-compute", ...body },
        version: "2.11",
      });
    assert.equal((await put("disable", { host: "c2" })).status, 200);
    assert.equal((await put("force-down", { host: "c1", forced_down: true })).status, 200);
    const summary = await h.json("/os-availability-zone");
    assert.deepEqual(summary.body.availabilityZoneInfo, [
      { zoneName: "zone-b", zoneState: { available: true }, hosts: null },
      { zoneName: "nova", zoneState: { available: false }, hosts: null },
    ]);
    const detail = (await h.json("/os-availability-zone/detail")).body.availabilityZoneInfo;
    assert.deepEqual(detail.map((z: { zoneName: string }) => z.zoneName), [
      "internal",
      "zone-b",
      "nova",
    ]);
    const c1 = detail[1].hosts.c1["nova-compute"];
    assert.deepEqual([c1.available, c1.active], [false, true]);
    assert.deepEqual(detail[2], { zoneName: "nova", zoneState: { available: false }, hosts: null });
    assert.equal((await h.json("/os-services/5", { method: "DELETE" })).status, 204);
    const after = (await h.json("/os-availability-zone/detail")).body.availabilityZoneInfo;
    assert.deepEqual(Object.keys(after[1].hosts), ["c1"]);
  } finally {
    await h.close();
  }
});
