/** Usage arithmetic: hours clipped to the period, per-project totals, uptime and state. */
import assert from "node:assert/strict";
import { activeIn, hoursIn, isoMicros, tenantUsages } from "../../lib/instances/usage.ts";
import type { Instance } from "../../lib/instances/types.ts";

const H = 3_600_000_000;
const T0 = isoMicros("2024-05-01T00:00:00.000Z");

function server(
  uuid: string,
  project: string,
  launched: number | null,
  terminated: number | null,
  flavor = { name: "m1.tiny", vcpus: 1, memory_mb: 512, root_gb: 1, ephemeral_gb: 0 },
  vm_state = "active",
): Instance {
  const iso = (us: number | null) => us === null ? null : new Date(us / 1000).toISOString();
  return {
    uuid,
    name: `n-${uuid}`,
    project_id: project,
    vm_state,
    launched_at: iso(launched),
    terminated_at: iso(terminated),
    flavor,
  } as unknown as Instance;
}

Deno.test("isoMicros keeps the digits a stored time has", () => {
  assert.equal(isoMicros("2024-05-01T12:00:04.250Z"), Date.UTC(2024, 4, 1, 12, 0, 4, 250) * 1000);
  assert.equal(isoMicros("2024-05-01T12:00:04.000123Z") % 1_000_000, 123);
  assert.equal(isoMicros("2024-05-01T12:00:04Z"), Date.UTC(2024, 4, 1, 12, 0, 4) * 1000);
});

Deno.test("hours run from the later of launch and start to the earlier of end and stop", () => {
  const start = T0, stop = T0 + 10 * H;
  assert.equal(hoursIn(server("a", "p", T0 - H, null), start, stop), 10);
  assert.equal(hoursIn(server("a", "p", T0 + H, null), start, stop), 9);
  assert.equal(hoursIn(server("a", "p", T0 + H, T0 + 3 * H), start, stop), 2);
  assert.equal(hoursIn(server("a", "p", T0 - H, T0 + H / 2), start, stop), 0.5);
  assert.equal(hoursIn(server("a", "p", T0 - 2 * H, T0 - H), start, stop), 0);
  assert.equal(hoursIn(server("a", "p", T0 + 11 * H, null), start, stop), 0);
  assert.equal(hoursIn(server("a", "p", null, null), start, stop), 0);
});

Deno.test("a period holds servers launched before its stop and not ended before its start", () => {
  const start = T0, stop = T0 + H;
  assert.ok(activeIn(server("a", "p", T0 - H, null), start, stop));
  assert.ok(activeIn(server("a", "p", T0 - H, T0 + 1000), start, stop));
  assert.ok(!activeIn(server("a", "p", T0 - H, T0), start, stop), "ended at the start");
  assert.ok(!activeIn(server("a", "p", stop, null), start, stop), "launched at the stop");
  assert.ok(!activeIn(server("a", "p", null, null), start, stop), "never launched");
});

Deno.test("totals add each server's flavor times hours per project, in page order", () => {
  const small = { name: "m1.small", vcpus: 2, memory_mb: 2048, root_gb: 20, ephemeral_gb: 5 };
  const page = [
    server("a", "p", T0, T0 + 2 * H),
    server("b", "p", T0 + H, null, small, "stopped"),
    server("c", "q", T0 - H, null),
  ];
  const now = T0 + 5 * H + 1_500_000;
  const { tenants, servers } = tenantUsages(page, T0, T0 + 4 * H, now);
  assert.deepEqual(tenants.map((t) => t.tenant_id), ["p", "q"]);
  const [p, q] = tenants;
  assert.equal(p.total_hours, 2 + 3);
  assert.equal(p.total_vcpus_usage, 1 * 2 + 2 * 3);
  assert.equal(p.total_memory_mb_usage, 512 * 2 + 2048 * 3);
  assert.equal(p.total_local_gb_usage, 1 * 2 + 25 * 3);
  assert.equal(q.total_hours, 4);
  assert.deepEqual(servers.map((s) => [s.instance_id, s.state, s.uptime, s.local_gb]), [
    ["a", "terminated", 7200, 1],
    ["b", "stopped", 4 * 3600 + 1, 25],
    ["c", "active", 6 * 3600 + 1, 1],
  ]);
  assert.equal(p.start, T0);
  assert.equal(p.stop, T0 + 4 * H);
});
