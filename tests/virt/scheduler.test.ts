import assert from "node:assert/strict";
import { addUsage, fits, flavorRequest, pickHost } from "../../lib/virt/scheduler.ts";
import type { HostSpec, HostUsage } from "../../lib/virt/types.ts";

function host(name: string, over: Partial<HostSpec> = {}): HostSpec {
  return {
    name,
    vcpus: 4,
    memory_mb: 4096,
    disk_gb: 100,
    availability_zone: "nova",
    cpu_allocation_ratio: 1,
    ram_allocation_ratio: 1,
    disk_allocation_ratio: 1,
    ...over,
  };
}

const use = (vcpus: number, memory_mb: number, disk_gb: number): HostUsage => ({
  vcpus,
  memory_mb,
  disk_gb,
  instances: 1,
});

const small = { vcpus: 1, memory_mb: 512, disk_gb: 1 };

Deno.test("capacity counts allocation ratios, on every resource", () => {
  const h = host("a", { cpu_allocation_ratio: 4 });
  assert.ok(fits(h, use(15, 0, 0), small));
  assert.ok(!fits(h, use(16, 0, 0), small));
  assert.ok(!fits(h, use(0, 3800, 0), small));
  assert.ok(fits(host("b", { ram_allocation_ratio: 1.5 }), use(0, 5600, 0), small));
  assert.ok(!fits(h, use(0, 0, 100), small));
});

Deno.test("the fit with the most free RAM wins, then configuration order", () => {
  const hosts = [host("a"), host("b"), host("c")];
  assert.equal(pickHost(hosts, new Map(), small)!.name, "a");
  const usage = new Map([["a", use(1, 2048, 1)], ["b", use(1, 1024, 1)]]);
  assert.equal(pickHost(hosts, usage, small)!.name, "c");
  assert.equal(pickHost(hosts, usage, { ...small, vcpus: 5 }), null);
});

Deno.test("zone, host, node, same_host and different_host narrow the choice", () => {
  const hosts = [host("a"), host("b", { availability_zone: "az2" }), host("c")];
  assert.equal(pickHost(hosts, new Map(), { ...small, availabilityZone: "az2" })!.name, "b");
  assert.equal(pickHost(hosts, new Map(), { ...small, availabilityZone: "none" }), null);
  assert.equal(pickHost(hosts, new Map(), { ...small, host: "c" })!.name, "c");
  assert.equal(pickHost(hosts, new Map(), { ...small, node: "c" })!.name, "c");
  assert.equal(pickHost(hosts, new Map(), { ...small, host: "c", availabilityZone: "az2" }), null);
  assert.equal(pickHost(hosts, new Map(), { ...small, sameHost: ["c"] })!.name, "c");
  assert.equal(pickHost(hosts, new Map(), { ...small, differentHost: ["a", "b"] })!.name, "c");
  assert.equal(pickHost(hosts, new Map(), { ...small, differentHost: ["a", "b", "c"] }), null);
});

Deno.test("a flavor asks for root + ephemeral + swap (MiB rounded up to GiB) of disk", () => {
  const f = { vcpus: 2, memory_mb: 2048, root_gb: 20, ephemeral_gb: 5, swap: 1500 };
  assert.deepEqual(flavorRequest(f), { vcpus: 2, memory_mb: 2048, disk_gb: 27 });
  const u = addUsage(use(0, 0, 0), flavorRequest(f));
  assert.deepEqual(u, { vcpus: 2, memory_mb: 2048, disk_gb: 27, instances: 2 });
  assert.deepEqual(addUsage(addUsage(u, flavorRequest(f), -1), flavorRequest(f), -1), {
    vcpus: 0,
    memory_mb: 0,
    disk_gb: 0,
    instances: 0,
  });
});

Deno.test("hosts whose service is disabled or down, and ignored hosts, are skipped", () => {
  const hosts = [host("a"), host("b"), host("c")];
  assert.equal(pickHost(hosts, new Map(), { ...small, unavailableHosts: ["a"] })!.name, "b");
  assert.equal(pickHost(hosts, new Map(), { ...small, ignoreHosts: ["a", "b"] })!.name, "c");
  assert.equal(
    pickHost(hosts, new Map(), { ...small, unavailableHosts: ["a", "c"], ignoreHosts: ["b"] }),
    null,
  );
  assert.equal(pickHost(hosts, new Map(), { ...small, host: "a", unavailableHosts: ["a"] }), null);
});
