/**
 * `addSecurityGroup` / `removeSecurityGroup` over real HTTP: the server view and
 * `os-security-groups` follow the ports' groups; Nova's 404s and 400s, schema and policy.
 */
import assert from "node:assert/strict";
import { defaultSecurityGroup } from "../../../lib/networks/security_groups.ts";
import { getPort } from "../../../lib/store/ports.ts";
import { getInstance } from "../../../lib/store/instances.ts";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { createServer, start } from "./_support.ts";

function action(h: Harness, id: string, body: unknown, as: Persona = "member", version?: string) {
  return h.json(`/servers/${id}/action`, { as, json: body, version });
}

// deno-lint-ignore no-explicit-any
async function viewGroups(h: Harness, id: string): Promise<any> {
  const res = await h.json(`/servers/${id}`, { as: "member" });
  assert.equal(res.status, 200, res.text);
  return res.body.server.security_groups;
}

async function listed(h: Harness, id: string): Promise<string[]> {
  const res = await h.json(`/servers/${id}/os-security-groups`, { as: "member" });
  assert.equal(res.status, 200, res.text);
  return res.body.security_groups.map((g: { name: string }) => g.name);
}

Deno.test("removeSecurityGroup unbinds default; addSecurityGroup binds it again (by name or id)", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    assert.deepEqual(await viewGroups(h, id), [{ name: "default" }]);
    const removed = await action(h, id, { removeSecurityGroup: { name: "default" } });
    assert.equal(removed.status, 202, removed.text);
    assert.equal(removed.text, "");
    // Nova shows no security_groups key when the ports have none.
    assert.equal(await viewGroups(h, id), undefined);
    assert.deepEqual(await listed(h, id), []);
    const server = await getInstance(h.kv, id);
    const port = await getPort(h.kv, server!.ports[0].id);
    assert.deepEqual(port?.security_groups, []);

    const again = await action(h, id, { removeSecurityGroup: { name: "default" } });
    assert.equal(again.status, 404, again.text);
    assert.equal(
      faultMessage(again.body),
      `Security group default not associated with the instance ${id}`,
    );

    const groupId = defaultSecurityGroup("project-a").id;
    const added = await action(h, id, { addSecurityGroup: { name: groupId } });
    assert.equal(added.status, 202, added.text);
    assert.deepEqual(await viewGroups(h, id), [{ name: "default" }]);
    assert.deepEqual(await listed(h, id), ["default"]);
    // Adding a bound group changes nothing.
    assert.equal((await action(h, id, { addSecurityGroup: { name: "default" } })).status, 202);
    assert.deepEqual(await viewGroups(h, id), [{ name: "default" }]);
    assert.deepEqual((await getPort(h.kv, server!.ports[0].id))?.security_groups, [groupId]);
  } finally {
    await h.close();
  }
});

Deno.test("security group actions: unknown group, blank name, no ports, locked server", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (const key of ["addSecurityGroup", "removeSecurityGroup"]) {
      const unknown = await action(h, id, { [key]: { name: "web" } });
      assert.equal(unknown.status, 404, unknown.text);
      assert.equal(
        faultMessage(unknown.body),
        "Security group web is not found for project project-a",
      );
      for (const name of ["  ", "\t\x1c\u3000"]) {
        const blank = await action(h, id, { [key]: { name } });
        assert.equal(blank.status, 400, blank.text);
        assert.equal(faultMessage(blank.body), "Security group name cannot be empty");
      }
      // U+FEFF is no whitespace to Python: the name is looked up (and not found).
      const bom = await action(h, id, { [key]: { name: "\ufeff" } });
      assert.equal(bom.status, 404, bom.text);
    }
    const bare = await createServer(h, "member", { networks: "none" }, "2.37");
    const noPorts = await action(h, bare, { addSecurityGroup: { name: "default" } });
    assert.equal(noPorts.status, 404, noPorts.text);
    assert.equal(
      faultMessage(noPorts.body),
      `instance_id ${bare} could not be found as device id on any ports`,
    );
    // Nova checks no lock for these.
    assert.equal((await action(h, id, { lock: null })).status, 202);
    assert.equal((await action(h, id, { removeSecurityGroup: { name: "default" } })).status, 202);
  } finally {
    await h.close();
  }
});

Deno.test("security group actions: schema and policy", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (
      const body of [
        { addSecurityGroup: {} },
        { addSecurityGroup: null },
        { addSecurityGroup: { name: "" } },
        { addSecurityGroup: { name: 1 } },
        { addSecurityGroup: { name: "default", x: 1 } },
        { removeSecurityGroup: { name: "" } },
      ]
    ) {
      const res = await action(h, id, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    }
    for (const [key, rule] of [["addSecurityGroup", "add"], ["removeSecurityGroup", "remove"]]) {
      const reader = await action(h, id, { [key]: { name: "default" } }, "reader");
      assert.equal(reader.status, 403, reader.text);
      assert.equal(
        faultMessage(reader.body),
        `Policy doesn't allow os_compute_api:os-security-groups:${rule} to be performed.`,
      );
      assert.equal((await action(h, id, { [key]: { name: "default" } }, "other")).status, 404);
    }
    assert.deepEqual(await viewGroups(h, id), [{ name: "default" }]);
  } finally {
    await h.close();
  }
});
