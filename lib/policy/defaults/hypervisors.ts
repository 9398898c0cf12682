/**
 * Nova's default policy rules for hypervisor listings and statistics.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/hypervisors.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, RULE_ADMIN_API } from "./base.ts";

/** Default rules for hypervisor listings and statistics. */
export const hypervisorsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-hypervisors:list",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-hypervisors",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/os-hypervisors" },
    ],
  },
  {
    name: "os_compute_api:os-hypervisors:list-detail",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-hypervisors",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/os-hypervisors/details" },
    ],
  },
  {
    name: "os_compute_api:os-hypervisors:statistics",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-hypervisors",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/os-hypervisors/statistics" },
    ],
  },
  {
    name: "os_compute_api:os-hypervisors:show",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-hypervisors",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/os-hypervisors/{hypervisor_id}" },
    ],
  },
  {
    name: "os_compute_api:os-hypervisors:uptime",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-hypervisors",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/os-hypervisors/{hypervisor_id}/uptime" },
    ],
  },
  {
    name: "os_compute_api:os-hypervisors:search",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-hypervisors",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/os-hypervisors/{hypervisor_hostname_pattern}/search" },
    ],
  },
  {
    name: "os_compute_api:os-hypervisors:servers",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-hypervisors",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/os-hypervisors/{hypervisor_hostname_pattern}/servers" },
    ],
  },
];
