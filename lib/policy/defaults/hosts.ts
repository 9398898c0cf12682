/**
 * Nova's default policy rules for the deprecated os-hosts API.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/hosts.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, RULE_ADMIN_API } from "./base.ts";

/** Default rules for the deprecated os-hosts API. */
export const hostsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-hosts:list",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: { name: "os_compute_api:os-hosts", checkStr: RULE_ADMIN_API, since: "22.0.0" },
    operations: [
      { method: "GET", path: "/os-hosts" },
    ],
  },
  {
    name: "os_compute_api:os-hosts:show",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: { name: "os_compute_api:os-hosts", checkStr: RULE_ADMIN_API, since: "22.0.0" },
    operations: [
      { method: "GET", path: "/os-hosts/{host_name}" },
    ],
  },
  {
    name: "os_compute_api:os-hosts:update",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: { name: "os_compute_api:os-hosts", checkStr: RULE_ADMIN_API, since: "22.0.0" },
    operations: [
      { method: "PUT", path: "/os-hosts/{host_name}" },
    ],
  },
  {
    name: "os_compute_api:os-hosts:reboot",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: { name: "os_compute_api:os-hosts", checkStr: RULE_ADMIN_API, since: "22.0.0" },
    operations: [
      { method: "GET", path: "/os-hosts/{host_name}/reboot" },
    ],
  },
  {
    name: "os_compute_api:os-hosts:shutdown",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: { name: "os_compute_api:os-hosts", checkStr: RULE_ADMIN_API, since: "22.0.0" },
    operations: [
      { method: "GET", path: "/os-hosts/{host_name}/shutdown" },
    ],
  },
  {
    name: "os_compute_api:os-hosts:start",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: { name: "os_compute_api:os-hosts", checkStr: RULE_ADMIN_API, since: "22.0.0" },
    operations: [
      { method: "GET", path: "/os-hosts/{host_name}/startup" },
    ],
  },
];
