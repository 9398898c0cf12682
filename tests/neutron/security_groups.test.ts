/**
 * The Neutron subset's security groups over the paste pipeline: what `openstack security group
 * create / rule create / delete` send, with Neutron's statuses and errors, on the same records
 * Nova's proxy reads.
 */
import assert from "node:assert/strict";
import { defaultSecurityGroup } from "../../lib/networks/security_groups.ts";
import { type Harness, startCompute } from "../support/compute.ts";

const DEMO = { token: "demo:demo" };
const OTHER = { token: "other:other" };

async function withNeutron(body: (h: Harness) => Promise<void>) {
  const h = await startCompute({ pipeline: "paste" });
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

const SG = "/network/v2.0/security-groups";
const RULES = "/network/v2.0/security-group-rules";

Deno.test("neutron: create a group, add and delete a rule, delete the group", async () => {
  await withNeutron(async (h) => {
    const created = await h.json(SG, {
      ...DEMO,
      json: { security_group: { name: "web", description: "web servers" } },
    });
    assert.equal(created.status, 201, created.text);
    const group = created.body.security_group;
    assert.equal(group.name, "web");
    assert.equal(group.project_id, "demo");
    assert.deepEqual(
      group.security_group_rules.map((r: { direction: string; ethertype: string }) =>
        `${r.direction}/${r.ethertype}`
      ),
      ["egress/IPv4", "egress/IPv6"],
    );
    const byName = await h.json(`${SG}?name=web`, DEMO);
    assert.deepEqual(byName.body.security_groups.map((g: { id: string }) => g.id), [group.id]);
    assert.equal((await h.json(`${SG}/web`, DEMO)).status, 404);

    const rule = await h.json(RULES, {
      ...DEMO,
      json: {
        security_group_rule: {
          security_group_id: group.id,
          direction: "ingress",
          ethertype: "IPv4",
          protocol: "tcp",
          port_range_min: 22,
          port_range_max: 22,
          remote_ip_prefix: "10.0.0.5/24",
        },
      },
    });
    assert.equal(rule.status, 201, rule.text);
    assert.equal(rule.body.security_group_rule.normalized_cidr, "10.0.0.0/24");
    const ruleId = rule.body.security_group_rule.id;
    const shown = await h.json(`${RULES}/${ruleId}`, DEMO);
    assert.deepEqual(shown.body, rule.body);
    const dup = await h.json(RULES, {
      ...DEMO,
      json: {
        security_group_rule: {
          security_group_id: group.id,
          direction: "ingress",
          protocol: "TCP",
          port_range_min: 22,
          port_range_max: 22,
          remote_ip_prefix: "10.0.0.5/24",
        },
      },
    });
    assert.equal(dup.status, 409, dup.text);
    assert.equal(dup.body.NeutronError.type, "SecurityGroupRuleExists");

    // Nova's proxy sees the same group and its ingress rule.
    const nova = await h.json(`/v2.1/os-security-groups/${group.id}`, DEMO);
    assert.equal(nova.status, 200, nova.text);
    assert.deepEqual(nova.body.security_group.rules.map((r: { id: string }) => r.id), [ruleId]);

    assert.equal((await h.fetch(`${RULES}/${ruleId}`, { ...DEMO, method: "DELETE" })).status, 204);
    assert.equal((await h.json(`${RULES}/${ruleId}`, DEMO)).status, 404);
    assert.equal((await h.json(`${SG}/${group.id}`, OTHER)).status, 404);
    const del = await h.fetch(`${SG}/${group.id}`, { ...DEMO, method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    const gone = await h.json(`${SG}/${group.id}`, DEMO);
    assert.deepEqual(gone.body, {
      NeutronError: {
        type: "SecurityGroupNotFound",
        message: `Security group ${group.id} does not exist`,
        detail: "",
      },
    });
  });
});

Deno.test("neutron: the default group's name is reserved and it cannot be removed by a member", async () => {
  await withNeutron(async (h) => {
    const named = await h.json(SG, { ...DEMO, json: { security_group: { name: "default" } } });
    assert.equal(named.status, 409, named.text);
    assert.equal(named.body.NeutronError.type, "SecurityGroupDefaultAlreadyExists");
    const def = defaultSecurityGroup("demo").id;
    const del = await h.json(`${SG}/${def}`, { ...DEMO, method: "DELETE" });
    assert.equal(del.status, 409, del.text);
    assert.equal(
      del.body.NeutronError.message,
      "Insufficient rights for removing default security group.",
    );
    const renamed = await h.json(`${SG}/${def}`, {
      ...DEMO,
      method: "PUT",
      json: { security_group: { description: "mine" } },
    });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.security_group.description, "mine");
    assert.equal(renamed.body.security_group.security_group_rules.length, 4);
  });
});

Deno.test("neutron: bad bodies and attributes are 400 with Neutron's messages", async () => {
  await withNeutron(async (h) => {
    const group = (await h.json(SG, { ...DEMO, json: { security_group: { name: "g" } } })).body
      .security_group;
    const bad: [unknown, string][] = [
      [{}, "Resource body required"],
      [
        { security_group_rule: { direction: "ingress" } },
        "Failed to parse request. Required attribute 'security_group_id' not specified",
      ],
      [
        { security_group_rule: { security_group_id: group.id, direction: "up" } },
        "Invalid input for direction. Reason: 'up' is not in ['ingress', 'egress'].",
      ],
      [{
        security_group_rule: {
          security_group_id: group.id,
          direction: "ingress",
          port_range_min: 1,
        },
      }, "Must also specify protocol if port range is given."],
      [{
        security_group_rule: {
          security_group_id: group.id,
          direction: "ingress",
          protocol: "tcp",
          port_range_min: 9,
          port_range_max: 1,
        },
      }, "For TCP/UDP protocols, port_range_min must be <= port_range_max"],
      [{
        security_group_rule: {
          security_group_id: group.id,
          direction: "ingress",
          remote_ip_prefix: "::/0",
        },
      }, "Conflicting value ethertype IPv4 for CIDR ::/0"],
      [
        { security_group_rule: { security_group_id: group.id, direction: "ingress", colour: 1 } },
        "Unrecognized attribute(s) 'colour'",
      ],
    ];
    for (const [json, message] of bad) {
      const res = await h.json(RULES, { ...DEMO, json });
      assert.equal(res.status, 400, `${JSON.stringify(json)}: ${res.text}`);
      assert.equal(res.body.NeutronError.message, message);
    }
    const notJson = await h.json(SG, {
      ...DEMO,
      method: "POST",
      body: "{",
      headers: { "content-type": "application/json" },
    });
    assert.equal(notJson.status, 400, notJson.text);
    const wrongName = await h.json(SG, { ...DEMO, json: { security_group: { name: 5 } } });
    assert.equal(wrongName.status, 400, wrongName.text);
    const foreign = await h.json(RULES, {
      ...OTHER,
      json: { security_group_rule: { security_group_id: group.id, direction: "ingress" } },
    });
    assert.equal(foreign.status, 404, foreign.text);
    assert.equal((await h.json(`${SG}/${group.id}/x`, { ...DEMO, json: {} })).status, 405);
  });
});
