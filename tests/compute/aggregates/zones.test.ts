/**
 * An aggregate's `availability_zone` moves its hosts into that zone for `os-availability-zone`,
 * the scheduler and the server view, over real HTTP; and Nova's refusals when a zone would put a
 * host in two zones or move servers between zones.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness } from "../../support/compute.ts";
import { createServer, start } from "../servers/_support.ts";
import { action, createAggregate } from "./_support.ts";

async function placed(h: Harness, id: string): Promise<[string, string]> {
  const res = await h.json(`/servers/${id}`);
  assert.equal(res.status, 200, res.text);
  const s = res.body.server;
  return [s["OS-EXT-SRV-ATTR:host"], s["OS-EXT-AZ:availability_zone"]];
}

async function zoneNames(h: Harness): Promise<string[]> {
  const res = await h.json("/os-availability-zone");
  assert.equal(res.status, 200, res.text);
  return res.body.availabilityZoneInfo.map((z: { zoneName: string }) => z.zoneName);
}

Deno.test("aggregate zone az2 takes compute-2: the zone list, then servers in az2 and nova land by zone", async () => {
  const h = await start();
  try {
    assert.deepEqual(await zoneNames(h), ["nova"]);
    const id = await createAggregate(h, "rack2", "az2");
    // A zone without hosts is not listed, and a server cannot ask for it.
    assert.deepEqual(await zoneNames(h), ["nova"]);
    const refused = await h.json("/servers", {
      as: "member",
      json: {
        server: {
          name: "early",
          imageRef: "155d900f-4e14-4e4c-a73d-069cbf4541e6",
          flavorRef: "1",
          availability_zone: "az2",
          networks: "none",
        },
      },
      version: "2.37",
    });
    assert.equal(refused.status, 400, refused.text);
    assert.equal(faultMessage(refused.body), "The requested availability zone is not available");

    assert.equal((await action(h, id, "add_host", { host: "compute-2" })).status, 200);
    assert.deepEqual(await zoneNames(h), ["az2", "nova"]);
    const detail = await h.json("/os-availability-zone/detail");
    const hostsOf = (zone: string) =>
      Object.keys(
        detail.body.availabilityZoneInfo.find((z: { zoneName: string }) => z.zoneName === zone)
          .hosts,
      );
    assert.deepEqual(hostsOf("az2"), ["compute-2"]);
    assert.deepEqual(hostsOf("nova"), ["compute-1"]);

    const inAz2 = await createServer(h, "admin", { availability_zone: "az2" });
    assert.deepEqual(await placed(h, inAz2), ["compute-2", "az2"]);
    // Two servers in nova both land on compute-1, though compute-2 would have more free RAM.
    const nova1 = await createServer(h, "admin", { availability_zone: "nova" });
    const nova2 = await createServer(h, "admin", { availability_zone: "nova" });
    assert.deepEqual(await placed(h, nova1), ["compute-1", "nova"]);
    assert.deepEqual(await placed(h, nova2), ["compute-1", "nova"]);
    // A forced host keeps the zone the aggregate gives it.
    const forced = await createServer(h, "admin", { availability_zone: "az2:compute-2" });
    assert.deepEqual(await placed(h, forced), ["compute-2", "az2"]);
  } finally {
    await h.close();
  }
});

Deno.test("aggregates: a zone that would put a host in two zones is refused (409 add, 400 update)", async () => {
  const h = await start();
  try {
    const a = await createAggregate(h, "a", "az1");
    const b = await createAggregate(h, "b", "az2");
    const plain = await createAggregate(h, "plain");
    assert.equal((await action(h, a, "add_host", { host: "compute-1" })).status, 200);
    const add = await action(h, b, "add_host", { host: "compute-1" });
    assert.equal(add.status, 409, add.text);
    assert.equal(
      faultMessage(add.body),
      "Cannot add host to aggregate 2. Reason: One or more hosts already in availability " +
        "zone(s) ['az1'].",
    );
    // An aggregate without a zone takes the host; then giving it another zone is refused.
    assert.equal((await action(h, plain, "add_host", { host: "compute-1" })).status, 200);
    const meta = await action(h, plain, "set_metadata", {
      metadata: { availability_zone: "az3" },
    });
    assert.equal(meta.status, 400, meta.text);
    assert.equal(
      faultMessage(meta.body),
      "Cannot update metadata of aggregate 3. Reason: One or more hosts already in " +
        "availability zone(s) ['az1'].",
    );
    const put = await h.json(`/os-aggregates/${plain}`, {
      method: "PUT",
      json: { aggregate: { availability_zone: "az3" } },
    });
    assert.equal(put.status, 400, put.text);
    assert.equal(
      faultMessage(put.body),
      "Cannot update aggregate 3. Reason: One or more hosts already in availability " +
        "zone(s) ['az1'].",
    );
    // The same zone is no conflict.
    const same = await action(h, plain, "set_metadata", { metadata: { availability_zone: "az1" } });
    assert.equal(same.status, 200, same.text);
    assert.deepEqual(await zoneNames(h), ["az1", "nova"]);
  } finally {
    await h.close();
  }
});

Deno.test("aggregates: re-zoning hosts that have servers is refused with Nova's messages", async () => {
  const h = await start();
  try {
    const server = await createServer(h, "admin");
    assert.deepEqual(await placed(h, server), ["compute-1", "nova"]);
    const zoned = await createAggregate(h, "zoned", "az2");
    const add = await action(h, zoned, "add_host", { host: "compute-1" });
    assert.equal(add.status, 409, add.text);
    assert.equal(
      faultMessage(add.body),
      "Cannot add host to aggregate 1. Reason: The host cannot be added to the aggregate as " +
        "the availability zone of the host would change from 'None' to 'az2' but the host " +
        "already has 1 instance(s). Changing the AZ of an existing instance is not supported " +
        "by this action. Move the instances away from this host then try again. If you need " +
        "to move the instances between AZs then you can use shelve_offload and unshelve to " +
        "achieve this..",
    );

    const plain = await createAggregate(h, "plain");
    assert.equal((await action(h, plain, "add_host", { host: "compute-1" })).status, 200);
    const put = await h.json(`/os-aggregates/${plain}`, {
      method: "PUT",
      json: { aggregate: { availability_zone: "az9" } },
    });
    assert.equal(put.status, 400, put.text);
    assert.equal(
      faultMessage(put.body),
      "Cannot update aggregate 2. Reason: One or more hosts contain instances in this zone.",
    );
    const meta = await action(h, plain, "set_metadata", { metadata: { availability_zone: "az9" } });
    assert.equal(meta.status, 400, meta.text);
    assert.equal(
      faultMessage(meta.body),
      "Cannot update metadata of aggregate 2. Reason: One or more hosts contain instances in " +
        "this zone.",
    );
    // Nothing moved.
    assert.deepEqual(await zoneNames(h), ["nova"]);
    const shown = await h.json(`/os-aggregates/${plain}`);
    assert.deepEqual(shown.body.aggregate.metadata, {});

    // A host that got its zone before its server cannot leave the zone while it has it.
    await h.fetch(`/servers/${server}`, { method: "DELETE" }).then((r) => r.body?.cancel());
    assert.equal((await action(h, zoned, "add_host", { host: "compute-2" })).status, 200);
    const inAz2 = await createServer(h, "admin", { availability_zone: "az2" });
    assert.deepEqual(await placed(h, inAz2), ["compute-2", "az2"]);
    const remove = await action(h, zoned, "remove_host", { host: "compute-2" });
    assert.equal(remove.status, 409, remove.text);
    assert.equal(
      faultMessage(remove.body),
      "Cannot remove host from aggregate 1. Reason: The host cannot be removed from the " +
        "aggregate as the availability zone of the host would change from 'az2' to 'None' but " +
        "the host already has 1 instance(s). Changing the AZ of an existing instance is not " +
        "supported by this action. Move the instances away from this host then try again. If " +
        "you need to move the instances between AZs then you can use shelve_offload and " +
        "unshelve to achieve this..",
    );
    // Renaming the zone under it is refused too.
    const rename = await h.json(`/os-aggregates/${zoned}`, {
      method: "PUT",
      json: { aggregate: { availability_zone: "az3" } },
    });
    assert.equal(rename.status, 400, rename.text);
    // Keeping the same zone is allowed.
    const keep = await h.json(`/os-aggregates/${zoned}`, {
      method: "PUT",
      json: { aggregate: { availability_zone: "az2" } },
    });
    assert.equal(keep.status, 200, keep.text);
  } finally {
    await h.close();
  }
});

Deno.test("aggregates: removing the host restores its configured zone", async () => {
  const h = await start();
  try {
    const id = await createAggregate(h, "a", "az2");
    assert.equal((await action(h, id, "add_host", { host: "compute-2" })).status, 200);
    assert.deepEqual(await zoneNames(h), ["az2", "nova"]);
    assert.equal((await action(h, id, "remove_host", { host: "compute-2" })).status, 200);
    assert.deepEqual(await zoneNames(h), ["nova"]);
    const s = await createServer(h, "admin", { availability_zone: "nova" });
    const s2 = await createServer(h, "admin", { availability_zone: "nova" });
    const hosts = [(await placed(h, s))[0], (await placed(h, s2))[0]].sort();
    assert.deepEqual(hosts, ["compute-1", "compute-2"]);
  } finally {
    await h.close();
  }
});

Deno.test("os-services lists a compute service in its aggregate's zone, and back after remove_host", async () => {
  const h = await start();
  try {
    const zoneOf = async (host: string) => {
      const res = await h.json("/os-services?binary=nova-compute", { version: "2.53" });
      assert.equal(res.status, 200, res.text);
      return res.body.services.find((s: { host: string }) => s.host === host)?.zone;
    };
    assert.equal(await zoneOf("compute-2"), "nova");
    const id = await createAggregate(h, "rack2", "az2");
    assert.equal((await action(h, id, "add_host", { host: "compute-2" })).status, 200);
    assert.equal(await zoneOf("compute-2"), "az2");
    assert.equal(await zoneOf("compute-1"), "nova");
    assert.equal((await action(h, id, "remove_host", { host: "compute-2" })).status, 200);
    assert.equal(await zoneOf("compute-2"), "nova");
  } finally {
    await h.close();
  }
});
