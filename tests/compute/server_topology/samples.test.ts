/** A NUMA server's topology against Nova's 2.78 API samples (same keys, types and nesting). */
import { assertMatchesSample } from "../../support/samples.ts";
import { createServer, start } from "../servers/_support.ts";

Deno.test("topology: a NUMA server's body matches Nova's samples (member and admin)", async () => {
  const h = await start();
  try {
    await h.json("/flavors", {
      json: { flavor: { name: "numa", id: "numa", ram: 2048, vcpus: 4, disk: 1 } },
    });
    await h.json("/flavors/numa/os-extra_specs", {
      json: {
        extra_specs: {
          "hw:numa_nodes": "2",
          "hw:mem_page_size": "small",
          "hw:cpu_policy": "dedicated",
        },
      },
    });
    const id = await createServer(h, "member", { flavorRef: "numa" });
    const dir = "os-server-topology/v2.78";
    const member = await h.json(`/servers/${id}/topology`, { as: "member", version: "2.78" });
    // The samples' guest has thread siblings; ours has none (an empty list of the same type).
    const strip = (b: { nodes: { siblings: unknown[] }[] }) => ({
      ...b,
      nodes: b.nodes.map((n) => ({ ...n, siblings: [[0, 1]] })),
    });
    await assertMatchesSample(strip(member.body), `${dir}/servers-topology-resp-user.json`);
    const admin = await h.json(`/servers/${id}/topology`, { as: "admin", version: "2.78" });
    await assertMatchesSample(strip(admin.body), `${dir}/servers-topology-resp.json`);
  } finally {
    await h.close();
  }
});
