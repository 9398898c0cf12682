import assert from "node:assert/strict";
import { type ComputeNode, hostUptime, nodeStatistics } from "../../lib/virt/hypervisors.ts";

Deno.test("hostUptime prints what the uptime command prints", () => {
  const boot = new Date("2024-01-01T00:00:00Z");
  assert.equal(
    hostUptime(boot, new Date("2024-01-01T00:04:59Z")),
    " 00:04:59 up 4 min,  0 users,  load average: 0.00, 0.00, 0.00",
  );
  assert.equal(
    hostUptime(boot, new Date("2024-01-01T03:07:00Z")),
    " 03:07:00 up  3:07,  0 users,  load average: 0.00, 0.00, 0.00",
  );
  assert.equal(
    hostUptime(boot, new Date("2024-01-02T01:05:09Z")),
    " 01:05:09 up 1 day,  1:05,  0 users,  load average: 0.00, 0.00, 0.00",
  );
  assert.equal(
    hostUptime(boot, new Date("2024-01-04T12:30:00Z")),
    " 12:30:00 up 3 days, 12:30,  0 users,  load average: 0.00, 0.00, 0.00",
  );
});

function node(vcpus: number, disabled: boolean): ComputeNode {
  return {
    vcpus,
    memory_mb: 1024,
    local_gb: 10,
    vcpus_used: 1,
    memory_mb_used: 512,
    local_gb_used: 1,
    free_ram_mb: 512,
    free_disk_gb: 9,
    current_workload: 0,
    running_vms: 1,
    disk_available_least: 9,
    service: { disabled },
  } as ComputeNode;
}

Deno.test("statistics sum the nodes whose service is enabled; none gives zeros", () => {
  const stats = nodeStatistics([node(4, false), node(8, false), node(16, true)]);
  assert.deepEqual([stats.count, stats.vcpus, stats.running_vms, stats.free_ram_mb], [
    2,
    12,
    2,
    1024,
  ]);
  const none = nodeStatistics([node(4, true)]);
  assert.deepEqual([none.count, none.vcpus, none.memory_mb_used], [0, 0, 0]);
});
