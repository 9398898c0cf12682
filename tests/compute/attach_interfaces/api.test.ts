/**
 * `/servers/{server_id}/os-interface` over real HTTP: list, show, attach on a network (with or
 * without a fixed IP) and detach, the records they change (the server's addresses, the port
 * records, the instance actions), and Nova's answers to what cannot be done.
 */
import assert from "node:assert/strict";
import { PRIVATE_NETWORK_ID, PRIVATE_SUBNET_ID } from "../../../lib/networks/catalog.ts";
import { portById } from "../../../lib/networks/ports.ts";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { createServer, start } from "../servers/_support.ts";

function attach(h: Harness, id: string, body: unknown, as: Persona = "member", version?: string) {
  return h.json(`/servers/${id}/os-interface`, { as, json: body, version });
}

function detach(h: Harness, id: string, portId: string, as: Persona = "member") {
  return h.json(`/servers/${id}/os-interface/${portId}`, { as, method: "DELETE" });
}

async function addresses(h: Harness, id: string): Promise<string[]> {
  const res = await h.json(`/servers/${id}`, { as: "member" });
  assert.equal(res.status, 200, res.text);
  return (res.body.server.addresses.private ?? []).map((a: { addr: string }) => a.addr);
}

async function actions(h: Harness, id: string) {
  const res = await h.json(`/servers/${id}/os-instance-actions`, { as: "admin" });
  assert.equal(res.status, 200, res.text);
  return res.body.instanceActions as { action: string; request_id: string }[];
}

async function events(h: Harness, id: string, requestId: string) {
  const res = await h.json(`/servers/${id}/os-instance-actions/${requestId}`, {
    as: "admin",
    version: "2.84",
  });
  assert.equal(res.status, 200, res.text);
  return res.body.instanceAction.events as { event: string; result: string; details: string }[];
}

Deno.test("os-interface: list, attach on a network, show, detach; the records follow", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const listed = await h.json(`/servers/${id}/os-interface`, { as: "member" });
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.body.interfaceAttachments.length, 1);
    const [first] = listed.body.interfaceAttachments;
    assert.deepEqual(Object.keys(first), [
      "net_id",
      "port_id",
      "mac_addr",
      "port_state",
      "fixed_ips",
    ]);
    assert.equal(first.net_id, PRIVATE_NETWORK_ID);
    assert.equal(first.port_state, "ACTIVE");
    assert.match(first.mac_addr, /^fa:16:3e(:[0-9a-f]{2}){3}$/);
    assert.equal(first.fixed_ips[0].subnet_id, PRIVATE_SUBNET_ID);
    assert.deepEqual(await addresses(h, id), [first.fixed_ips[0].ip_address]);

    const res = await attach(h, id, { interfaceAttachment: { net_id: PRIVATE_NETWORK_ID } });
    assert.equal(res.status, 200, res.text);
    const added = res.body.interfaceAttachment;
    assert.equal(added.net_id, PRIVATE_NETWORK_ID);
    assert.equal(added.port_state, "ACTIVE");
    assert.equal(added.tag, undefined);
    const ip = added.fixed_ips[0].ip_address;
    assert.deepEqual(await addresses(h, id), [first.fixed_ips[0].ip_address, ip]);
    const port = await portById(h.kv, added.port_id);
    assert.equal(port?.device_id, id);
    assert.equal(port?.device_owner, "compute:nova");

    const shown = await h.json(`/servers/${id}/os-interface/${added.port_id}`, { as: "reader" });
    assert.equal(shown.status, 200, shown.text);
    assert.deepEqual(shown.body.interfaceAttachment, added);
    const both = await h.json(`/servers/${id}/os-interface`, { as: "reader" });
    assert.deepEqual(
      both.body.interfaceAttachments.map((a: { port_id: string }) => a.port_id).sort(),
      [first.port_id, added.port_id].sort(),
    );

    const [attachAction] = await actions(h, id);
    assert.equal(attachAction.action, "attach_interface");
    const [ev] = await events(h, id, attachAction.request_id);
    assert.equal(ev.event, "compute_attach_interface");
    assert.equal(ev.result, "Success");

    const gone = await detach(h, id, added.port_id);
    assert.equal(gone.status, 202, gone.text);
    assert.equal(gone.text, "");
    assert.equal(await portById(h.kv, added.port_id), null);
    assert.deepEqual(await addresses(h, id), [first.fixed_ips[0].ip_address]);
    const [detachAction] = await actions(h, id);
    assert.equal(detachAction.action, "detach_interface");
    assert.equal((await events(h, id, detachAction.request_id))[0].result, "Success");
    const missing = await h.json(`/servers/${id}/os-interface/${added.port_id}`, { as: "member" });
    assert.equal(missing.status, 404);
    assert.equal(faultMessage(missing.body), `Port id ${added.port_id} could not be found.`);

    // The freed address is handed out again.
    const again = await attach(h, id, {});
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.interfaceAttachment.fixed_ips[0].ip_address, ip);
  } finally {
    await h.close();
  }
});

