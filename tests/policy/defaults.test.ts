import assert from "node:assert/strict";
import { ALL_RULE_DEFAULTS } from "../../lib/policy/defaults/mod.ts";
import { Enforcer } from "../../lib/policy/enforcer.ts";
import { parseRuleStrict } from "../../lib/policy/parser.ts";
import { type PersonaName, personas, PROJECT } from "./_personas.ts";

const ALL = Object.keys(personas) as PersonaName[];

const strict = new Enforcer({ defaults: ALL_RULE_DEFAULTS });
const legacy = new Enforcer({ defaults: ALL_RULE_DEFAULTS, enforceNewDefaults: false });
const noScope = new Enforcer({ defaults: ALL_RULE_DEFAULTS, enforceScope: false });

type TargetFor = (who: PersonaName) => Record<string, unknown>;
const ownProject: TargetFor = (who) => ({ project_id: personas[who].projectId });
const projectA: TargetFor = () => ({ project_id: PROJECT });
const ownUser: TargetFor = (who) => ({ user_id: personas[who].userId });
const someoneElse: TargetFor = () => ({ user_id: "another-user" });
const none: TargetFor = () => ({});

/** Which personas the enforcer lets through for a rule. */
function allowedPersonas(enforcer: Enforcer, rule: string, target: TargetFor): PersonaName[] {
  return ALL.filter((who) => enforcer.enforce(rule, target(who), personas[who]));
}

interface Case {
  rule: string;
  target: TargetFor;
  /** Personas allowed with enforce_new_defaults=true (and scope enforced). */
  strict: PersonaName[];
  /** Personas allowed with enforce_new_defaults=false; same as strict when omitted. */
  legacy?: PersonaName[];
}

const ADMIN_ONLY: PersonaName[] = ["admin"];
const PROJECT_USERS: PersonaName[] = [
  "admin",
  "manager",
  "member",
  "reader",
  "foo",
  "otherMember",
  "otherReader",
  "service",
];
const READERS_OWN: PersonaName[] = [
  "admin",
  "manager",
  "member",
  "reader",
  "otherMember",
  "otherReader",
];

