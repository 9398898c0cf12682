import assert from "node:assert/strict";
import { evaluateCheck, type RuleResolver } from "../../lib/policy/checks.ts";
import { parseRule } from "../../lib/policy/parser.ts";
import { interpolate, pyStr } from "../../lib/policy/pyformat.ts";

const noRules: RuleResolver = { resolve: () => undefined };

function allowed(
  rule: string,
  target: Record<string, unknown>,
  creds: Record<string, unknown>,
  resolver: RuleResolver = noRules,
): boolean {
  return evaluateCheck(parseRule(rule), target, creds, resolver);
}

const creds = {
  user_id: "u1",
  project_id: "p1",
  roles: ["Member", "reader"],
  is_admin: false,
  system_scope: null,
  service_roles: ["service"],
};

Deno.test("checks: generic check compares a credential with a target value", () => {
  assert.equal(allowed("project_id:%(project_id)s", { project_id: "p1" }, creds), true);
  assert.equal(allowed("project_id:%(project_id)s", { project_id: "p2" }, creds), false);
  assert.equal(allowed("user_id:%(user_id)s", { user_id: "u1" }, creds), true);
  assert.equal(allowed("user_id:%(user_id)s", { user_id: "u9" }, creds), false);
});

Deno.test("checks: a target key that is missing fails the check", () => {
  assert.equal(allowed("project_id:%(project_id)s", {}, creds), false);
  assert.equal(allowed("role:%(role)s", {}, creds), false);
});

Deno.test("checks: generic check against a literal", () => {
  assert.equal(allowed("project_id:p1", {}, creds), true);
  assert.equal(allowed("project_id:p2", {}, creds), false);
  assert.equal(allowed("system_scope:all", {}, { ...creds, system_scope: "all" }), true);
  assert.equal(allowed("system_scope:all", {}, creds), false);
  assert.equal(allowed("domain_id:%(domain_id)s", { domain_id: "d1" }, { domain_id: "d1" }), true);
});

Deno.test("checks: values compare as Python strings", () => {
  // str(None) == "None" on both sides, as in oslo.policy.
  assert.equal(
    allowed("project_id:%(project_id)s", { project_id: null }, { project_id: null }),
    true,
  );
  assert.equal(allowed("project_id:%(project_id)s", { project_id: 7 }, { project_id: "7" }), true);
  assert.equal(pyStr(true), "True");
  assert.equal(pyStr(["a", 1, null]), "['a', 1, None]");
  assert.equal(interpolate("%(a)s-%%-%(b)s", { a: "x", b: false }), "x-%-False");
  assert.equal(interpolate("%(a)d", { a: 1 }), null);
});

Deno.test("checks: a Python literal on the left is compared with the expanded match", () => {
  assert.equal(allowed("'Member':%(role.name)s", { "role.name": "Member" }, {}), true);
  assert.equal(allowed("'Member':%(role.name)s", { "role.name": "member" }, {}), false);
  assert.equal(allowed("True:%(enabled)s", { enabled: true }, {}), true);
  assert.equal(allowed("True:%(enabled)s", { enabled: false }, {}), false);
  assert.equal(allowed("False:%(enabled)s", { enabled: false }, {}), true);
});

Deno.test("checks: dotted target keys resolve through nested objects", () => {
  const target = { target: { user: { id: "u1" } } };
  assert.equal(allowed("user_id:%(target.user.id)s", target, creds), true);
  assert.equal(allowed("user_id:%(target.user.id)s", { target: { user: {} } }, creds), false);
  // A flat key spelled with dots takes precedence.
  assert.equal(
    allowed(
      "user_id:%(target.user.id)s",
      { "target.user.id": "u1", target: { user: { id: "x" } } },
      creds,
    ),
    true,
  );
});

Deno.test("checks: dotted credential paths and lists in credentials", () => {
  const nested = { user: { id: "u1" }, groups: [{ name: "a" }, { name: "b" }] };
  assert.equal(allowed("user.id:%(uid)s", { uid: "u1" }, nested), true);
  assert.equal(allowed("groups.name:b", {}, nested), true);
  assert.equal(allowed("groups.name:c", {}, nested), false);
  assert.equal(allowed("service_roles:service", {}, creds), true);
  assert.equal(allowed("roles:Member", {}, creds), true);
  // The generic form is case-sensitive, unlike role:.
  assert.equal(allowed("roles:member", {}, creds), false);
});

Deno.test("checks: role matching is case-insensitive and may use the target", () => {
  assert.equal(allowed("role:member", {}, creds), true);
  assert.equal(allowed("role:MEMBER", {}, creds), true);
  assert.equal(allowed("role:Reader", {}, creds), true);
  assert.equal(allowed("role:admin", {}, creds), false);
  assert.equal(allowed("role:%(needed)s", { needed: "READER" }, creds), true);
  assert.equal(allowed("role:member", {}, { roles: undefined }), false);
});

Deno.test("checks: is_admin compares the context flag as a boolean", () => {
  assert.equal(allowed("is_admin:True", {}, { is_admin: true }), true);
  assert.equal(allowed("is_admin:true", {}, { is_admin: true }), true);
  assert.equal(allowed("is_admin:True", {}, { is_admin: false }), false);
  assert.equal(allowed("is_admin:False", {}, { is_admin: false }), true);
  assert.equal(allowed("is_admin:True", {}, { is_admin: null }), false);
  assert.equal(allowed("is_admin:False", {}, { is_admin: null }), false);
});

Deno.test("checks: boolean operators evaluate with the right precedence", () => {
  const c = { roles: ["a"] };
  assert.equal(allowed("role:a or role:b and role:c", {}, c), true);
  assert.equal(allowed("(role:a or role:b) and role:c", {}, c), false);
  assert.equal(allowed("not role:a or role:a", {}, c), true);
  assert.equal(allowed("not (role:a or role:b)", {}, c), false);
  assert.equal(allowed("@", {}, {}), true);
  assert.equal(allowed("!", {}, {}), false);
  assert.equal(allowed("", {}, {}), true);
  assert.equal(allowed("role:a and", {}, c), false);
});

Deno.test("checks: http checks are not supported and fail closed", () => {
  assert.equal(allowed("http://example.com/allow", {}, creds), false);
  assert.equal(allowed("not http://example.com/allow", {}, creds), true);
});

Deno.test("checks: rule references resolve through the resolver and guard cycles", () => {
  const rules: Record<string, string> = {
    admin: "role:admin",
    either: "rule:admin or role:member",
    loop_a: "rule:loop_b",
    loop_b: "rule:loop_a",
    self: "rule:self or role:member",
  };
  const resolver: RuleResolver = {
    resolve: (name) => name in rules ? parseRule(rules[name]) : undefined,
  };
  assert.equal(allowed("rule:either", {}, creds, resolver), true);
  assert.equal(allowed("rule:admin", {}, creds, resolver), false);
  assert.equal(allowed("rule:missing", {}, creds, resolver), false);
  assert.equal(allowed("rule:loop_a", {}, creds, resolver), false);
  assert.equal(allowed("rule:self", {}, creds, resolver), true);
});
