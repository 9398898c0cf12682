/**
 * `addFloatingIp` / `removeFloatingIp` over real HTTP (2.1–2.43) against a Neutron with no
 * floating IPs: Nova's 400s for the server's fixed addresses, then its 404s; 404 past 2.43.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { createServer, start } from "./_support.ts";

function action(h: Harness, id: string, body: unknown, as: Persona = "member", version?: string) {
  return h.json(`/servers/${id}/action`, { as, json: body, version });
}

async function fixedAddress(h: Harness, id: string): Promise<string> {
  const res = await h.json(`/servers/${id}`, { as: "member" });
  return res.body.server.addresses.private[0].addr;
}

Deno.test("addFloatingIp: Nova's 400s for the fixed addresses, then 404 for the floating IP", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const fixed = await fixedAddress(h, id);
    const unknown = await action(h, id, { addFloatingIp: { address: "172.24.4.10" } });
    assert.equal(unknown.status, 404, unknown.text);
    assert.equal(faultMessage(unknown.body), "floating IP not found");
    const named = await action(
      h,
      id,
      {
        addFloatingIp: { address: "172.24.4.10", fixed_address: fixed },
      },
      "member",
      "2.43",
    );
    assert.equal(named.status, 404, named.text);
    const notMine = await action(h, id, {
      addFloatingIp: { address: "172.24.4.10", fixed_address: "10.0.0.254" },
    });
    assert.equal(notMine.status, 400, notMine.text);
    assert.equal(
      faultMessage(notMine.body),
      "Specified fixed address not assigned to instance",
    );
    const bare = await createServer(h, "member", { networks: "none" }, "2.37");
    const noNet = await action(h, bare, { addFloatingIp: { address: "172.24.4.10" } });
    assert.equal(noNet.status, 400, noNet.text);
    assert.equal(faultMessage(noNet.body), "Instance network is not ready yet");
    // A port left without addresses (removeFixedIp) has no fixed IP to associate.
    assert.equal((await action(h, id, { removeFixedIp: { address: fixed } })).status, 202);
    const none = await action(h, id, { addFloatingIp: { address: "172.24.4.10" } });
    assert.equal(none.status, 400, none.text);
    assert.equal(faultMessage(none.body), "No fixed IPs associated to instance");
  } finally {
    await h.close();
  }
});

Deno.test("removeFloatingIp: the unknown floating address is 404 before the server or policy", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (const [target, as] of [[id, "member"], [crypto.randomUUID(), "reader"]] as const) {
      const res = await action(h, target, { removeFloatingIp: { address: "172.24.4.10" } }, as);
      assert.equal(res.status, 404, res.text);
      assert.equal(faultMessage(res.body), "Floating IP not found for address 172.24.4.10.");
    }
  } finally {
    await h.close();
  }
});

Deno.test("floating IP actions: gone after 2.43, schema, policy", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (const key of ["addFloatingIp", "removeFloatingIp"]) {
      const gone = await action(h, id, { [key]: { address: "172.24.4.10" } }, "member", "2.44");
      assert.equal(gone.status, 404, gone.text);
      assert.equal(faultMessage(gone.body), "The resource could not be found.");
      for (const inner of [{}, { address: "nope" }, { address: "172.24.4.10", x: 1 }]) {
        const res = await action(h, id, { [key]: inner });
        assert.equal(res.status, 400, `${key} ${JSON.stringify(inner)}: ${res.text}`);
      }
    }
    const badFixed = await action(h, id, {
      addFloatingIp: { address: "172.24.4.10", fixed_address: "x" },
    });
    assert.equal(badFixed.status, 400, badFixed.text);
    const reader = await action(h, id, { addFloatingIp: { address: "172.24.4.10" } }, "reader");
    assert.equal(reader.status, 403, reader.text);
    assert.equal(
      faultMessage(reader.body),
      "Policy doesn't allow os_compute_api:os-floating-ips:add to be performed.",
    );
    const other = await action(h, id, { addFloatingIp: { address: "172.24.4.10" } }, "other");
    assert.equal(other.status, 404, other.text);
    assert.match(faultMessage(other.body), /^Instance .* could not be found\.$/);
  } finally {
    await h.close();
  }
});