const cases: Case[] = [
  // Flavors: management is admin-only; extra specs are readable by project readers.
  { rule: "os_compute_api:os-flavor-manage:create", target: none, strict: ADMIN_ONLY },
  { rule: "os_compute_api:os-flavor-manage:update", target: none, strict: ADMIN_ONLY },
  { rule: "os_compute_api:os-flavor-manage:delete", target: none, strict: ADMIN_ONLY },
  {
    rule: "os_compute_api:os-flavor-access",
    target: ownProject,
    strict: ADMIN_ONLY,
    // The old rule of the same name was admin_or_owner: any user of the project.
    legacy: PROJECT_USERS,
  },
  { rule: "os_compute_api:os-flavor-access:add_tenant_access", target: none, strict: ADMIN_ONLY },
  {
    rule: "os_compute_api:os-flavor-access:remove_tenant_access",
    target: none,
    strict: ADMIN_ONLY,
  },
  {
    rule: "os_compute_api:os-flavor-extra-specs:index",
    target: ownProject,
    strict: READERS_OWN,
    legacy: PROJECT_USERS,
  },
  {
    rule: "os_compute_api:os-flavor-extra-specs:show",
    target: ownProject,
    strict: READERS_OWN,
    legacy: PROJECT_USERS,
  },
  { rule: "os_compute_api:os-flavor-extra-specs:create", target: none, strict: ADMIN_ONLY },
  { rule: "os_compute_api:os-flavor-extra-specs:update", target: none, strict: ADMIN_ONLY },
  { rule: "os_compute_api:os-flavor-extra-specs:delete", target: none, strict: ADMIN_ONLY },
  // Keypairs belong to users: the owner or an admin.
  ...["index", "create", "delete", "show"].flatMap((op): Case[] => [
    { rule: `os_compute_api:os-keypairs:${op}`, target: ownUser, strict: PROJECT_USERS },
    { rule: `os_compute_api:os-keypairs:${op}`, target: someoneElse, strict: ADMIN_ONLY },
  ]),
  // Limits: anyone for their own project, admins for another.
  { rule: "os_compute_api:limits", target: ownProject, strict: PROJECT_USERS },
  { rule: "os_compute_api:limits:other_project", target: projectA, strict: ADMIN_ONLY },
  // Quotas.
  {
    rule: "os_compute_api:os-quota-sets:show",
    target: ownProject,
    strict: READERS_OWN,
    legacy: PROJECT_USERS,
  },
  {
    rule: "os_compute_api:os-quota-sets:show",
    target: projectA,
    strict: ["admin", "manager", "member", "reader"],
    legacy: ["admin", "manager", "member", "reader", "foo"],
  },
  {
    rule: "os_compute_api:os-quota-sets:detail",
    target: projectA,
    strict: ["admin", "manager", "member", "reader"],
    legacy: ["admin", "manager", "member", "reader", "foo"],
  },
  { rule: "os_compute_api:os-quota-sets:defaults", target: ownProject, strict: PROJECT_USERS },
  { rule: "os_compute_api:os-quota-sets:update", target: projectA, strict: ADMIN_ONLY },
  { rule: "os_compute_api:os-quota-sets:delete", target: projectA, strict: ADMIN_ONLY },
  { rule: "os_compute_api:os-quota-class-sets:show", target: none, strict: ADMIN_ONLY },
  { rule: "os_compute_api:os-quota-class-sets:update", target: none, strict: ADMIN_ONLY },
  // A few server rules, one per base persona.
  {
    rule: "os_compute_api:servers:create",
    target: projectA,
    strict: ["admin", "manager", "member"],
    legacy: ["admin", "manager", "member", "reader", "foo"],
  },
  {
    rule: "os_compute_api:servers:show",
    target: projectA,
    strict: ["admin", "manager", "member", "reader"],
    legacy: ["admin", "manager", "member", "reader", "foo"],
  },
  { rule: "os_compute_api:servers:index:get_all_tenants", target: projectA, strict: ADMIN_ONLY },
  {
    rule: "os_compute_api:os-lock-server:unlock:unlock_override",
    target: projectA,
    strict: ADMIN_ONLY,
  },
  {
    rule: "os_compute_api:os-server-external-events:create",
    target: none,
    strict: ["admin", "service"],
  },
  { rule: "compute:servers:resize:cross_cell", target: projectA, strict: [] },
];

for (const c of cases) {
  const label = `${c.rule} (${c.target.name || "target"})`;
  Deno.test(`defaults: ${label} with enforce_new_defaults=true`, () => {
    assert.deepEqual(allowedPersonas(strict, c.rule, c.target), c.strict);
  });
  Deno.test(`defaults: ${label} with enforce_new_defaults=false`, () => {
    assert.deepEqual(allowedPersonas(legacy, c.rule, c.target), c.legacy ?? c.strict);
  });
}

Deno.test("defaults: system-scoped tokens are refused project-scoped rules", () => {
  const target = { project_id: PROJECT };
  assert.equal(
    strict.enforce("os_compute_api:os-flavor-manage:create", {}, personas.systemAdmin),
    false,
  );
  assert.equal(strict.enforce("os_compute_api:limits", target, personas.systemAdmin), false);
  assert.equal(
    noScope.enforce("os_compute_api:os-flavor-manage:create", {}, personas.systemAdmin),
    true,
  );
  assert.equal(noScope.enforce("os_compute_api:limits", target, personas.systemAdmin), true);
  // Base rules carry no scope, so the admin check itself works for any token.
  assert.equal(strict.enforce("context_is_admin", {}, personas.systemAdmin), true);
});

Deno.test("defaults: project-manager rules", () => {
  const rule = "os_compute_api:os-migrate-server:migrate_live";
  const managerRules = ALL_RULE_DEFAULTS.filter((r) =>
    r.checkStr === "rule:project_manager_or_admin"
  );
  assert.ok(managerRules.length > 0);
  const names = managerRules.map((r) => r.name);
  assert.ok(names.includes(rule), names.join(", "));
  assert.deepEqual(allowedPersonas(strict, rule, projectA), ["admin", "manager"]);
});

