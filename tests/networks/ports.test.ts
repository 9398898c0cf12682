import assert from "node:assert/strict";
import { configFromValues } from "../../lib/config/mod.ts";
import { networkCatalog } from "../../lib/networks/catalog.ts";
import { FixedIpAlreadyInUse, InvalidFixedIp, NoMoreFixedIps } from "../../lib/networks/errors.ts";
import {
  allocatePort,
  findPortByIp,
  listPorts,
  type PortRequest,
  portsOfDevice,
  releasePorts,
} from "../../lib/networks/ports.ts";
import type { Network, Port } from "../../lib/networks/types.ts";
import { transact } from "../../lib/store/transaction.ts";

async function withKv(body: (kv: Deno.Kv) => Promise<void>) {
  const kv = await Deno.openKv(":memory:");
  try {
    await body(kv);
  } finally {
    kv.close();
  }
}

const [PRIVATE] = networkCatalog(configFromValues({})).list();
const [TINY] = networkCatalog(configFromValues({
  networks: { network: ["name=tiny, cidr=192.168.9.0/29"] },
})).list();

const req = (deviceId: string, extra: Partial<PortRequest> = {}): PortRequest => ({
  deviceId,
  projectId: "p1",
  availabilityZone: "nova",
  ...extra,
});

const allocate = (kv: Deno.Kv, network: Network, r: PortRequest) =>
  transact(kv, (tx) => allocatePort(tx, network, r));

const ipOf = (port: Port) => port.fixed_ips[0].ip_address;

Deno.test("ports take the lowest free pool addresses, with a Neutron-style MAC", async () => {
  await withKv(async (kv) => {
    const a = await allocate(kv, PRIVATE, req("i1", { tag: "nic1" }));
    const b = await allocate(kv, PRIVATE, req("i2"));
    assert.equal(ipOf(a), "10.0.0.2");
    assert.equal(ipOf(b), "10.0.0.3");
    assert.equal(a.fixed_ips[0].subnet_id, PRIVATE.subnets[0].id);
    assert.match(a.mac_address, /^fa:16:3e(:[0-9a-f]{2}){3}$/);
    assert.match(a.id, /^[0-9a-f-]{36}$/);
    assert.equal(a.device_owner, "compute:nova");
    assert.equal(a.tag, "nic1");
    assert.equal(b.tag, null);
    assert.deepEqual(await portsOfDevice(kv, "i1"), [a]);
  });
});

Deno.test("several ports in one transaction get distinct addresses", async () => {
  await withKv(async (kv) => {
    const ports = await transact(kv, async (tx) => [
      await allocatePort(tx, PRIVATE, req("i1")),
      await allocatePort(tx, PRIVATE, req("i1")),
      await allocatePort(tx, PRIVATE, req("i2")),
    ]);
    assert.deepEqual(ports.map(ipOf), ["10.0.0.2", "10.0.0.3", "10.0.0.4"]);
    assert.equal((await portsOfDevice(kv, "i1")).length, 2);
  });
});

Deno.test("concurrent allocations never share an address", async () => {
  await withKv(async (kv) => {
    const ports = await Promise.all(
      Array.from({ length: 40 }, (_, i) => allocate(kv, PRIVATE, req(`i${i}`))),
    );
    const ips = new Set(ports.map(ipOf));
    assert.equal(ips.size, 40);
    assert.equal((await listPorts(kv, { networkId: PRIVATE.id })).length, 40);
  });
});

Deno.test("concurrent allocations on a small pool: exactly the pool's size succeed", async () => {
  await withKv(async (kv) => {
    // 192.168.9.0/29: hosts .1-.6, gateway .1, so five addresses.
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => allocate(kv, TINY, req(`i${i}`))),
    );
    const ok = results.filter((r) => r.status === "fulfilled") as PromiseFulfilledResult<Port>[];
    assert.equal(ok.length, 5);
    assert.deepEqual(ok.map((r) => ipOf(r.value)).sort(), [
      "192.168.9.2",
      "192.168.9.3",
      "192.168.9.4",
      "192.168.9.5",
      "192.168.9.6",
    ]);
    for (const r of results) {
      if (r.status === "rejected") {
        assert.ok(r.reason instanceof NoMoreFixedIps);
        assert.equal(r.reason.message, `No fixed IP addresses available for network: ${TINY.id}`);
      }
    }
  });
});

