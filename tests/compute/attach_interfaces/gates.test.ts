/**
 * `/servers/{server_id}/os-interface` over real HTTP: what is refused before anything happens —
 * the body schema per microversion (bad input is 400, never 500), the policy per role, another
 * project's server, the lock and the vm/task states — and the 2.49 tag and its 2.70 view.
 */
import assert from "node:assert/strict";
import { PRIVATE_NETWORK_ID } from "../../../lib/networks/catalog.ts";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { useTestClock } from "../servers/_clock.ts";
import { createServer, start } from "../servers/_support.ts";

function attach(h: Harness, id: string, body: unknown, as: Persona = "member", version?: string) {
  return h.json(`/servers/${id}/os-interface`, { as, json: body, version });
}

function action(h: Harness, id: string, body: unknown, as: Persona = "member") {
  return h.json(`/servers/${id}/action`, { as, json: body });
}

Deno.test("os-interface: bad bodies are 400", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const net = PRIVATE_NETWORK_ID;
    for (
      const body of [
        { interfaceAttachment: { net_id: "private" } },
        { interfaceAttachment: { port_id: 42 } },
        { interfaceAttachment: { net_id: net, fixed_ips: [] } },
        { interfaceAttachment: { net_id: net, fixed_ips: [{ ip_address: "10.0.0.300" }] } },
        { interfaceAttachment: { net_id: net, fixed_ips: [{}] } },
        { interfaceAttachment: { net_id: net, fixed_ips: [{ ip_address: "10.0.0.9", x: 1 }] } },
        {
          interfaceAttachment: {
            net_id: net,
            fixed_ips: [{ ip_address: "10.0.0.9" }, { ip_address: "10.0.0.10" }],
          },
        },
        { interfaceAttachment: { net_id: net, colour: "red" } },
        { interfaceAttachment: "yes" },
        { interfaceAttachment: { net_id: net }, extra: 1 },
        { interfaceAttachment: { net_id: net, tag: "t1" } }, // tag before 2.49
        [],
        "attach",
      ]
    ) {
      const res = await attach(h, id, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.ok(res.body.badRequest, res.text);
    }
    for (const tag of ["", "a/b", "a,b", "x".repeat(61)]) {
      const res = await attach(h, id, { interfaceAttachment: { tag } }, "member", "2.49");
      assert.equal(res.status, 400, `${tag}: ${res.text}`);
    }
    const raw = await h.fetch(`/servers/${id}/os-interface`, {
      as: "member",
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    assert.equal(raw.status, 400);
    await raw.body?.cancel();
    // Nothing was attached by any of them.
    const list = await h.json(`/servers/${id}/os-interface`, { as: "member" });
    assert.equal(list.body.interfaceAttachments.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("os-interface: tag from 2.49, shown from 2.70", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const body = { interfaceAttachment: { net_id: PRIVATE_NETWORK_ID, tag: "nic2" } };
    const at249 = await attach(h, id, body, "member", "2.49");
    assert.equal(at249.status, 200, at249.text);
    assert.equal(at249.body.interfaceAttachment.tag, undefined);
    const portId = at249.body.interfaceAttachment.port_id;
    const at270 = await attach(h, id, { interfaceAttachment: {} }, "member", "2.70");
    assert.equal(at270.status, 200, at270.text);
    assert.equal(at270.body.interfaceAttachment.tag, null);
    const show = (version: string) =>
      h.json(`/servers/${id}/os-interface/${portId}`, { as: "member", version });
    assert.equal((await show("2.69")).body.interfaceAttachment.tag, undefined);
    assert.equal((await show("2.70")).body.interfaceAttachment.tag, "nic2");
    const list = await h.json(`/servers/${id}/os-interface`, { as: "member", version: "2.70" });
    const tags = Object.fromEntries(
      list.body.interfaceAttachments.map((a: { port_id: string; tag: string }) => [
        a.port_id,
        a.tag,
      ]),
    );
    assert.equal(tags[portId], "nic2");
    assert.equal(Object.values(tags).filter((t) => t === null).length, 2);
    // From 2.102 the reads take no query parameters.
    const q = await h.json(`/servers/${id}/os-interface?x=1`, { as: "member", version: "2.102" });
    assert.equal(q.status, 400, q.text);
    const q101 = await h.json(`/servers/${id}/os-interface?x=1`, {
      as: "member",
      version: "2.101",
    });
    assert.equal(q101.status, 200, q101.text);
    // The metadata's device list gets the tagged NIC (it reads the same port records).
    const { getServer } = await import("../../../lib/instances/mod.ts");
    const instance = await getServer(h.kv, id, h.runtime.instances);
    assert.equal(instance?.ports.find((p) => p.id === portId)?.tag, "nic2");
  } finally {
    await h.close();
  }
});

Deno.test("os-interface: roles and another project's server", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const net = { interfaceAttachment: { net_id: PRIVATE_NETWORK_ID } };
    const list = await h.json(`/servers/${id}/os-interface`, { as: "reader" });
    assert.equal(list.status, 200);
    const portId = list.body.interfaceAttachments[0].port_id;
    const denied = await attach(h, id, net, "reader");
    assert.equal(denied.status, 403, denied.text);
    assert.equal(
      faultMessage(denied.body),
      "Policy doesn't allow os_compute_api:os-attach-interfaces:create to be performed.",
    );
    const del = await h.json(`/servers/${id}/os-interface/${portId}`, {
      as: "reader",
      method: "DELETE",
    });
    assert.equal(del.status, 403, del.text);
    for (
      const [method, path] of [
        ["GET", `/servers/${id}/os-interface`],
        ["GET", `/servers/${id}/os-interface/${portId}`],
        ["DELETE", `/servers/${id}/os-interface/${portId}`],
      ]
    ) {
      const res = await h.json(path, { as: "other", method });
      assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
      assert.equal(faultMessage(res.body), `Instance ${id} could not be found.`);
    }
    const stranger = await attach(h, id, net, "other");
    assert.equal(stranger.status, 404, stranger.text);
    // An admin acts on any project's server.
    const admin = await attach(h, id, net, "admin");
    assert.equal(admin.status, 200, admin.text);
    const unknown = crypto.randomUUID();
    const none = await h.json(`/servers/${unknown}/os-interface`, { as: "member" });
    assert.equal(none.status, 404);
  } finally {
    await h.close();
  }
});

Deno.test("os-interface: the lock and the vm and task states", async () => {
  const h = await start({ deno: { fake_boot_seconds: 10 } });
  const clock = useTestClock(h);
  try {
    const net = { interfaceAttachment: { net_id: PRIVATE_NETWORK_ID } };
    const id = await createServer(h);
    const building = await attach(h, id, net);
    assert.equal(building.status, 409, building.text);
    assert.equal(
      faultMessage(building.body),
      `Cannot 'attach_interface' instance ${id} while it is in vm_state building`,
    );
    clock.advance(10);
    const portId = (await h.json(`/servers/${id}/os-interface`, { as: "member" })).body
      .interfaceAttachments[0].port_id;

    // A task in progress.
    assert.equal((await action(h, id, { reboot: { type: "SOFT" } })).status, 202);
    const rebooting = await attach(h, id, net);
    assert.equal(rebooting.status, 409, rebooting.text);
    assert.equal(
      faultMessage(rebooting.body),
      `Cannot 'attach_interface' instance ${id} while it is in task_state rebooting`,
    );
    const detaching = await h.json(`/servers/${id}/os-interface/${portId}`, {
      as: "member",
      method: "DELETE",
    });
    assert.equal(detaching.status, 409, detaching.text);
    assert.equal(
      faultMessage(detaching.body),
      `Cannot 'detach_interface' instance ${id} while it is in task_state rebooting`,
    );
    clock.advance(60);

    // Locked: a member is refused, an admin is not.
    assert.equal((await action(h, id, { lock: null })).status, 202);
    const locked = await attach(h, id, net);
    assert.equal(locked.status, 409, locked.text);
    assert.equal(faultMessage(locked.body), `Instance ${id} is locked`);
    const lockedDetach = await h.json(`/servers/${id}/os-interface/${portId}`, {
      as: "member",
      method: "DELETE",
    });
    assert.equal(lockedDetach.status, 409, lockedDetach.text);
    assert.equal((await attach(h, id, net, "admin")).status, 200);
    assert.equal((await action(h, id, { unlock: null })).status, 202);

    // Stopped and paused servers take interfaces; suspended ones do not.
    assert.equal((await action(h, id, { "os-stop": null })).status, 202);
    clock.advance(60);
    assert.equal((await attach(h, id, net)).status, 200);
    assert.equal((await action(h, id, { "os-start": null })).status, 202);
    clock.advance(60);
    assert.equal((await action(h, id, { pause: null })).status, 202);
    clock.advance(60);
    assert.equal((await attach(h, id, net)).status, 200);
    assert.equal((await action(h, id, { unpause: null })).status, 202);
    clock.advance(60);
    assert.equal((await action(h, id, { suspend: null })).status, 202);
    clock.advance(60);
    const suspended = await attach(h, id, net);
    assert.equal(suspended.status, 409, suspended.text);
    assert.equal(
      faultMessage(suspended.body),
      `Cannot 'attach_interface' instance ${id} while it is in vm_state suspended`,
    );
    // The refused requests recorded no action.
    const acts = await h.json(`/servers/${id}/os-instance-actions`, { as: "member" });
    assert.equal(
      acts.body.instanceActions.filter((a: { action: string }) => a.action === "attach_interface")
        .length,
      3,
    );
  } finally {
    await h.close();
  }
});
