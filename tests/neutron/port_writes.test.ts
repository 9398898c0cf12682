/**
 * The Neutron subset's port writes through the paste pipeline: create an unbound port (with a
 * fixed IP or the next free one), Neutron's errors, delete; and the life of a user's port with a
 * server: attached by `port_id` (os-interface), unbound on detach, unbound again when the server
 * is deleted, and dropped from the server when Neutron deletes it while attached.
 */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";
import { PRIVATE_NETWORK_ID, PRIVATE_SUBNET_ID } from "../../lib/networks/catalog.ts";
import { type Harness, startCompute } from "../support/compute.ts";

const DEMO = { token: "demo:demo" };
const OTHER = { token: "other:other" };

function paste() {
  return startCompute({
    pipeline: "paste",
    config: { deno: { fake_boot_seconds: 0 }, virt: { fake_delete_seconds: 0 } },
  });
}

function createPort(p: Harness, port: unknown, who = DEMO) {
  return p.json("/network/v2.0/ports", { ...who, json: { port } });
}

async function server(p: Harness): Promise<string> {
  const created = await p.json("/v2.1/servers", {
    ...DEMO,
    json: {
      server: {
        name: "vm1",
        imageRef: CIRROS_IMAGE_ID,
        flavorRef: "1",
        networks: [{ uuid: PRIVATE_NETWORK_ID }],
      },
    },
  });
  assert.equal(created.status, 202, created.text);
  return created.body.server.id;
}

