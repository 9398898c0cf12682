import assert from "node:assert/strict";
import { PRIVATE_NETWORK_ID, PRIVATE_SUBNET_ID } from "../../lib/networks/catalog.ts";
import { networkCatalog } from "../../lib/networks/catalog.ts";
import { allocatePort } from "../../lib/networks/ports.ts";
import { transact } from "../../lib/store/transaction.ts";
import { startCompute } from "../support/compute.ts";

Deno.test("paste: /network answers Neutron's version document and the v2.0 subset", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const versions = await h.json("/network", { token: null });
    assert.equal(versions.status, 200);
    assert.deepEqual(versions.body, {
      versions: [{
        id: "v2.0",
        status: "CURRENT",
        links: [{ href: `${h.origin}/network/v2.0/`, rel: "self" }],
      }],
    });
    // Behind the auth filters: noauth2 answers a request without a token itself.
    assert.equal((await h.json("/network/v2.0/networks", { token: null })).status, 204);

    const demo = { token: "demo:demo" };
    const nets = await h.json("/network/v2.0/networks?name=private", demo);
    assert.equal(nets.status, 200);
    assert.equal(nets.body.networks.length, 1);
    const net = nets.body.networks[0];
    assert.equal(net.id, PRIVATE_NETWORK_ID);
    assert.equal(net.shared, true);
    assert.equal(net.status, "ACTIVE");
    assert.deepEqual(net.subnets, [PRIVATE_SUBNET_ID]);
    assert.deepEqual(
      (await h.json("/network/v2.0/networks?name=public", demo)).body,
      { networks: [] },
    );
    const byId = await h.json(`/network/v2.0/networks/${PRIVATE_NETWORK_ID}`, demo);
    assert.deepEqual(byId.body.network, net);
    const missing = await h.json("/network/v2.0/networks/private", demo);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, {
      NeutronError: {
        type: "NetworkNotFound",
        message: "Network private could not be found.",
        detail: "",
      },
    });
    const fields = await h.json("/network/v2.0/networks?fields=id&fields=name", demo);
    assert.deepEqual(fields.body.networks, [{ id: PRIVATE_NETWORK_ID, name: "private" }]);
    const bad = await h.json("/network/v2.0/networks?colour=red", demo);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.NeutronError.message, "[colour] is invalid attribute for filtering");

    const subnets = await h.json(`/network/v2.0/subnets?network_id=${PRIVATE_NETWORK_ID}`, demo);
    assert.equal(subnets.body.subnets[0].cidr, "10.0.0.0/24");
    assert.equal(subnets.body.subnets[0].gateway_ip, "10.0.0.1");
    const subnet = await h.json(`/network/v2.0/subnets/${PRIVATE_SUBNET_ID}`, demo);
    assert.equal(subnet.body.subnet.name, "private-subnet");

    const groups = await h.json("/network/v2.0/security-groups?name=default", demo);
    assert.equal(groups.body.security_groups.length, 1);
    assert.equal(groups.body.security_groups[0].project_id, "demo");
    assert.deepEqual((await h.json("/network/v2.0/extensions", demo)).body, { extensions: [] });
    assert.equal((await h.json("/network/v2.0/networks", { ...demo, json: {} })).status, 405);
  } finally {
    await h.close();
  }
});

Deno.test("paste: ports are listed per project, filtered by device, network and fixed IP", async () => {
  const h = await startCompute({ pipeline: "paste" });
  try {
    const [net] = networkCatalog(h.runtime.config).list();
    const port = (deviceId: string, projectId: string) =>
      transact(
        h.kv,
        (tx) => allocatePort(tx, net, { deviceId, projectId, availabilityZone: "nova" }),
      );
    const a = await port("vm-a", "demo");
    const b = await port("vm-b", "demo");
    const c = await port("vm-c", "other");
    const demo = { token: "demo:demo" };
    const ids = (body: { ports: { id: string }[] }) => body.ports.map((p) => p.id).sort();
    assert.deepEqual(ids((await h.json("/network/v2.0/ports", demo)).body), [a.id, b.id].sort());
    assert.deepEqual(
      ids((await h.json("/network/v2.0/ports", { token: "admin:admin" })).body),
      [a.id, b.id, c.id].sort(),
    );
    assert.deepEqual(ids((await h.json("/network/v2.0/ports?device_id=vm-b", demo)).body), [b.id]);
    assert.deepEqual(ids((await h.json("/network/v2.0/ports?device_id=vm-c", demo)).body), []);
    assert.deepEqual(
      ids((await h.json(`/network/v2.0/ports?fixed_ips=ip_address%3D10.0.0.2`, demo)).body),
      [a.id],
    );
    const shown = await h.json(`/network/v2.0/ports/${a.id}`, demo);
    assert.equal(shown.body.port.mac_address, a.mac_address);
    assert.deepEqual(shown.body.port.fixed_ips, a.fixed_ips);
    assert.equal(shown.body.port.device_owner, "compute:nova");
    assert.equal((await h.json(`/network/v2.0/ports/${c.id}`, demo)).status, 404);
    const page = await h.json("/network/v2.0/ports?limit=1", { token: "admin:admin" });
    assert.equal(page.body.ports.length, 1);
    assert.equal(page.body.ports_links[0].rel, "next");
  } finally {
    await h.close();
  }
});
