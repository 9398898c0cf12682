/** A server's NUMA topology from its flavor (`lib/instances/topology.ts`). */
import assert from "node:assert/strict";
import { numaTopology } from "../../lib/instances/mod.ts";

const flavor = (extra_specs: Record<string, string>, vcpus = 4, memory_mb = 4096) => ({
  vcpus,
  memory_mb,
  extra_specs,
});

Deno.test("topology: none unless the flavor asks for NUMA, pinning or a page size", () => {
  assert.equal(numaTopology(flavor({})), null);
  assert.equal(numaTopology(flavor({ "hw:cpu_policy": "shared" })), null);
  assert.equal(numaTopology(flavor({ "hw:numa_nodes": "two" })), null);
  assert.equal(numaTopology(flavor({ "hw:numa_nodes": "0" })), null);
  // Nova refuses an uneven split (ImageNUMATopologyAsymmetric): no topology here.
  assert.equal(numaTopology(flavor({ "hw:numa_nodes": "3" })), null);
  assert.equal(numaTopology(flavor({ "hw:numa_nodes": "2" }, 4, 1023)), null);
});

Deno.test("topology: hw:numa_nodes splits vCPUs and memory in order", () => {
  assert.deepEqual(numaTopology(flavor({ "hw:numa_nodes": "4" }, 8, 4096)), {
    cells: [0, 1, 2, 3].map((n) => ({
      vcpus: [2 * n, 2 * n + 1],
      memoryMb: 1024,
      hostNode: n,
      pinning: null,
    })),
    pagesizeKb: null,
  });
});

Deno.test("topology: one node for a page size or dedicated CPUs; page sizes in KiB", () => {
  const sizes: [string, number | null][] = [
    ["small", 4],
    ["any", 4],
    ["large", 2048],
    ["2048", 2048],
    ["2MB", 2048],
    ["1GB", 1048576],
    ["64Kb", 64],
  ];
  for (const [value, kb] of sizes) {
    const t = numaTopology(flavor({ "hw:mem_page_size": value }));
    assert.equal(t?.pagesizeKb, kb, value);
    assert.equal(t?.cells.length, 1);
  }
  const pinned = numaTopology(flavor({ "hw:cpu_policy": "dedicated" }, 2, 512));
  assert.deepEqual(pinned?.cells, [{
    vcpus: [0, 1],
    memoryMb: 512,
    hostNode: 0,
    pinning: { 0: 0, 1: 1 },
  }]);
});
