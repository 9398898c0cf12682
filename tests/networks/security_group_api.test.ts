/**
 * The stored security groups' domain functions: the derived `default` group until a write
 * materialises it with the same ids, name and id lookups, Neutron's refusals and quotas.
 */
import assert from "node:assert/strict";
import {
  addSecurityGroupRule,
  createSecurityGroup,
  deleteSecurityGroup,
  deleteSecurityGroupRule,
  findSecurityGroupByNameOrId,
  getSecurityGroup,
  getSecurityGroupRule,
  NeutronConflict,
  projectSecurityGroups,
  type RuleSpec,
  SecurityGroupNameNotUnique,
  updateSecurityGroup,
  visibleSecurityGroups,
} from "../../lib/networks/security_group_api.ts";
import { defaultSecurityGroup } from "../../lib/networks/security_groups.ts";
import { readSecurityGroup } from "../../lib/store/security_groups.ts";

const NOW = new Date("2026-01-01T00:00:00.123Z");
const P1 = { projectId: "p1", isAdmin: false };
const P2 = { projectId: "p2", isAdmin: false };
const ADMIN = { projectId: "admin", isAdmin: true };

const SSH: RuleSpec = {
  direction: "ingress",
  ethertype: "IPv4",
  protocol: "TCP",
  port_range_min: 22,
  port_range_max: 22,
  remote_ip_prefix: "0.0.0.0/0",
  remote_group_id: null,
};

async function withKv(body: (kv: Deno.Kv) => Promise<void>) {
  const kv = await Deno.openKv(":memory:");
  try {
    await body(kv);
  } finally {
    kv.close();
  }
}

Deno.test("a project has its derived default group until a write stores it, same ids", async () => {
  await withKv(async (kv) => {
    const derived = defaultSecurityGroup("p1");
    assert.deepEqual(await projectSecurityGroups(kv, "p1"), [derived]);
    assert.equal(await readSecurityGroup(kv, derived.id), null);
    const rule = await addSecurityGroupRule(kv, derived.id, P1, SSH, NOW);
    assert.equal(rule.protocol, "tcp");
    assert.equal(rule.created_at, "2026-01-01T00:00:00Z");
    const stored = await readSecurityGroup(kv, derived.id);
    assert.deepEqual(stored?.rules.slice(0, 4).map((r) => r.id), derived.rules.map((r) => r.id));
    assert.equal(stored?.rules.length, 5);
    const [listed] = await projectSecurityGroups(kv, "p1");
    assert.equal(listed.id, derived.id);
    assert.equal(listed.rules.length, 5);
    assert.deepEqual((await getSecurityGroupRule(kv, rule.id, P1))?.rule, rule);
    assert.equal(await getSecurityGroupRule(kv, rule.id, P2), null);
    await deleteSecurityGroupRule(kv, derived.rules[2].id, P1);
    assert.equal((await getSecurityGroup(kv, derived.id, P1))?.rules.length, 4);
  });
});

Deno.test("groups are found by id where seen and by name in the project; twins conflict", async () => {
  await withKv(async (kv) => {
    const web = await createSecurityGroup(kv, "p1", "web", "", NOW);
    assert.deepEqual((await findSecurityGroupByNameOrId(kv, P1, "web"))?.id, web.id);
    assert.deepEqual((await findSecurityGroupByNameOrId(kv, P1, web.id))?.id, web.id);
    assert.equal(await findSecurityGroupByNameOrId(kv, P2, web.id), null);
    assert.equal(await findSecurityGroupByNameOrId(kv, P2, "web"), null);
    assert.equal((await getSecurityGroup(kv, web.id, ADMIN))?.name, "web");
    await createSecurityGroup(kv, "p1", "web", "", NOW);
    await assert.rejects(findSecurityGroupByNameOrId(kv, P1, "web"), SecurityGroupNameNotUnique);
    const all = await visibleSecurityGroups(kv, ADMIN, true);
    assert.deepEqual(all.map((g) => `${g.project_id}/${g.name}`).sort(), [
      "admin/default",
      "p1/default",
      "p1/web",
      "p1/web",
    ]);
  });
});

Deno.test("Neutron's refusals: reserved name, default's name, default removal, quota", async () => {
  await withKv(async (kv) => {
    await assert.rejects(createSecurityGroup(kv, "p1", "DEFAULT", "", NOW), NeutronConflict);
    const def = defaultSecurityGroup("p1").id;
    await assert.rejects(updateSecurityGroup(kv, def, P1, { name: "x" }, NOW), NeutronConflict);
    const described = await updateSecurityGroup(kv, def, P1, { description: "d" }, NOW);
    assert.equal(described.description, "d");
    await assert.rejects(deleteSecurityGroup(kv, def, P1), NeutronConflict);
    await deleteSecurityGroup(kv, def, { projectId: "p1", isAdmin: true });
    for (let i = 1; i < 10; i++) await createSecurityGroup(kv, "p1", `g${i}`, "", NOW);
    await assert.rejects(
      createSecurityGroup(kv, "p1", "g10", "", NOW),
      (e: Error) => e instanceof NeutronConflict && e.type === "OverQuota",
    );
    assert.equal((await createSecurityGroup(kv, "p2", "g1", "", NOW)).project_id, "p2");
  });
});
