import assert from "node:assert/strict";
import { ConfigError, configFromValues } from "../../lib/config/mod.ts";
import { hostLine } from "../../lib/config/options/virt.ts";
import { configuredHosts } from "../../lib/virt/hosts.ts";

Deno.test("without [virt] host lines there are two quick-start hosts with Nova's ratios", () => {
  const hosts = configuredHosts(configFromValues({}));
  assert.deepEqual(
    hosts,
    ["compute-1", "compute-2"].map((name) => ({
      name,
      vcpus: 16,
      memory_mb: 32768,
      disk_gb: 500,
      availability_zone: "nova",
      cpu_allocation_ratio: 4,
      ram_allocation_ratio: 1,
      disk_allocation_ratio: 1,
    })),
  );
});

Deno.test("host lines, zones, the default zone and the allocation ratio options", () => {
  const hosts = configuredHosts(configFromValues({
    virt: { host: ["a:2:1024:10:az1", "b.example:4:2048:20"] },
    DEFAULT: {
      default_availability_zone: "zone0",
      cpu_allocation_ratio: "2.5",
      ram_allocation_ratio: "0",
      initial_ram_allocation_ratio: "1.5",
      initial_disk_allocation_ratio: "3",
    },
  }));
  assert.deepEqual(
    hosts.map((h) => [h.name, h.vcpus, h.memory_mb, h.disk_gb, h.availability_zone]),
    [
      ["a", 2, 1024, 10, "az1"],
      ["b.example", 4, 2048, 20, "zone0"],
    ],
  );
  // A ratio of 0 means "unset" in Nova: the initial ratio applies.
  assert.deepEqual(
    [hosts[0].cpu_allocation_ratio, hosts[0].ram_allocation_ratio, hosts[0].disk_allocation_ratio],
    [2.5, 1.5, 3],
  );
});

Deno.test("a bad host line stops configuration with one line saying what is expected", () => {
  for (const bad of ["a:1:2", "a:x:1:1", "a:0:1:1", "-a:1:1:1", "a:1:1:1:", "a:1:1:1:z:extra"]) {
    assert.throws(() => configFromValues({ virt: { host: [bad] } }), (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.match(e.message, /\[virt\] host = .*expected NAME:VCPUS:RAM_MB:DISK_GB\[:ZONE\]/);
      assert.ok(!e.message.includes("\n"));
      return true;
    }, bad);
  }
});

Deno.test("a host configured twice is a configuration error", () => {
  const config = configFromValues({ virt: { host: ["a:1:1:1", "a:2:2:2"] } });
  assert.throws(() => configuredHosts(config), ConfigError);
});

Deno.test("a host line renders back to its text", () => {
  const t = hostLine();
  assert.equal(t.render(t.parse("a:1:2:3:z")), "a:1:2:3:z");
  assert.equal(t.render(t.parse("a:1:2:3")), "a:1:2:3");
});