Deno.test("a requested fixed IP must be in the subnet and free", async () => {
  await withKv(async (kv) => {
    const a = await allocate(kv, PRIVATE, req("i1", { fixedIp: "10.0.0.77" }));
    assert.equal(ipOf(a), "10.0.0.77");
    await assert.rejects(
      () => allocate(kv, PRIVATE, req("i2", { fixedIp: "10.0.0.77" })),
      (e: Error) =>
        e instanceof FixedIpAlreadyInUse &&
        e.message === "Fixed IP address 10.0.0.77 is already in use on instance i1.",
    );
    for (const bad of ["10.0.1.5", "10.0.0.0", "10.0.0.255", "10.0.0.1", "10.0.0.07", "x"]) {
      await assert.rejects(
        () => allocate(kv, PRIVATE, req("i2", { fixedIp: bad })),
        (e: Error) =>
          e instanceof InvalidFixedIp &&
          e.message === `Invalid input received: Fixed IP ${bad} is not a valid ip address ` +
              `for network ${PRIVATE.id}.`,
        bad,
      );
    }
    // A requested address outside the pool but inside the subnet is allowed (as Neutron does).
    const b = await transact(kv, async (tx) => [
      await allocatePort(tx, TINY, req("i3", { fixedIp: "192.168.9.2" })),
      await allocatePort(tx, TINY, req("i3")),
    ]);
    assert.deepEqual(b.map(ipOf), ["192.168.9.2", "192.168.9.3"]);
  });
});

Deno.test("releasing ports frees their addresses and indexes", async () => {
  await withKv(async (kv) => {
    const a = await allocate(kv, PRIVATE, req("i1"));
    await allocate(kv, PRIVATE, req("i2"));
    await transact(kv, (tx) => Promise.resolve(releasePorts(tx, [a])));
    assert.equal(await findPortByIp(kv, "10.0.0.2"), null);
    assert.deepEqual(await portsOfDevice(kv, "i1"), []);
    assert.equal(ipOf(await allocate(kv, PRIVATE, req("i3"))), "10.0.0.2");
    const all = await listPorts(kv);
    assert.deepEqual(all.map((p) => p.device_id).sort(), ["i2", "i3"]);
  });
});

Deno.test("findPortByIp and listPorts read through indexes and filters", async () => {
  await withKv(async (kv) => {
    const a = await allocate(kv, PRIVATE, req("i1"));
    const b = await allocate(kv, PRIVATE, req("i2", { projectId: "p2" }));
    const c = await allocate(kv, TINY, req("i2", { projectId: "p2" }));
    assert.deepEqual(await findPortByIp(kv, "10.0.0.3"), b);
    assert.equal(await findPortByIp(kv, "10.9.9.9"), null);
    const ids = (ports: Port[]) => ports.map((p) => p.id).sort();
    assert.deepEqual(ids(await listPorts(kv, { projectId: "p2" })), ids([b, c]));
    assert.deepEqual(ids(await listPorts(kv, { deviceId: "i2", networkId: TINY.id })), [c.id]);
    assert.deepEqual(ids(await listPorts(kv, { ipAddress: "10.0.0.2" })), [a.id]);
    assert.deepEqual(ids(await listPorts(kv, { ids: [a.id, c.id, "nope"] })), ids([a, c]));
    assert.deepEqual(ids(await listPorts(kv, { macAddress: b.mac_address })), [b.id]);
    assert.deepEqual(ids(await listPorts(kv, { subnetId: TINY.subnets[0].id })), [c.id]);
    assert.equal((await listPorts(kv, { limit: 2 })).length, 2);
    assert.deepEqual(await listPorts(kv, { projectId: "p1", deviceId: "i2" }), []);
  });
});
