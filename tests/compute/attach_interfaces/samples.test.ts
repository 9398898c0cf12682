/** os-interface responses against Nova's API samples (same keys, types, nesting), 2.1 and 2.70. */
import { PRIVATE_NETWORK_ID } from "../../../lib/networks/catalog.ts";
import { assertMatchesSample, sample } from "../../support/samples.ts";
import { createServer, start } from "../servers/_support.ts";

const DIR = "os-attach-interfaces";

Deno.test("os-interface: list, show and create match Nova's samples (2.1 and 2.70)", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (const [prefix, version] of [["", "2.1"], ["v2.70/", "2.70"]]) {
      const body = await sample(`${DIR}/${prefix}attach-interfaces-create-net_id-req.json`);
      // The sample asks for an address of its own network; ask for one of ours.
      const req = structuredClone(body) as {
        interfaceAttachment: { net_id: string; fixed_ips: { ip_address: string }[] };
      };
      req.interfaceAttachment.net_id = PRIVATE_NETWORK_ID;
      req.interfaceAttachment.fixed_ips[0].ip_address = version === "2.1"
        ? "10.0.0.101"
        : "10.0.0.170";
      const created = await h.json(`/servers/${id}/os-interface`, {
        as: "member",
        json: req,
        version,
      });
      await assertMatchesSample(
        created.body,
        `${DIR}/${prefix}attach-interfaces-create-resp.json`,
        {
          nullable: ["tag"],
        },
      );
      const portId = created.body.interfaceAttachment.port_id;
      const shown = await h.json(`/servers/${id}/os-interface/${portId}`, {
        as: "member",
        version,
      });
      await assertMatchesSample(shown.body, `${DIR}/${prefix}attach-interfaces-show-resp.json`, {
        nullable: ["tag"],
      });
      const listed = await h.json(`/servers/${id}/os-interface`, { as: "member", version });
      await assertMatchesSample(listed.body, `${DIR}/${prefix}attach-interfaces-list-resp.json`, {
        nullable: ["tag"],
      });
    }
  } finally {
    await h.close();
  }
});
