/**
 * `os-security-group-rules` over real HTTP (2.1–2.35): Nova builds ingress rules from a CIDR or a
 * source group with its checks and messages, Neutron stores them, the group shows them in Nova's
 * format, and a delete removes them; capped past 2.35.
 */
import assert from "node:assert/strict";
import { defaultSecurityGroup } from "../../../lib/networks/security_groups.ts";
import type { Harness, Persona } from "../../support/compute.ts";
import { start } from "../servers/_support.ts";
import { assertMatchesSample } from "../../support/samples.ts";

async function withGroup(body: (h: Harness, group: string) => Promise<void>) {
  const h = await start();
  try {
    const res = await h.json("/os-security-groups", {
      as: "member",
      json: { security_group: { name: "web", description: "" } },
    });
    assert.equal(res.status, 200, res.text);
    await body(h, res.body.security_group.id);
  } finally {
    await h.close();
  }
}

function addRule(h: Harness, rule: Record<string, unknown>, as: Persona = "member") {
  return h.json("/os-security-group-rules", { as, json: { security_group_rule: rule } });
}

Deno.test("os-security-group-rules: a CIDR rule as in Nova's sample, shown in its group", async () => {
  await withGroup(async (h, group) => {
    const res = await addRule(h, {
      parent_group_id: group,
      ip_protocol: "tcp",
      from_port: 22,
      to_port: 22,
      cidr: "10.0.0.0/24",
    });
    assert.equal(res.status, 200, res.text);
    await assertMatchesSample(res.body, "os-security-groups/security-group-rules-post-resp.json");
    const rule = res.body.security_group_rule;
    assert.deepEqual({ ...rule, id: "x" }, {
      from_port: 22,
      group: {},
      id: "x",
      ip_protocol: "tcp",
      ip_range: { cidr: "10.0.0.0/24" },
      parent_group_id: group,
      to_port: 22,
    });
    const show = await h.json(`/os-security-groups/${group}`, { as: "reader" });
    assert.deepEqual(show.body.security_group.rules, [rule]);
    // Nova's own duplicate check (same case), then Neutron's (403, its message).
    const same = await addRule(h, {
      parent_group_id: group,
      ip_protocol: "tcp",
      from_port: "22",
      to_port: 22,
      cidr: "10.0.0.0/24",
    });
    assert.equal(same.status, 400, same.text);
    assert.equal(same.body.badRequest.message, `This rule already exists in group ${group}`);
    const upper = await addRule(h, {
      parent_group_id: group,
      ip_protocol: "TCP",
      from_port: 22,
      to_port: 22,
      cidr: "10.0.0.0/24",
    });
    assert.equal(upper.status, 403, upper.text);
    assert.equal(
      upper.body.forbidden.message,
      `Security group rule already exists. Rule id is ${rule.id}.`,
    );
    const del = await h.json(`/os-security-group-rules/${rule.id}`, {
      as: "member",
      method: "DELETE",
    });
    assert.equal(del.status, 202, del.text);
    const after = await h.json(`/os-security-groups/${group}`, { as: "reader" });
    assert.deepEqual(after.body.security_group.rules, []);
    const again = await h.json(`/os-security-group-rules/${rule.id}`, {
      as: "member",
      method: "DELETE",
    });
    assert.equal(again.status, 404);
    assert.equal(again.body.itemNotFound.message, `Security group rule ${rule.id} does not exist`);
  });
});

Deno.test("os-security-group-rules: a source-group rule opens every port of its protocol", async () => {
  await withGroup(async (h, group) => {
    const def = defaultSecurityGroup("project-a").id;
    const res = await addRule(h, { parent_group_id: def, group_id: group, ip_protocol: "udp" });
    assert.equal(res.status, 200, res.text);
    const rule = res.body.security_group_rule;
    assert.deepEqual({ ...rule, id: "x" }, {
      from_port: 1,
      group: { name: "web", tenant_id: "project-a" },
      id: "x",
      ip_protocol: "udp",
      ip_range: {},
      parent_group_id: def,
      to_port: 65535,
    });
    const icmp = await addRule(h, { parent_group_id: group, group_id: def, ip_protocol: "icmp" });
    assert.equal(icmp.status, 200, icmp.text);
    assert.deepEqual(
      [icmp.body.security_group_rule.from_port, icmp.body.security_group_rule.to_port],
      [-1, -1],
    );
    // The default group (its derived rules kept) now shows the new rule too.
    const shown = await h.json(`/os-security-groups/${def}`, { as: "member" });
    const rules = shown.body.security_group.rules;
    assert.equal(rules.length, 3, JSON.stringify(rules));
    assert.ok(rules.some((r: { id: string }) => r.id === rule.id));
    // Deleting a source group takes the rules that name it.
    const del = await h.json(`/os-security-groups/${group}`, { as: "member", method: "DELETE" });
    assert.equal(del.status, 202, del.text);
    const left = await h.json(`/os-security-groups/${def}`, { as: "member" });
    assert.equal(left.body.security_group.rules.length, 2);
  });
});

