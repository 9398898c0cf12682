/**
 * Interface attach and detach in the instance domain, over the real port allocator: a port the
 * user made is bound on attach and unbound (not deleted) on detach or when its server is deleted;
 * a port Nova made is deleted; the server's record, the port records and their indexes stay in
 * step, and the metadata API's network data (read from the same record) follows.
 */
import assert from "node:assert/strict";
import { configFromValues } from "../../lib/config/mod.ts";
import {
  AttachFixedIpInUse,
  attachInterface,
  createServers,
  deleteServer,
  detachInterface,
  getServer,
  instanceDeps,
  PortInUse,
  PortNotUsable,
} from "../../lib/instances/mod.ts";
import { networkData } from "../../lib/metadata/network_data.ts";
import { networkCatalog, PRIVATE_NETWORK_ID } from "../../lib/networks/catalog.ts";
import { PortNotFound } from "../../lib/networks/errors.ts";
import {
  allocatePort,
  findPortByIp,
  portById,
  portsOfDevice,
  releasePorts,
} from "../../lib/networks/ports.ts";
import type { Port } from "../../lib/networks/types.ts";
import { stagePort } from "../../lib/store/ports.ts";
import { transact } from "../../lib/store/transaction.ts";
import { createInput, TestClock, withKv } from "./support.ts";

const config = configFromValues({});
const networks = networkCatalog(config);
const PRIVATE = networks.get(PRIVATE_NETWORK_ID)!;
const OWNER = { projectId: "p1", isAdmin: false, userId: "u1" };
const ADMIN = { projectId: "admin", isAdmin: true, userId: "admin" };

function setup(kv: Deno.Kv) {
  const clock = new TestClock();
  const deps = instanceDeps(config, { allocatePort, releasePorts }, clock.now);
  const server = async (projectId = "p1") => {
    const [vm] = await createServers(
      kv,
      createInput({
        context: { projectId, userId: "u1", isAdmin: false },
        networks: [{ network: PRIVATE }],
      }),
      deps,
    );
    clock.advance(10);
    return vm.uuid;
  };
  return { clock, deps, server };
}

/** A port the user made in `projectId`: unbound, with the address `ip`. */
async function userPort(kv: Deno.Kv, ip: string, projectId = "p1"): Promise<Port> {
  const port: Port = {
    id: crypto.randomUUID(),
    network_id: PRIVATE.id,
    mac_address: "fa:16:3e:aa:bb:cc",
    fixed_ips: [{ subnet_id: PRIVATE.subnets[0].id, ip_address: ip }],
    device_id: "",
    device_owner: "",
    project_id: projectId,
    tag: null,
    preserve_on_delete: true,
    created_at: "2024-05-01T12:00:00Z",
  };
  await transact(kv, (tx) => {
    stagePort(tx, port);
    return Promise.resolve();
  });
  return port;
}

Deno.test("a user's port is bound on attach and unbound, not deleted, on detach", () =>
  withKv(async (kv) => {
    const { clock, deps, server } = setup(kv);
    const a = await server();
    const b = await server();
    const mine = await userPort(kv, "10.0.0.200");
    const bound = await attachInterface(
      kv,
      a,
      { portId: mine.id, tag: "x" },
      networks,
      OWNER,
      deps,
    );
    assert.equal(bound.device_id, a);
    assert.equal(bound.device_owner, "compute:nova");
    assert.equal((await portById(kv, mine.id))?.device_id, a);
    assert.ok((await portsOfDevice(kv, a)).some((p) => p.id === mine.id));
    const instance = await getServer(kv, a, deps);
    assert.deepEqual(instance?.ports.map((p) => p.id).slice(1), [mine.id]);
    // The metadata's network data lists the new NIC by its MAC.
    const doc = networkData(instance!.ports, networks);
    assert.ok(doc?.links.some((l) => l.ethernet_mac_address === "fa:16:3e:aa:bb:cc"));

    // Bound now: another server cannot have it.
    await assert.rejects(
      attachInterface(kv, b, { portId: mine.id }, networks, OWNER, deps),
      PortInUse,
    );

    await detachInterface(kv, a, mine.id, OWNER, deps);
    const after = await portById(kv, mine.id);
    assert.equal(after?.device_id, "");
    assert.equal(after?.device_owner, "");
    assert.equal(after?.tag, null);
    assert.equal((await findPortByIp(kv, "10.0.0.200"))?.id, mine.id);
    assert.ok(!(await portsOfDevice(kv, a)).some((p) => p.id === mine.id));
    assert.equal((await getServer(kv, a, deps))?.ports.length, 1);

    // Unbound again: the other server takes it; deleting that server leaves the port unbound.
    await attachInterface(kv, b, { portId: mine.id }, networks, OWNER, deps);
    const nova = await attachInterface(kv, b, { networkId: PRIVATE.id }, networks, OWNER, deps);
    await deleteServer(kv, b, deps);
    clock.advance(60);
    assert.equal(await getServer(kv, b, deps), null); // the delete's steps apply
    assert.equal((await portById(kv, mine.id))?.device_id, "");
    assert.equal(await portById(kv, nova.id), null);
    assert.deepEqual(await portsOfDevice(kv, b), []);
  }));

Deno.test("another project's port: not found for a member, not usable for an admin", () =>
  withKv(async (kv) => {
    const { deps, server } = setup(kv);
    const a = await server();
    const theirs = await userPort(kv, "10.0.0.201", "p2");
    await assert.rejects(
      attachInterface(kv, a, { portId: theirs.id }, networks, OWNER, deps),
      PortNotFound,
    );
    await assert.rejects(
      attachInterface(kv, a, { portId: theirs.id }, networks, ADMIN, deps),
      PortNotUsable,
    );
    assert.equal((await portById(kv, theirs.id))?.device_id, "");
  }));

Deno.test("two attaches asking for the same fixed IP at once: one gets it, one is refused", () =>
  withKv(async (kv) => {
    const { deps, server } = setup(kv);
    const a = await server();
    const b = await server();
    const req = { networkId: PRIVATE.id, fixedIp: "10.0.0.50" };
    const results = await Promise.allSettled([
      attachInterface(kv, a, req, networks, OWNER, deps),
      attachInterface(kv, b, req, networks, OWNER, deps),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.ok(lost[0].reason instanceof AttachFixedIpInUse);
    const holder = await findPortByIp(kv, "10.0.0.50");
    const winner = (won[0] as PromiseFulfilledResult<Port>).value;
    assert.equal(holder?.id, winner.id);
    const servers = [await getServer(kv, a, deps), await getServer(kv, b, deps)];
    assert.equal(servers.filter((s) => s?.ports.some((p) => p.id === winner.id)).length, 1);
    assert.equal(servers.reduce((n, s) => n + (s?.ports.length ?? 0), 0), 3);
  }));
