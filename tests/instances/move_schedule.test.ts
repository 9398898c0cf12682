import assert from "node:assert/strict";
import { NOT_ENOUGH_HOSTS, scheduleMove } from "../../lib/instances/move_schedule.ts";
import { DEFAULT_SERVICE, type ServiceRecord } from "../../lib/store/services.ts";
import type { HostSpec, HostUsage } from "../../lib/virt/types.ts";

function host(name: string, memory_mb = 4096): HostSpec {
  return {
    name,
    vcpus: 4,
    memory_mb,
    disk_gb: 100,
    availability_zone: "nova",
    cpu_allocation_ratio: 1,
    ram_allocation_ratio: 1,
    disk_allocation_ratio: 1,
  };
}

const NEEDS = { vcpus: 1, memory_mb: 1024, disk_gb: 1 };
const HOSTS = [host("src"), host("a"), host("tiny", 512)];
const NONE = new Map<string, HostUsage>();

function services(over: Record<string, Partial<ServiceRecord>> = {}) {
  return new Map(HOSTS.map((h) => [h.name, { ...DEFAULT_SERVICE, ...over[h.name] }]));
}

Deno.test("a move goes to a fitting host other than its source", () => {
  const pick = scheduleMove(HOSTS, NONE, services(), { ...NEEDS, ignoreHosts: ["src"] });
  assert.equal(pick.host?.name, "a");
});

Deno.test("nothing offered (capacity, disabled, requested host): an empty reason", () => {
  const ask = { ...NEEDS, ignoreHosts: ["src"] };
  assert.deepEqual(scheduleMove(HOSTS, NONE, services(), { ...ask, host: "tiny" }), { reason: "" });
  const disabled = services({ src: { disabled: true }, a: { disabled: true } });
  assert.deepEqual(scheduleMove(HOSTS, NONE, disabled, ask), { reason: "" });
});

Deno.test("offered but filtered (the source, a host down): not enough hosts", () => {
  const ask = { ...NEEDS, ignoreHosts: ["src"] };
  assert.deepEqual(scheduleMove(HOSTS, NONE, services(), { ...ask, host: "src" }), {
    reason: NOT_ENOUGH_HOSTS,
  });
  assert.deepEqual(scheduleMove(HOSTS, NONE, services({ a: { forced_down: true } }), ask), {
    reason: NOT_ENOUGH_HOSTS,
  });
});