Deno.test("os-interface: a requested fixed IP, and Nova's answers about addresses", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const net = PRIVATE_NETWORK_ID;
    const res = await attach(h, id, {
      interfaceAttachment: { net_id: net, fixed_ips: [{ ip_address: "10.0.0.77" }] },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.interfaceAttachment.fixed_ips, [
      { subnet_id: PRIVATE_SUBNET_ID, ip_address: "10.0.0.77" },
    ]);
    const cases: [unknown, number, string][] = [
      [
        { interfaceAttachment: { net_id: net, fixed_ips: [{ ip_address: "10.0.0.77" }] } },
        409,
        "Fixed IP 10.0.0.77 is already in use.",
      ],
      [
        { interfaceAttachment: { net_id: net, fixed_ips: [{ ip_address: "192.168.9.9" }] } },
        400,
        `Invalid input received: Fixed IP 192.168.9.9 is not a valid ip address for network ${net}.`,
      ],
      [
        { interfaceAttachment: { fixed_ips: [{ ip_address: "10.0.0.78" }] } },
        400,
        "Must input network_id when request IP address",
      ],
      [
        { interfaceAttachment: { net_id: net, port_id: crypto.randomUUID() } },
        400,
        "Must not input both network_id and port_id",
      ],
    ];
    for (const [body, status, message] of cases) {
      const r = await attach(h, id, body);
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
      assert.equal(faultMessage(r.body), message);
    }
    const unknown = crypto.randomUUID();
    const nf = await attach(h, id, { interfaceAttachment: { net_id: unknown } });
    assert.equal(nf.status, 404, nf.text);
    assert.equal(faultMessage(nf.body), `Network ${unknown} could not be found.`);
    // The failed attach is an action whose event failed.
    const [failed] = await actions(h, id);
    assert.equal(failed.action, "attach_interface");
    const [ev] = await events(h, id, failed.request_id);
    assert.deepEqual([ev.event, ev.result], ["compute_attach_interface", "Error"]);
    assert.equal(ev.details, `Network ${unknown} could not be found.`);
    // Nothing else was attached.
    assert.equal((await addresses(h, id)).length, 2);
  } finally {
    await h.close();
  }
});

Deno.test("os-interface: no more fixed IPs is 400", async () => {
  const h = await start({
    networks: {
      network: ["name=tiny, cidr=10.9.0.0/29, gateway=10.9.0.1, pool=10.9.0.2-10.9.0.3"],
    },
  });
  try {
    const id = await createServer(h, "member", { networks: "auto" }, "2.37");
    const one = await attach(h, id, {});
    assert.equal(one.status, 200, one.text);
    const full = await attach(h, id, {});
    assert.equal(full.status, 400, full.text);
    assert.match(faultMessage(full.body), /^No fixed IP addresses available for network: /);
  } finally {
    await h.close();
  }
});

