/**
 * The network proxy reads over real HTTP (2.1–2.35): os-networks, os-tenant-networks and
 * os-floating-ip-pools show the caller's visible networks in Nova's post-nova-network shapes,
 * answer "Network not found" for another project's, and are capped from 2.36.
 */
import assert from "node:assert/strict";
import { PRIVATE_NETWORK_ID } from "../../../lib/networks/catalog.ts";
import { type Harness, startCompute } from "../../support/compute.ts";

const CONFIG = {
  networks: {
    network: [
      `name=private, cidr=10.0.0.0/24, shared=true, id=${PRIVATE_NETWORK_ID}`,
      "name=mine, cidr=192.168.5.0/24, project=project-a",
      "name=theirs, cidr=192.168.6.0/24, project=project-b",
    ],
  },
};

async function withNetworks(body: (h: Harness) => Promise<void>, config = {}) {
  const h = await startCompute({ config: { ...CONFIG, ...config } });
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

const labels = (body: { networks: { label: string }[] }) => body.networks.map((n) => n.label);

Deno.test("os-networks: a member sees its visible networks, every field but id and label null", async () => {
  await withNetworks(async (h) => {
    const res = await h.json("/os-networks", { as: "reader", version: "2.35" });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(labels(res.body), ["private", "mine"]);
    assert.deepEqual(res.body.networks[0], {
      id: PRIVATE_NETWORK_ID,
      cidr: null,
      netmask: null,
      gateway: null,
      broadcast: null,
      dns1: null,
      dns2: null,
      cidr_v6: null,
      gateway_v6: null,
      label: "private",
      netmask_v6: null,
    });
    const admin = await h.json("/os-networks");
    assert.deepEqual(labels(admin.body), ["private", "mine", "theirs"]);
    assert.equal(Object.keys(admin.body.networks[0]).length, 32);
    assert.equal(admin.body.networks[0].mtu, null);
    const show = await h.json(`/os-networks/${PRIVATE_NETWORK_ID}`, { as: "member" });
    assert.equal(show.status, 200);
    assert.equal(show.body.network.label, "private");
    const theirs = admin.body.networks[2].id;
    const hidden = await h.json(`/os-networks/${theirs}`, { as: "member" });
    assert.equal(hidden.status, 404);
    assert.deepEqual(hidden.body, { itemNotFound: { code: 404, message: "Network not found" } });
    assert.equal((await h.json("/os-networks", { version: "2.36" })).status, 404);
  });
});

Deno.test("os-tenant-networks: id, the string None as cidr, and label; default project's nets when asked", async () => {
  await withNetworks(async (h) => {
    const res = await h.json("/os-tenant-networks", { as: "member" });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.networks[0], {
      id: PRIVATE_NETWORK_ID,
      cidr: "None",
      label: "private",
    });
    assert.deepEqual(labels(res.body), ["private", "mine"]);
    const show = await h.json(`/os-tenant-networks/${PRIVATE_NETWORK_ID}`, { as: "other" });
    assert.deepEqual(show.body, {
      network: { id: PRIVATE_NETWORK_ID, cidr: "None", label: "private" },
    });
    assert.equal(
      (await h.json(`/os-tenant-networks/${res.body.networks[1].id}`, { as: "other" })).status,
      404,
    );
    assert.equal((await h.json("/os-tenant-networks", { version: "2.36" })).status, 404);
  });
  await withNetworks(async (h) => {
    const res = await h.json("/os-tenant-networks", { as: "other" });
    assert.deepEqual(labels(res.body), ["private", "theirs", "private", "mine"]);
  }, { api: { use_neutron_default_nets: true, neutron_default_project_id: "project-a" } });
});

Deno.test("os-floating-ip-pools: no external network is configured, so no pool", async () => {
  await withNetworks(async (h) => {
    const res = await h.json("/os-floating-ip-pools", { as: "reader" });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { floating_ip_pools: [] });
    assert.equal((await h.json("/os-floating-ip-pools", { version: "2.36" })).status, 404);
  });
});
