/**
 * `addFixedIp` / `removeFixedIp` over real HTTP (2.1–2.43): the server's port gains and loses
 * addresses, seen in GET /servers/{id}; what the compute host cannot do answers 202 and changes
 * nothing, as Nova's cast does; 404 past 2.43; schema, lock and policy.
 */
import assert from "node:assert/strict";
import { PRIVATE_NETWORK_ID } from "../../../lib/networks/catalog.ts";
import { findPortByIp } from "../../../lib/networks/ports.ts";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { createServer, start } from "./_support.ts";

function action(h: Harness, id: string, body: unknown, as: Persona = "member", version?: string) {
  return h.json(`/servers/${id}/action`, { as, json: body, version });
}

async function addresses(h: Harness, id: string): Promise<string[]> {
  const res = await h.json(`/servers/${id}`, { as: "member" });
  assert.equal(res.status, 200, res.text);
  return (res.body.server.addresses.private ?? []).map((a: { addr: string }) => a.addr);
}

Deno.test("addFixedIp adds an address to the server's port; removeFixedIp takes it off", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const [first] = await addresses(h, id);
    const add = await action(h, id, { addFixedIp: { networkId: PRIVATE_NETWORK_ID } });
    assert.equal(add.status, 202, add.text);
    assert.equal(add.text, "");
    const both = await addresses(h, id);
    assert.equal(both.length, 2);
    assert.equal(both[0], first);
    const extra = both[1];
    const port = await findPortByIp(h.kv, extra);
    assert.equal(port?.device_id, id);
    assert.deepEqual(port?.fixed_ips.map((f) => f.ip_address), both);
    // A second server does not get the address the first one holds.
    const other = await createServer(h);
    assert.ok(!both.includes((await addresses(h, other))[0]));

    const remove = await action(h, id, { removeFixedIp: { address: first } }, "member", "2.43");
    assert.equal(remove.status, 202, remove.text);
    assert.deepEqual(await addresses(h, id), [extra]);
    assert.equal(await findPortByIp(h.kv, first), null);
    // Deleting the server frees what its port holds now.
    assert.equal((await h.fetch(`/servers/${id}`, { method: "DELETE", as: "member" })).status, 204);
    assert.equal(await findPortByIp(h.kv, extra), null);
  } finally {
    await h.close();
  }
});

Deno.test("multinic: what the compute host cannot do is 202 with no change", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const before = await addresses(h, id);
    for (
      const body of [
        { addFixedIp: { networkId: "no-such-network" } },
        { addFixedIp: { networkId: 42 } },
        { removeFixedIp: { address: "10.0.0.250" } },
        { removeFixedIp: { address: "fe80::1" } },
      ]
    ) {
      const res = await action(h, id, body);
      assert.equal(res.status, 202, `${JSON.stringify(body)}: ${res.text}`);
    }
    assert.deepEqual(await addresses(h, id), before);
  } finally {
    await h.close();
  }
});

Deno.test("multinic: gone after 2.43, schema, lock, policy, another project", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (
      const body of [
        { addFixedIp: { networkId: PRIVATE_NETWORK_ID } },
        { removeFixedIp: { address: "10.0.0.2" } },
        { removeFixedIp: { address: "bad" } },
      ]
    ) {
      const res = await action(h, id, body, "member", "2.44");
      assert.equal(res.status, 404, res.text);
      assert.equal(faultMessage(res.body), "The resource could not be found.");
    }
    for (
      const body of [
        { addFixedIp: {} },
        { addFixedIp: { networkId: "" } },
        { addFixedIp: { networkId: "x".repeat(37) } },
        { addFixedIp: { networkId: true } },
        { addFixedIp: { networkId: PRIVATE_NETWORK_ID, x: 1 } },
        { removeFixedIp: { address: "10.0.0.300" } },
        { removeFixedIp: {} },
      ]
    ) {
      const res = await action(h, id, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    }
    const reader = await action(h, id, { addFixedIp: { networkId: PRIVATE_NETWORK_ID } }, "reader");
    assert.equal(reader.status, 403, reader.text);
    assert.equal(
      faultMessage(reader.body),
      "Policy doesn't allow os_compute_api:os-multinic:add to be performed.",
    );
    const reader2 = await action(h, id, { removeFixedIp: { address: "10.0.0.2" } }, "reader");
    assert.equal(reader2.status, 403, reader2.text);
    const other = await action(h, id, { addFixedIp: { networkId: PRIVATE_NETWORK_ID } }, "other");
    assert.equal(other.status, 404, other.text);

    assert.equal((await action(h, id, { lock: null })).status, 202);
    const locked = await action(h, id, { addFixedIp: { networkId: PRIVATE_NETWORK_ID } });
    assert.equal(locked.status, 409, locked.text);
    assert.equal(faultMessage(locked.body), `Instance ${id} is locked`);
    const admin = await action(h, id, { addFixedIp: { networkId: PRIVATE_NETWORK_ID } }, "admin");
    assert.equal(admin.status, 202, admin.text);
    assert.equal((await addresses(h, id)).length, 2);
  } finally {
    await h.close();
  }
});