Deno.test("defaults: the deprecated os-used-limits override drives limits:other_project", () => {
  const enforcer = new Enforcer({
    defaults: ALL_RULE_DEFAULTS,
    overrides: { "os_compute_api:os-used-limits": "role:member" },
  });
  assert.deepEqual(
    allowedPersonas(enforcer, "os_compute_api:limits:other_project", projectA),
    ["admin", "manager", "member", "otherMember"],
  );
});

Deno.test("defaults: legacy base rules are ORed with their predecessors", () => {
  assert.equal(
    strict.ruleText("project_member_api"),
    "(role:member and project_id:%(project_id)s)",
  );
  assert.equal(
    legacy.ruleText("project_member_api"),
    "((role:member and project_id:%(project_id)s) or (is_admin:True or project_id:%(project_id)s))",
  );
  assert.equal(
    legacy.ruleText("os_compute_api:limits:other_project"),
    "(rule:context_is_admin or rule:admin_api)",
  );
  assert.equal(legacy.ruleText("admin_api"), "is_admin:True");
});

Deno.test("defaults: the full set matches Nova master", () => {
  // Nova master's 214, and this port's own os_compute_api:os-emulator.
  assert.equal(ALL_RULE_DEFAULTS.length, 215);
  const names = ALL_RULE_DEFAULTS.map((r) => r.name);
  assert.equal(new Set(names).size, names.length, "rule names are unique");
  for (const rule of ALL_RULE_DEFAULTS) {
    parseRuleStrict(rule.checkStr);
    if (rule.deprecatedRule) parseRuleStrict(rule.deprecatedRule.checkStr);
    const isBase = !rule.name.includes(":");
    if (!isBase) assert.deepEqual(rule.scopeTypes, ["project"], rule.name);
  }
  const expected = [
    "os_compute_api:servers:index",
    "os_compute_api:servers:detail",
    "os_compute_api:servers:index:get_all_tenants",
    "os_compute_api:servers:detail:get_all_tenants",
    "os_compute_api:servers:allow_all_filters",
    "os_compute_api:servers:show",
    "os_compute_api:servers:show:host_status",
    "os_compute_api:servers:show:host_status:unknown-only",
    "os_compute_api:servers:show:flavor-extra-specs",
    "os_compute_api:servers:create",
    "os_compute_api:servers:create:forced_host",
    "compute:servers:create:requested_destination",
    "os_compute_api:servers:create:attach_volume",
    "os_compute_api:servers:create:attach_network",
    "os_compute_api:servers:create:trusted_certs",
    "os_compute_api:servers:create:zero_disk_flavor",
    "network:attach_external_network",
    "os_compute_api:servers:create_image",
    "os_compute_api:servers:create_image:allow_volume_backed",
    "os_compute_api:servers:delete",
    "os_compute_api:servers:update",
    "os_compute_api:servers:confirm_resize",
    "os_compute_api:servers:revert_resize",
    "os_compute_api:servers:reboot",
    "os_compute_api:servers:resize",
    "os_compute_api:servers:rebuild",
    "os_compute_api:servers:rebuild:trusted_certs",
    "os_compute_api:servers:start",
    "os_compute_api:servers:stop",
    "os_compute_api:servers:trigger_crash_dump",
    "os_compute_api:os-quota-sets:show",
    "os_compute_api:os-quota-class-sets:update",
    "os_compute_api:os-keypairs:index",
    "os_compute_api:limits",
    "os_compute_api:os-services:list",
    "os_compute_api:os-hypervisors:list",
    "os_compute_api:os-aggregates:index",
    "os_compute_api:os-server-groups:create",
    "os_compute_api:os-availability-zone:list",
    "os_compute_api:os-simple-tenant-usage:show",
  ];
  for (const name of expected) assert.ok(names.includes(name), name);
});
