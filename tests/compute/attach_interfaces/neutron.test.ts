/**
 * Through the paste pipeline: a port attached with os-interface is in the Neutron subset's port
 * list with the server's device id, and gone from it once detached.
 */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";
import { PRIVATE_NETWORK_ID } from "../../../lib/networks/catalog.ts";
import { startCompute } from "../../support/compute.ts";

Deno.test("paste: an attached port is in /network/v2.0/ports with the server's device_id", async () => {
  const p = await startCompute({
    pipeline: "paste",
    config: { deno: { fake_boot_seconds: 0 }, virt: { fake_delete_seconds: 0 } },
  });
  try {
    const created = await p.json("/v2.1/servers", {
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
    const id = created.body.server.id;
    const ports = async () => {
      const res = await p.json(`/network/v2.0/ports?device_id=${id}`);
      assert.equal(res.status, 200, res.text);
      return res.body.ports as { id: string; device_id: string; mac_address: string }[];
    };
    assert.equal((await ports()).length, 1);

    const attached = await p.json(`/v2.1/servers/${id}/os-interface`, {
      json: { interfaceAttachment: { net_id: PRIVATE_NETWORK_ID } },
      version: "2.70",
    });
    assert.equal(attached.status, 200, attached.text);
    const view = attached.body.interfaceAttachment;
    const port = (await ports()).find((x) => x.id === view.port_id);
    assert.ok(port, "the new port is listed");
    assert.equal(port.device_id, id);
    assert.equal(port.mac_address, view.mac_addr);
    const one = await p.json(`/network/v2.0/ports/${view.port_id}`);
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.port.device_owner, "compute:nova");

    const detached = await p.fetch(`/v2.1/servers/${id}/os-interface/${view.port_id}`, {
      method: "DELETE",
    });
    assert.equal(detached.status, 202);
    await detached.body?.cancel();
    assert.deepEqual((await ports()).map((x) => x.id).includes(view.port_id), false);
    assert.equal((await p.json(`/network/v2.0/ports/${view.port_id}`)).status, 404);
  } finally {
    await p.close();
  }
});
