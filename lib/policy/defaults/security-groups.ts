/**
 * Nova's default policy rules for the security group proxy APIs and server security group actions.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/security_groups.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER } from "./base.ts";

/** Default rules for the security group proxy APIs and server security group actions. */
export const securityGroupsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-security-groups:get",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-security-groups",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-security-groups" },
    ],
  },
  {
    name: "os_compute_api:os-security-groups:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-security-groups",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-security-groups/{security_group_id}" },
    ],
  },
  {
    name: "os_compute_api:os-security-groups:create",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-security-groups",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "POST", path: "/os-security-groups" },
    ],
  },
  {
    name: "os_compute_api:os-security-groups:update",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-security-groups",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "PUT", path: "/os-security-groups/{security_group_id}" },
    ],
  },
  {
    name: "os_compute_api:os-security-groups:delete",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-security-groups",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "DELETE", path: "/os-security-groups/{security_group_id}" },
    ],
  },
  {
    name: "os_compute_api:os-security-groups:rule:create",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-security-groups",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "POST", path: "/os-security-group-rules" },
    ],
  },
  {
    name: "os_compute_api:os-security-groups:rule:delete",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-security-groups",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "DELETE", path: "/os-security-group-rules/{security_group_id}" },
    ],
  },
  {
    name: "os_compute_api:os-security-groups:list",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-security-groups",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/servers/{server_id}/os-security-groups" },
    ],
  },
  {
    name: "os_compute_api:os-security-groups:add",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-security-groups",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (addSecurityGroup)" },
    ],
  },
  {
    name: "os_compute_api:os-security-groups:remove",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-security-groups",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (removeSecurityGroup)" },
    ],
  },
];