Deno.test("neutron: create and delete an unbound port; Neutron's errors", async () => {
  const p = await paste();
  try {
    const made = await createPort(p, { network_id: PRIVATE_NETWORK_ID, name: "spare" });
    assert.equal(made.status, 201, made.text);
    const port = made.body.port;
    assert.equal(port.name, "spare");
    assert.equal(port.device_id, "");
    assert.equal(port.device_owner, "");
    assert.equal(port.status, "DOWN");
    assert.equal(port.project_id, "demo");
    assert.equal(port.fixed_ips[0].subnet_id, PRIVATE_SUBNET_ID);
    const shown = await p.json(`/network/v2.0/ports/${port.id}`, DEMO);
    assert.deepEqual(shown.body.port, port);
    assert.equal((await p.json(`/network/v2.0/ports/${port.id}`, OTHER)).status, 404);

    const fixed = await createPort(p, {
      network_id: PRIVATE_NETWORK_ID,
      fixed_ips: [{ ip_address: "10.0.0.99" }],
    });
    assert.equal(fixed.status, 201, fixed.text);
    assert.equal(fixed.body.port.fixed_ips[0].ip_address, "10.0.0.99");
    const cases: [unknown, number, string][] = [
      [
        { network_id: PRIVATE_NETWORK_ID, fixed_ips: [{ ip_address: "10.0.0.99" }] },
        409,
        "IpAddressAlreadyAllocated",
      ],
      [
        { network_id: PRIVATE_NETWORK_ID, fixed_ips: [{ ip_address: "10.9.9.9" }] },
        400,
        "InvalidIpForNetwork",
      ],
      [{ network_id: crypto.randomUUID() }, 404, "NetworkNotFound"],
      [{ name: "no network" }, 400, "HTTPBadRequest"],
      [{ network_id: PRIVATE_NETWORK_ID, colour: "red" }, 400, "HTTPBadRequest"],
      [{ network_id: 42 }, 400, "HTTPBadRequest"],
      [{ network_id: PRIVATE_NETWORK_ID, fixed_ips: "x" }, 400, "HTTPBadRequest"],
      [{ network_id: PRIVATE_NETWORK_ID, project_id: "other" }, 403, "HTTPForbidden"],
      ["port", 400, "HTTPBadRequest"],
    ];
    for (const [body, status, type] of cases) {
      const res = await createPort(p, body);
      assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.body.NeutronError.type, type, res.text);
    }
    const malformed = await p.fetch("/network/v2.0/ports", {
      ...DEMO,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    assert.equal(malformed.status, 400);
    await malformed.body?.cancel();

    assert.equal(
      (await p.json(`/network/v2.0/ports/${port.id}`, { ...OTHER, method: "DELETE" }))
        .status,
      404,
    );
    const del = await p.fetch(`/network/v2.0/ports/${port.id}`, { ...DEMO, method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    assert.equal((await p.json(`/network/v2.0/ports/${port.id}`, DEMO)).status, 404);
    const again = await p.json(`/network/v2.0/ports/${port.id}`, { ...DEMO, method: "DELETE" });
    assert.equal(again.status, 404);
    assert.equal(again.body.NeutronError.type, "PortNotFound");
    // Its address is free again.
    const reuse = await createPort(p, {
      network_id: PRIVATE_NETWORK_ID,
      fixed_ips: [{ ip_address: port.fixed_ips[0].ip_address }],
    });
    assert.equal(reuse.status, 201, reuse.text);
    // Other writes are still not allowed.
    assert.equal((await p.json("/network/v2.0/networks", { ...DEMO, json: {} })).status, 405);
    assert.equal(
      (await p.json(`/network/v2.0/ports/${port.id}`, { ...DEMO, method: "PUT", json: {} })).status,
      405,
    );
  } finally {
    await p.close();
  }
});

Deno.test("neutron + os-interface: a user's port attached, detached, then its server deleted", async () => {
  const p = await paste();
  try {
    const id = await server(p);
    const made = await createPort(p, { network_id: PRIVATE_NETWORK_ID });
    const portId = made.body.port.id;
    const ip = made.body.port.fixed_ips[0].ip_address;
    const attached = await p.json(`/v2.1/servers/${id}/os-interface`, {
      ...DEMO,
      json: { interfaceAttachment: { port_id: portId } },
    });
    assert.equal(attached.status, 200, attached.text);
    assert.equal(attached.body.interfaceAttachment.port_id, portId);
    const bound = (await p.json(`/network/v2.0/ports/${portId}`, DEMO)).body.port;
    assert.equal(bound.device_id, id);
    assert.equal(bound.status, "ACTIVE");
    const shown = await p.json(`/v2.1/servers/${id}`, DEMO);
    assert.ok(
      shown.body.server.addresses.private.some((a: { addr: string }) => a.addr === ip),
      shown.text,
    );
    // Attached already: a second attach of it is 409.
    const twice = await p.json(`/v2.1/servers/${id}/os-interface`, {
      ...DEMO,
      json: { interfaceAttachment: { port_id: portId } },
    });
    assert.equal(twice.status, 409, twice.text);

    const detached = await p.fetch(`/v2.1/servers/${id}/os-interface/${portId}`, {
      ...DEMO,
      method: "DELETE",
    });
    assert.equal(detached.status, 202);
    await detached.body?.cancel();
    const unbound = (await p.json(`/network/v2.0/ports/${portId}`, DEMO)).body.port;
    assert.equal(unbound.device_id, "");
    assert.equal(unbound.status, "DOWN");
    assert.equal(unbound.fixed_ips[0].ip_address, ip);

    // Attached again, then the server is deleted: the port stays, unbound.
    assert.equal(
      (await p.json(`/v2.1/servers/${id}/os-interface`, {
        ...DEMO,
        json: { interfaceAttachment: { port_id: portId } },
      })).status,
      200,
    );
    const del = await p.fetch(`/v2.1/servers/${id}`, { ...DEMO, method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    assert.equal((await p.json(`/v2.1/servers/${id}`, DEMO)).status, 404);
    const left = (await p.json(`/network/v2.0/ports/${portId}`, DEMO)).body.port;
    assert.equal(left.device_id, "");
  } finally {
    await p.close();
  }
});

Deno.test("neutron: deleting a port a server has drops it from the server", async () => {
  const p = await paste();
  try {
    const id = await server(p);
    const [nic] = (await p.json(`/v2.1/servers/${id}/os-interface`, DEMO)).body
      .interfaceAttachments;
    const del = await p.fetch(`/network/v2.0/ports/${nic.port_id}`, { ...DEMO, method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    const list = await p.json(`/v2.1/servers/${id}/os-interface`, DEMO);
    assert.deepEqual(list.body.interfaceAttachments, []);
    const shown = await p.json(`/v2.1/servers/${id}`, DEMO);
    assert.deepEqual(shown.body.server.addresses, {});
  } finally {
    await p.close();
  }
});
