/**
 * Through the paste pipeline: the Glance subset's image list filters on any other query parameter
 * by exact match on that image field or property, as Glance does (Tempest's createBackup rotation
 * check lists `image_type=backup&backup_type=…&instance_uuid=…`).
 */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";
import { PRIVATE_NETWORK_ID } from "../../lib/networks/catalog.ts";
import { type Harness, startCompute } from "../support/compute.ts";

async function names(h: Harness, query: string): Promise<string[]> {
  const res = await h.json(`/image/v2/images?${query}`);
  assert.equal(res.status, 200, res.text);
  return res.body.images.map((i: { name: string }) => i.name).sort();
}

Deno.test("paste: /image/v2/images filters by image properties and fields", async () => {
  const h = await startCompute({
    pipeline: "paste",
    config: { deno: { fake_boot_seconds: 0 }, virt: { fake_delete_seconds: 0 } },
  });
  try {
    const created = await h.json("/v2.1/servers", {
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
    for (const [name, backup_type] of [["d1", "daily"], ["w1", "weekly"], ["d2", "daily"]]) {
      const res = await h.json(`/v2.1/servers/${id}/action`, {
        json: { createBackup: { name, backup_type, rotation: 5 } },
      });
      assert.equal(res.status, 202, res.text);
    }
    const snap = await h.json(`/v2.1/servers/${id}/action`, {
      json: { createImage: { name: "s1" } },
    });
    assert.equal(snap.status, 202, snap.text);

    assert.deepEqual(await names(h, ""), ["cirros", "d1", "d2", "s1", "w1"]);
    assert.deepEqual(await names(h, "image_type=backup"), ["d1", "d2", "w1"]);
    assert.deepEqual(
      await names(h, `image_type=backup&backup_type=daily&instance_uuid=${id}`),
      ["d1", "d2"],
    );
    assert.deepEqual(await names(h, "image_type=snapshot"), ["s1"]);
    assert.deepEqual(await names(h, "instance_uuid=nope"), []);
    assert.deepEqual(await names(h, "os_distro=cirros&min_disk=0"), ["cirros"]);
    // The existing filters and paging parameters still work beside them.
    assert.deepEqual(await names(h, "image_type=backup&name=w1"), ["w1"]);
    assert.deepEqual((await names(h, "image_type=backup&limit=2")).length, 2);
  } finally {
    await h.close();
  }
});
