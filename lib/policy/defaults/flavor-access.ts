/**
 * Nova's default policy rules for private flavor access lists.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/flavor_access.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, RULE_ADMIN_OR_OWNER } from "./base.ts";

/** Default rules for private flavor access lists. */
export const flavorAccessRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-flavor-access:add_tenant_access",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/flavors/{flavor_id}/action (addTenantAccess)" },
    ],
  },
  {
    name: "os_compute_api:os-flavor-access:remove_tenant_access",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/flavors/{flavor_id}/action (removeTenantAccess)" },
    ],
  },
  {
    name: "os_compute_api:os-flavor-access",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-flavor-access",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/flavors/{flavor_id}/os-flavor-access" },
    ],
  },
];
