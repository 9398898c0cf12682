/**
 * The effective host zones: a host's aggregates decide its zone, else its configured one, read
 * through a transaction (checked) or for display.
 */
import assert from "node:assert/strict";
import { effectiveHosts, effectiveHostsInTx, hostZone } from "../../lib/virt/host_zones.ts";
import { addAggregateHost, createAggregate } from "../../lib/virt/aggregates.ts";
import { Transaction } from "../../lib/store/transaction.ts";
import type { HostSpec } from "../../lib/virt/types.ts";
import { withKv } from "../support/kv.ts";

const host = (name: string, zone: string): HostSpec => ({
  name,
  vcpus: 4,
  memory_mb: 4096,
  disk_gb: 40,
  availability_zone: zone,
  cpu_allocation_ratio: 1,
  ram_allocation_ratio: 1,
  disk_allocation_ratio: 1,
});

Deno.test("hostZone: the aggregates' zones, sorted and joined, else the fallback", () => {
  assert.equal(hostZone([], "nova"), "nova");
  assert.equal(hostZone([{ metadata: { other: "x" } }], "nova"), "nova");
  assert.equal(hostZone([{ metadata: { availability_zone: "az2" } }], "nova"), "az2");
  assert.equal(
    hostZone([
      { metadata: { availability_zone: "b" } },
      { metadata: { availability_zone: "a" } },
      { metadata: { availability_zone: "b" } },
    ], "nova"),
    "a,b",
  );
});

Deno.test("effectiveHosts: aggregate zones override configured ones, in and out of a transaction", async () => {
  await withKv(async (kv) => {
    const hosts = [host("c1", "nova"), host("c2", "zone-b")];
    const deps = { hosts: hosts.map((h) => h.name), clock: () => new Date(0) };
    assert.deepEqual(await effectiveHosts(kv, hosts), hosts);
    const a = await createAggregate(kv, "a", "az2", deps);
    await addAggregateHost(kv, a.id, String(a.id), "c2", deps);
    const plain = await createAggregate(kv, "plain", null, deps);
    await addAggregateHost(kv, plain.id, String(plain.id), "c1", deps);
    const shown = await effectiveHosts(kv, hosts);
    assert.deepEqual(shown.map((h) => [h.name, h.availability_zone]), [["c1", "nova"], [
      "c2",
      "az2",
    ]]);
    const tx = new Transaction(kv);
    assert.deepEqual(await effectiveHostsInTx(tx, hosts), shown);
    // The configured list is never changed in place.
    assert.equal(hosts[1].availability_zone, "zone-b");
  });
});

Deno.test("effectiveHostsInTx: a host changing zone after the read makes the commit fail", async () => {
  await withKv(async (kv) => {
    const hosts = [host("c1", "nova"), host("c2", "nova")];
    const deps = { hosts: hosts.map((h) => h.name), clock: () => new Date(0) };
    const a = await createAggregate(kv, "a", "az2", deps);
    const tx = new Transaction(kv);
    assert.deepEqual((await effectiveHostsInTx(tx, hosts)).map((h) => h.availability_zone), [
      "nova",
      "nova",
    ]);
    await addAggregateHost(kv, a.id, String(a.id), "c1", deps);
    tx.set(["probe"], 1);
    assert.equal(await tx.commit(), false);
  });
});
