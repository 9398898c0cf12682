/** The simulated libvirt diagnostics in both shapes. */
import assert from "node:assert/strict";
import { legacyDiagnostics, standardDiagnostics } from "../../lib/virt/diagnostics.ts";

const FACTS = {
  vcpus: 2,
  memoryMb: 4096,
  disks: ["vda", "vdb", "sda"],
  nics: [{ mac: "fa:16:3e:00:00:01", dev: "tap0123456789a" }],
  configDrive: true,
  uptime: 100,
};

Deno.test("standard diagnostics: one entry per vCPU, disk and NIC; libvirt's memory units", () => {
  const d = standardDiagnostics(FACTS);
  assert.deepEqual([d.num_cpus, d.num_disks, d.num_nics], [2, 3, 1]);
  assert.deepEqual(d.cpu_details.map((c) => [c.id, c.utilisation]), [[0, null], [1, null]]);
  assert.equal(d.nic_details[0].mac_address, "fa:16:3e:00:00:01");
  assert.deepEqual(d.memory_details, { maximum: 4, used: 4 });
  assert.equal(d.uptime, 100);
  const later = standardDiagnostics({ ...FACTS, uptime: 1000 });
  assert.ok(later.cpu_details[1].time > d.cpu_details[1].time);
  assert.ok(later.disk_details[0].read_bytes > d.disk_details[0].read_bytes);
});

Deno.test("legacy diagnostics: libvirt's keys per vCPU, disk target and tap device", () => {
  const d = legacyDiagnostics(FACTS);
  for (
    const key of ["cpu0_time", "cpu1_time", "vdb_read", "sda_errors", "tap0123456789a_tx_drop"]
  ) {
    assert.equal(typeof d[key], "number", key);
  }
  assert.equal(d.memory, 4096 * 1024);
});
