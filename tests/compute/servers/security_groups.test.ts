/**
 * `GET /servers/{id}/os-security-groups`: the groups of the server's ports in Nova's format, an
 * empty list for a server without ports, 404 for another project's server.
 */
import assert from "node:assert/strict";
import { defaultSecurityGroupView } from "../../../lib/neutron/views.ts";
import { PERSONAS } from "../../support/compute.ts";
import { createServer, start } from "./_support.ts";

Deno.test("GET /servers/{id}/os-security-groups lists the default group as Nova shows it", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const res = await h.json(`/servers/${id}/os-security-groups`, { as: "reader" });
    assert.equal(res.status, 200, res.text);
    const project = PERSONAS.member.project;
    // The same group (and rule ids) as the Neutron subset serves.
    const neutron = defaultSecurityGroupView(project) as {
      id: string;
      security_group_rules: { id: string; direction: string }[];
    };
    const group = neutron.id;
    assert.equal(res.body.security_groups.length, 1);
    const [sg] = res.body.security_groups;
    assert.deepEqual(Object.keys(sg).sort(), ["description", "id", "name", "rules", "tenant_id"]);
    assert.equal(sg.id, group);
    assert.equal(sg.name, "default");
    assert.equal(sg.description, "Default security group");
    assert.equal(sg.tenant_id, project);
    // Only the ingress rules, each from the group itself.
    assert.equal(sg.rules.length, 2);
    assert.deepEqual(
      sg.rules.map((r: { id: string }) => r.id),
      neutron.security_group_rules.filter((r) => r.direction === "ingress").map((r) => r.id),
    );
    for (const rule of sg.rules) {
      assert.deepEqual(
        { ...rule, id: undefined },
        {
          id: undefined,
          parent_group_id: group,
          ip_protocol: null,
          from_port: null,
          to_port: null,
          group: { name: "default", tenant_id: project },
          ip_range: {},
        },
      );
    }

    const bare = await h.json("/servers", {
      as: "member",
      version: "2.37",
      json: {
        server: {
          name: "bare",
          imageRef: (await h.json(`/servers/${id}`, { as: "member" })).body.server.image.id,
          flavorRef: "1",
          networks: "none",
        },
      },
    });
    assert.equal(bare.status, 202, bare.text);
    const none = await h.json(`/servers/${bare.body.server.id}/os-security-groups`, {
      as: "member",
    });
    assert.deepEqual(none.body, { security_groups: [] });

    const other = await h.json(`/servers/${id}/os-security-groups`, { as: "other" });
    assert.equal(other.status, 404);
    const strict = await h.json(`/servers/${id}/os-security-groups?x=1`, {
      as: "member",
      version: "2.102",
    });
    assert.equal(strict.status, 400);
  } finally {
    await h.close();
  }
});
