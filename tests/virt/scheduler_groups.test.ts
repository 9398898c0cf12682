/** The scheduler's server-group filters and weighers (`groupAllows`, `groupWeight`, `pickHost`). */
import assert from "node:assert/strict";
import {
  groupAllows,
  type GroupPlacement,
  groupWeight,
  pickHost,
} from "../../lib/virt/scheduler.ts";
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

const HOSTS = [host("a"), host("b", 8192), host("c")];
const NONE = new Map<string, HostUsage>();
const small = { vcpus: 1, memory_mb: 512, disk_gb: 1 };

function group(
  policy: GroupPlacement["policy"],
  on: Record<string, number>,
  maxServerPerHost?: number,
): GroupPlacement {
  return { policy, hosts: new Map(Object.entries(on)), maxServerPerHost };
}

const pick = (g?: GroupPlacement) => pickHost(HOSTS, NONE, { ...small, group: g })?.name ?? null;

Deno.test("affinity: any host while the group runs nowhere, then only its hosts", () => {
  assert.equal(pick(group("affinity", {})), "b");
  assert.equal(pick(group("affinity", { c: 1 })), "c");
  assert.equal(groupAllows(group("affinity", { c: 1 }), "b"), false);
});

Deno.test("anti-affinity: hosts with fewer members than max_server_per_host (default 1)", () => {
  assert.equal(pick(group("anti-affinity", { b: 1 })), "a");
  assert.equal(pick(group("anti-affinity", { a: 1, b: 1, c: 1 })), null);
  assert.equal(pick(group("anti-affinity", { a: 1, b: 1, c: 1 }, 2)), "b");
  assert.equal(pick(group("anti-affinity", { a: 2, b: 2, c: 1 }, 2)), "c");
  // Nova's comparison: a rule of 0 refuses every host.
  assert.equal(groupAllows(group("anti-affinity", {}, 0), "a"), false);
});

Deno.test("soft policies filter nothing and weigh before free RAM", () => {
  assert.equal(groupAllows(group("soft-affinity", { a: 5 }), "b"), true);
  assert.equal(groupAllows(group("soft-anti-affinity", { a: 5 }), "a"), true);
  assert.equal(groupWeight(group("soft-affinity", { a: 2 }), "a"), 2);
  assert.equal(groupWeight(group("soft-anti-affinity", { a: 2 }), "a"), -2);
  assert.equal(groupWeight(group("affinity", { a: 2 }), "a"), 0);
  // b has the most free RAM; the soft policies overrule it.
  assert.equal(pick(), "b");
  assert.equal(pick(group("soft-affinity", { c: 1 })), "c");
  assert.equal(pick(group("soft-anti-affinity", { b: 1 })), "a");
  assert.equal(pick(group("soft-anti-affinity", { a: 1, b: 1, c: 1 })), "b");
});
