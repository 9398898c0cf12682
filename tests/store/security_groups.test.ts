/** The stored security group records and their indexes. */
import assert from "node:assert/strict";
import {
  listAllSecurityGroups,
  listProjectSecurityGroups,
  readRuleGroupId,
  readSecurityGroup,
  type SecurityGroupRecord,
  stageSecurityGroup,
  stageSecurityGroupRemoval,
} from "../../lib/store/security_groups.ts";
import { transact } from "../../lib/store/transaction.ts";

const RULE = {
  id: "r1",
  security_group_id: "g1",
  direction: "egress" as const,
  ethertype: "IPv4" as const,
  protocol: null,
  port_range_min: null,
  port_range_max: null,
  remote_ip_prefix: null,
  remote_group_id: null,
  created_at: "2026-01-01T00:00:00Z",
};

const GROUP: SecurityGroupRecord = {
  id: "g1",
  name: "web",
  description: "",
  project_id: "p1",
  rules: [RULE],
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  revision_number: 1,
};

Deno.test("a group is stored with its project and rule indexes, updated and removed", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    await transact(kv, (tx) => Promise.resolve(stageSecurityGroup(tx, null, GROUP)));
    assert.deepEqual(await readSecurityGroup(kv, "g1"), GROUP);
    assert.equal(await readRuleGroupId(kv, "r1"), "g1");
    assert.deepEqual(await listProjectSecurityGroups(kv, "p1"), [GROUP]);
    assert.deepEqual(await listProjectSecurityGroups(kv, "p2"), []);
    const next = { ...GROUP, rules: [{ ...RULE, id: "r2" }] };
    await transact(kv, (tx) => Promise.resolve(stageSecurityGroup(tx, GROUP, next)));
    assert.equal(await readRuleGroupId(kv, "r1"), null);
    assert.equal(await readRuleGroupId(kv, "r2"), "g1");
    assert.deepEqual(await listAllSecurityGroups(kv), [next]);
    await transact(kv, (tx) => Promise.resolve(stageSecurityGroupRemoval(tx, next)));
    assert.equal(await readSecurityGroup(kv, "g1"), null);
    assert.equal(await readRuleGroupId(kv, "r2"), null);
    assert.deepEqual(await listProjectSecurityGroups(kv, "p1"), []);
  } finally {
    kv.close();
  }
});
