import assert from "node:assert/strict";
import { NovaFault } from "../../lib/http/fault.ts";
import { isAdminByPolicy } from "../../lib/policy/admin.ts";
import { ALL_RULE_DEFAULTS } from "../../lib/policy/defaults/mod.ts";
import {
  Enforcer,
  policyNotAuthorizedMessage,
  PolicyNotRegisteredError,
  tokenScope,
} from "../../lib/policy/enforcer.ts";
import type { RuleDefault } from "../../lib/policy/rule-default.ts";
import { makeContext, personas, PROJECT } from "./_personas.ts";

const defaults: RuleDefault[] = [
  { name: "context_is_admin", checkStr: "role:admin" },
  {
    name: "widget:read",
    checkStr: "role:reader and project_id:%(project_id)s",
    scopeTypes: ["project"],
    deprecatedRule: { name: "widget:old", checkStr: "project_id:%(project_id)s" },
  },
  { name: "widget:any", checkStr: "@" },
  { name: "widget:system", checkStr: "role:admin", scopeTypes: ["system"] },
];

Deno.test("enforcer: authorize raises Nova's 403 with the rule in the message", () => {
  const enforcer = new Enforcer({ defaults });
  let err: unknown;
  try {
    enforcer.authorize("widget:read", { project_id: "elsewhere" }, personas.reader);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof NovaFault);
  assert.equal(err.status, 403);
  assert.equal(err.message, "Policy doesn't allow widget:read to be performed.");
  assert.equal(policyNotAuthorizedMessage("x:y"), "Policy doesn't allow x:y to be performed.");
  assert.equal(enforcer.authorize("widget:read", { project_id: PROJECT }, personas.reader), true);
});

Deno.test("enforcer: the default target is the caller's own project and user", () => {
  const enforcer = new Enforcer({ defaults });
  assert.equal(enforcer.enforce("widget:read", undefined, personas.reader), true);
  assert.equal(enforcer.enforce("widget:read", undefined, personas.foo), false);
});

Deno.test("enforcer: unregistered rules", () => {
  const enforcer = new Enforcer({ defaults });
  assert.throws(
    () => enforcer.authorize("widget:nope", {}, personas.admin),
    PolicyNotRegisteredError,
  );
  assert.equal(enforcer.enforce("widget:nope", {}, personas.admin), false);
  // An operator-defined `default` rule catches unknown names, as oslo's policy_default_rule.
  const withDefault = new Enforcer({ defaults, overrides: { default: "role:admin" } });
  assert.equal(withDefault.enforce("widget:nope", {}, personas.admin), true);
  assert.equal(withDefault.enforce("widget:nope", {}, personas.member), false);
  const noDefault = new Enforcer({
    defaults,
    overrides: { default: "@" },
    defaultRule: null,
  });
  assert.equal(noDefault.enforce("widget:nope", {}, personas.admin), false);
});

Deno.test("enforcer: overrides replace defaults and may add helper rules", () => {
  const enforcer = new Enforcer({
    defaults,
    overrides: new Map([["widget:any", "rule:helper"], ["helper", "role:member"]]),
  });
  assert.equal(enforcer.enforce("widget:any", {}, personas.member), true);
  assert.equal(enforcer.enforce("widget:any", {}, personas.reader), false);
  assert.equal(enforcer.ruleText("widget:any"), "rule:helper");
});

Deno.test("enforcer: enforce_new_defaults=false ORs in the deprecated check", () => {
  const strict = new Enforcer({ defaults });
  const legacy = new Enforcer({ defaults, enforceNewDefaults: false });
  assert.equal(strict.ruleText("widget:read"), "(role:reader and project_id:%(project_id)s)");
  assert.equal(
    legacy.ruleText("widget:read"),
    "((role:reader and project_id:%(project_id)s) or project_id:%(project_id)s)",
  );
  assert.equal(strict.enforce("widget:read", { project_id: PROJECT }, personas.foo), false);
  assert.equal(legacy.enforce("widget:read", { project_id: PROJECT }, personas.foo), true);
  // An override of the rule itself is never mixed with the deprecated check.
  const overridden = new Enforcer({
    defaults,
    enforceNewDefaults: false,
    overrides: { "widget:read": "role:admin" },
  });
  assert.equal(overridden.ruleText("widget:read"), "role:admin");
});