Deno.test("os-interface: ports of other servers and projects", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const other = await createServer(h);
    const otherPort = (await h.json(`/servers/${other}/os-interface`, { as: "member" })).body
      .interfaceAttachments[0].port_id;
    const inUse = await attach(h, id, { interfaceAttachment: { port_id: otherPort } });
    assert.equal(inUse.status, 409, inUse.text);
    assert.equal(faultMessage(inUse.body), `Port ${otherPort} is still in use.`);
    const none = crypto.randomUUID();
    const nf = await attach(h, id, { interfaceAttachment: { port_id: none } });
    assert.equal(nf.status, 404, nf.text);
    assert.equal(faultMessage(nf.body), `Port id ${none} could not be found.`);

    // Another project's port: hidden from a member, not usable for an admin.
    const stranger = await createServer(h, "other");
    const strangerPort = (await h.json(`/servers/${stranger}/os-interface`, { as: "other" })).body
      .interfaceAttachments[0].port_id;
    const hidden = await attach(h, id, { interfaceAttachment: { port_id: strangerPort } });
    assert.equal(hidden.status, 404, hidden.text);
    const admin = await attach(h, id, { interfaceAttachment: { port_id: strangerPort } }, "admin");
    assert.equal(admin.status, 400, admin.text);
    assert.equal(faultMessage(admin.body), `Port ${strangerPort} not usable for instance ${id}.`);

    // Show: a port of another server is not this server's.
    const notMine = await h.json(`/servers/${id}/os-interface/${otherPort}`, { as: "member" });
    assert.equal(notMine.status, 404);
    assert.equal(
      faultMessage(notMine.body),
      `Instance ${id} does not have a port with id ${otherPort}`,
    );
    const hiddenShow = await h.json(`/servers/${id}/os-interface/${strangerPort}`, {
      as: "member",
    });
    assert.equal(hiddenShow.status, 404);
    assert.equal(faultMessage(hiddenShow.body), `Port id ${strangerPort} could not be found.`);
  } finally {
    await h.close();
  }
});

Deno.test("os-interface: detaching a port the server does not have is 202 and a failed event", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const portId = crypto.randomUUID();
    const res = await detach(h, id, portId);
    assert.equal(res.status, 202, res.text);
    const [action] = await actions(h, id);
    assert.equal(action.action, "detach_interface");
    const [ev] = await events(h, id, action.request_id);
    assert.deepEqual([ev.event, ev.result, ev.details], [
      "compute_detach_interface",
      "Error",
      `Port ${portId} is not attached`,
    ]);
    assert.equal((await addresses(h, id)).length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("os-interface: no network given — ambiguous with two, none available with none", async () => {
  const h = await start({
    networks: {
      network: [
        "name=one, cidr=10.1.0.0/24, gateway=10.1.0.1",
        "name=two, cidr=10.2.0.0/24, gateway=10.2.0.1",
        "name=theirs, cidr=10.3.0.0/24, gateway=10.3.0.1, project=project-b",
      ],
    },
  });
  try {
    const one = h.runtime.networks.byName("one")[0].id;
    const theirs = h.runtime.networks.byName("theirs")[0].id;
    const id = await createServer(h, "member", { networks: [{ uuid: one }] });
    const ambiguous = await attach(h, id, {});
    assert.equal(ambiguous.status, 400, ambiguous.text);
    assert.equal(
      faultMessage(ambiguous.body),
      "Multiple possible networks found, use a Network ID to be more specific.",
    );
    // Another project's network is not found for a member.
    const hidden = await attach(h, id, { interfaceAttachment: { net_id: theirs } });
    assert.equal(hidden.status, 404, hidden.text);
    assert.equal(faultMessage(hidden.body), `Network ${theirs} could not be found.`);
  } finally {
    await h.close();
  }
  const lonely = await start({
    networks: { network: ["name=theirs, cidr=10.3.0.0/24, gateway=10.3.0.1, project=project-b"] },
  });
  try {
    const id = await createServer(lonely, "member", { networks: "none" }, "2.37");
    const none = await attach(lonely, id, {});
    assert.equal(none.status, 400, none.text);
    assert.equal(
      faultMessage(none.body),
      "No specific network was requested and none are available for project 'project-a'.",
    );
  } finally {
    await lonely.close();
  }
});
