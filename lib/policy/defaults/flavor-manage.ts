/**
 * Nova's default policy rules for creating, updating and deleting flavors.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/flavor_manage.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN } from "./base.ts";

/** Default rules for creating, updating and deleting flavors. */
export const flavorManageRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-flavor-manage:create",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/flavors" },
    ],
  },
  {
    name: "os_compute_api:os-flavor-manage:update",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "PUT", path: "/flavors/{flavor_id}" },
    ],
  },
  {
    name: "os_compute_api:os-flavor-manage:delete",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/flavors/{flavor_id}" },
    ],
  },
];