Deno.test("os-security-group-rules: Nova's checks and messages", async () => {
  await withGroup(async (h, group) => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ip_protocol: "tcp", from_port: 22, to_port: 22 }, ""],
      [{ cidr: "10.0.0.0/24" }, "Not enough parameters to build a valid rule."],
      [{ ip_protocol: "tcp", cidr: "10.0.0.0/24" }, "Not enough parameters to build a valid rule."],
      [
        { ip_protocol: "tcp", from_port: "a", to_port: 22 },
        "Invalid input received: To and From ports must be integers",
      ],
      [
        { ip_protocol: "icmp", from_port: [1], to_port: 2 },
        "Invalid input received: Type and Code must be integers for ICMP protocol type",
      ],
      [{ ip_protocol: "gre", from_port: 1, to_port: 2 }, "Invalid IP protocol gre."],
      [
        { ip_protocol: "tcp", from_port: 30, to_port: 20 },
        "Invalid port range 30:20. Former value cannot be greater than the later",
      ],
      [
        { ip_protocol: "udp", from_port: 0, to_port: 20 },
        "Invalid port range 0:20. Valid UDP ports should be between 1-65535",
      ],
      [
        { ip_protocol: "icmp", from_port: 0, to_port: 256 },
        "Invalid port range 0:256. For ICMP, the type:code must be valid",
      ],
      [
        { ip_protocol: "tcp", from_port: 1, to_port: 2, cidr: "10.0.0.0/33" },
        "10.0.0.0/33 is not a valid IP network.",
      ],
      [
        { ip_protocol: "tcp", from_port: 1, to_port: 2, cidr: 5 },
        "5 is not a valid IP network.",
      ],
      [
        { ip_protocol: "tcp", from_port: 1, to_port: 2, cidr: "10.0.0.0/0" },
        "Bad prefix for network in cidr 10.0.0.0/0",
      ],
      [
        { ip_protocol: "icmp", from_port: -1, to_port: 3 },
        "ICMP code (port-range-max) 3 is provided but ICMP type (port-range-min) is missing.",
      ],
    ];
    for (const [fields, message] of cases) {
      const res = await addRule(h, { parent_group_id: group, ...fields });
      if (message === "") {
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body.security_group_rule.ip_range, { cidr: "0.0.0.0/0" });
        continue;
      }
      assert.equal(res.status, 400, `${JSON.stringify(fields)}: ${res.text}`);
      assert.equal(res.body.badRequest.message, message, JSON.stringify(fields));
    }
    const v6 = await addRule(h, {
      parent_group_id: group,
      ip_protocol: "tcp",
      from_port: 80,
      to_port: 80,
      cidr: "2001:db8::%2F64".replace("%2F", "/"),
    });
    assert.equal(v6.status, 200, v6.text);
    const quoted = await addRule(h, {
      parent_group_id: group,
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      cidr: "192.168.0.0%2F16",
    });
    assert.equal(quoted.status, 200, quoted.text);
    assert.deepEqual(quoted.body.security_group_rule.ip_range, { cidr: "192.168.0.0/16" });
  });
});

Deno.test("os-security-group-rules: unknown groups 404, ids checked, policy, bad bodies, 2.36", async () => {
  await withGroup(async (h, group) => {
    const nowhere = crypto.randomUUID();
    const parent = await addRule(h, { parent_group_id: nowhere, ip_protocol: "tcp" });
    assert.equal(parent.status, 404);
    assert.equal(parent.body.itemNotFound.message, `Security group ${nowhere} does not exist`);
    const source = await addRule(h, { parent_group_id: group, group_id: nowhere });
    assert.equal(source.status, 404);
    const theirs = await addRule(h, { parent_group_id: group, group_id: group }, "other");
    assert.equal(theirs.status, 404, theirs.text);
    const reader = await addRule(h, { parent_group_id: group, group_id: group }, "reader");
    assert.equal(reader.status, 403, reader.text);
    for (
      const json of [
        null,
        {},
        { security_group_rule: {} },
        { security_group_rule: { parent_group_id: "web" } },
        { security_group_rule: { parent_group_id: group, group_id: "x" } },
        { security_group_rule: [] },
      ]
    ) {
      const res = await h.json("/os-security-group-rules", { as: "member", json });
      assert.equal(res.status, 400, `${JSON.stringify(json)}: ${res.text}`);
    }
    const notId = await h.json("/os-security-group-rules/web", { as: "member", method: "DELETE" });
    assert.equal(notId.status, 400);
    assert.equal(notId.body.badRequest.message, "Security group id should be uuid");
    const past = await h.json("/os-security-group-rules", {
      version: "2.36",
      json: { security_group_rule: { parent_group_id: group } },
    });
    assert.equal(past.status, 404);
  });
});

Deno.test("os-security-group-rules: Neutron's rule quota of 100 a project", async () => {
  await withGroup(async (h, group) => {
    // The default group's 4 rules and the new group's 2 egress rules count.
    for (let port = 1; port <= 94; port++) {
      const res = await addRule(h, {
        parent_group_id: group,
        ip_protocol: "tcp",
        from_port: port,
        to_port: port,
      });
      assert.equal(res.status, 200, res.text);
    }
    const over = await addRule(h, {
      parent_group_id: group,
      ip_protocol: "tcp",
      from_port: 95,
      to_port: 95,
    });
    assert.equal(over.status, 403, over.text);
    assert.equal(
      over.body.forbidden.message,
      "Quota exceeded for resources: ['security_group_rule'].",
    );
  });
});