Deno.test("enforcer: an override written for the deprecated name still applies", () => {
  const viaOldName = new Enforcer({ defaults, overrides: { "widget:old": "role:foo" } });
  assert.equal(viaOldName.ruleText("widget:read"), "role:foo");
  assert.equal(viaOldName.enforce("widget:read", {}, personas.foo), true);
  // Ignored when it only repeats the old default, or just points at the new rule...
  for (const same of ["project_id:%(project_id)s", "rule:widget:read"]) {
    const e = new Enforcer({ defaults, overrides: { "widget:old": same } });
    assert.equal(e.ruleText("widget:read"), "(role:reader and project_id:%(project_id)s)", same);
  }
  // ...or when the new name is overridden as well.
  const both = new Enforcer({
    defaults,
    overrides: { "widget:old": "role:foo", "widget:read": "role:bar" },
  });
  assert.equal(both.ruleText("widget:read"), "role:bar");
});

Deno.test("enforcer: scope types are checked against the token's scope", () => {
  const scoped = new Enforcer({ defaults });
  const unscoped = new Enforcer({ defaults, enforceScope: false });
  const target = { project_id: PROJECT };
  assert.equal(scoped.enforce("widget:system", target, personas.systemAdmin), true);
  assert.equal(scoped.enforce("widget:system", target, personas.admin), false);
  assert.equal(unscoped.enforce("widget:system", target, personas.admin), true);
  const systemReader = makeContext("sr", null, ["reader"], { systemScope: "all" });
  assert.equal(scoped.enforce("widget:any", target, systemReader), true); // no scope_types
  assert.throws(
    () => scoped.authorize("widget:system", target, personas.admin),
    (err: unknown) =>
      err instanceof NovaFault && err.status === 403 &&
      err.message === "Policy doesn't allow widget:system to be performed.",
  );
});

Deno.test("enforcer: token scope is system, then domain, then project", () => {
  assert.equal(tokenScope({ system_scope: "all", domain_id: "d" }), "system");
  assert.equal(tokenScope({ system: "all" }), "system");
  assert.equal(tokenScope({ domain_id: "d" }), "domain");
  assert.equal(tokenScope({ project_id: "p" }), "project");
  const domainCtx = makeContext("d-admin", null, ["admin"], { domainId: "default" });
  const enforcer = new Enforcer({ defaults });
  assert.equal(enforcer.enforce("widget:system", {}, domainCtx), false);
});

Deno.test("enforcer: rule cycles fail closed and are reported", () => {
  const enforcer = new Enforcer({
    defaults,
    overrides: { "widget:any": "rule:loop_a", loop_a: "rule:loop_b", loop_b: "rule:loop_a" },
  });
  assert.equal(enforcer.enforce("widget:any", {}, personas.admin), false);
  assert.equal(enforcer.enforce("loop_a", {}, personas.admin), false);
  const problems = enforcer.checkRules();
  assert.deepEqual(problems.cycles.sort(), ["loop_a", "loop_b", "widget:any"]);
  assert.deepEqual(problems.undefinedReferences, []);
  const dangling = new Enforcer({ defaults, overrides: { "widget:any": "rule:ghost" } });
  assert.deepEqual(dangling.checkRules().undefinedReferences, ["widget:any"]);
});

Deno.test("enforcer: duplicate defaults are refused", () => {
  assert.throws(() => new Enforcer({ defaults: [...defaults, defaults[1]] }), /twice/);
});

Deno.test("enforcer: Nova's full default set is self-consistent", () => {
  const enforcer = new Enforcer({ defaults: ALL_RULE_DEFAULTS });
  assert.deepEqual(enforcer.checkRules(), { undefinedReferences: [], cycles: [] });
});

Deno.test("isAdminByPolicy follows context_is_admin", () => {
  const enforcer = new Enforcer({ defaults: ALL_RULE_DEFAULTS });
  assert.equal(isAdminByPolicy(enforcer, personas.admin), true);
  assert.equal(isAdminByPolicy(enforcer, makeContext("x", PROJECT, ["Admin"])), true);
  assert.equal(isAdminByPolicy(enforcer, personas.member), false);
  // The incoming flag is ignored: it cannot vouch for itself through is_admin:True.
  const flagged = { ...personas.member, isAdmin: true };
  const legacy = new Enforcer({ defaults: ALL_RULE_DEFAULTS, enforceNewDefaults: false });
  assert.equal(legacy.ruleText("context_is_admin"), "(role:admin or is_admin:True)");
  assert.equal(isAdminByPolicy(legacy, flagged), false);
  const custom = new Enforcer({
    defaults: ALL_RULE_DEFAULTS,
    overrides: { context_is_admin: "role:cloud_admin" },
  });
  assert.equal(isAdminByPolicy(custom, personas.admin), false);
  assert.equal(isAdminByPolicy(custom, makeContext("c", PROJECT, ["cloud_admin"])), true);
});
