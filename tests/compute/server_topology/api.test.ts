/**
 * `GET /servers/{server_id}/topology` over real HTTP (2.78): no NUMA topology for a plain flavor,
 * nodes split from `hw:numa_nodes`, the host-only fields for admins, the microversion floor, the
 * policy and another project's server.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness } from "../../support/compute.ts";
import { createServer, start } from "../servers/_support.ts";

/** A flavor with `specs` (vcpus 4, 2048 MB), returned by id. */
async function flavorWith(h: Harness, id: string, specs: Record<string, string>) {
  const made = await h.json("/flavors", {
    json: { flavor: { name: `f-${id}`, id, ram: 2048, vcpus: 4, disk: 1 } },
  });
  assert.equal(made.status, 200, made.text);
  const set = await h.json(`/flavors/${id}/os-extra_specs`, { json: { extra_specs: specs } });
  assert.equal(set.status, 200, set.text);
  return id;
}

function topology(h: Harness, id: string, as: "member" | "admin" | "reader" | "other", v = "2.78") {
  return h.json(`/servers/${id}/topology`, { as, version: v });
}

Deno.test("topology: none for a plain flavor; 404 below 2.78", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const res = await topology(h, id, "member");
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { nodes: [], pagesize_kb: null });
    assert.equal((await topology(h, id, "reader")).status, 200);
    const old = await topology(h, id, "member", "2.77");
    assert.equal(old.status, 404, old.text);
    const stranger = await topology(h, id, "other");
    assert.equal(stranger.status, 404);
    assert.equal(faultMessage(stranger.body), `Instance ${id} could not be found.`);
    const q = await h.json(`/servers/${id}/topology?x=1`, { as: "member", version: "2.102" });
    assert.equal(q.status, 400, q.text);
    const q101 = await h.json(`/servers/${id}/topology?x=1`, { as: "member", version: "2.101" });
    assert.equal(q101.status, 200, q101.text);
  } finally {
    await h.close();
  }
});

Deno.test("topology: hw:numa_nodes splits vCPUs and memory; host fields for admins", async () => {
  const h = await start();
  try {
    await flavorWith(h, "numa2", { "hw:numa_nodes": "2", "hw:mem_page_size": "large" });
    const id = await createServer(h, "member", { flavorRef: "numa2" });
    const member = await topology(h, id, "member");
    assert.equal(member.status, 200, member.text);
    assert.deepEqual(member.body, {
      nodes: [
        { vcpu_set: [0, 1], siblings: [], memory_mb: 1024 },
        { vcpu_set: [2, 3], siblings: [], memory_mb: 1024 },
      ],
      pagesize_kb: 2048,
    });
    const admin = await topology(h, id, "admin");
    assert.deepEqual(admin.body.nodes.map((n: { host_node: number }) => n.host_node), [0, 1]);
    assert.deepEqual(admin.body.nodes[0].cpu_pinning, {});

    await flavorWith(h, "pinned", { "hw:cpu_policy": "dedicated" });
    const pinned = await createServer(h, "member", { flavorRef: "pinned" });
    const one = await topology(h, pinned, "admin");
    assert.deepEqual(one.body, {
      nodes: [{
        vcpu_set: [0, 1, 2, 3],
        siblings: [],
        memory_mb: 2048,
        host_node: 0,
        cpu_pinning: { 0: 0, 1: 1, 2: 2, 3: 3 },
      }],
      pagesize_kb: null,
    });
  } finally {
    await h.close();
  }
});
