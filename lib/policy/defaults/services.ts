/**
 * Nova's default policy rules for compute service records.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/services.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, RULE_ADMIN_API } from "./base.ts";

/** Default rules for compute service records. */
export const servicesRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-services:list",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-services",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/os-services" },
    ],
  },
  {
    name: "os_compute_api:os-services:update",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-services",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "PUT", path: "/os-services/{service_id}" },
    ],
  },
  {
    name: "os_compute_api:os-services:delete",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-services",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "DELETE", path: "/os-services/{service_id}" },
    ],
  },
];
