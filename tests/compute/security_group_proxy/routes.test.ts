/**
 * The security group proxy reads over real HTTP (2.1–2.35): the list is the caller's project's
 * `default` group in Nova's format, a show finds it by id and answers Neutron's 404 for any other
 * id and Nova's 400 for what is not one (the stock CLI's name lookup first asks for
 * `/os-security-groups/default` and takes a 404 or a 400 as "not an id"), and both are capped
 * from 2.36.
 */
import assert from "node:assert/strict";
import { defaultSecurityGroup } from "../../../lib/networks/security_groups.ts";
import { startCompute } from "../../support/compute.ts";

Deno.test("os-security-groups: list and show the project's default group; 404 otherwise and past 2.35", async () => {
  const h = await startCompute();
  try {
    const group = defaultSecurityGroup("project-a");
    const list = await h.json("/os-security-groups", { as: "member", version: "2.35" });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.security_groups.length, 1);
    const [shown] = list.body.security_groups;
    assert.equal(shown.id, group.id);
    assert.equal(shown.name, "default");
    assert.equal(shown.tenant_id, "project-a");
    assert.deepEqual(Object.keys(shown).sort(), [
      "description",
      "id",
      "name",
      "rules",
      "tenant_id",
    ]);
    for (const rule of shown.rules) {
      assert.equal(rule.parent_group_id, group.id);
      assert.ok("ip_protocol" in rule && "from_port" in rule && "to_port" in rule);
    }
    const one = await h.json(`/os-security-groups/${group.id}`, { as: "member" });
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.body.security_group, shown);
    // Nova's validate_id: a name is not an id (the stock CLI then lists and matches names).
    const byName = await h.json("/os-security-groups/default", { as: "member" });
    assert.equal(byName.status, 400);
    assert.deepEqual(byName.body, {
      badRequest: { code: 400, message: "Security group id should be uuid" },
    });
    const theirs = defaultSecurityGroup("project-b").id;
    assert.equal((await h.json(`/os-security-groups/${theirs}`, { as: "member" })).status, 404);
    const paged = await h.json("/os-security-groups?offset=1", { as: "member" });
    assert.deepEqual(paged.body, { security_groups: [] });
    const bad = await h.json("/os-security-groups?limit=-1", { as: "member" });
    assert.equal(bad.status, 400);
    assert.equal((await h.json("/os-security-groups", { version: "2.36" })).status, 404);
    const past = await h.json(`/os-security-groups/${group.id}`, { version: "2.36" });
    assert.equal(past.status, 404);
  } finally {
    await h.close();
  }
});
