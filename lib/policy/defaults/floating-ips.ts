/**
 * Nova's default policy rules for the floating IP proxy APIs.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/floating_ips.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER } from "./base.ts";

/** Default rules for the floating IP proxy APIs. */
export const floatingIpsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-floating-ips:add",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-floating-ips",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (addFloatingIp)" },
    ],
  },
  {
    name: "os_compute_api:os-floating-ips:remove",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-floating-ips",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (removeFloatingIp)" },
    ],
  },
  {
    name: "os_compute_api:os-floating-ips:list",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-floating-ips",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-floating-ips" },
    ],
  },
  {
    name: "os_compute_api:os-floating-ips:create",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-floating-ips",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "POST", path: "/os-floating-ips" },
    ],
  },
  {
    name: "os_compute_api:os-floating-ips:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-floating-ips",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-floating-ips/{floating_ip_id}" },
    ],
  },
  {
    name: "os_compute_api:os-floating-ips:delete",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-floating-ips",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "DELETE", path: "/os-floating-ips/{floating_ip_id}" },
    ],
  },
];
