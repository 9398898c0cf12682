/**
 * Nova's default policy rules for per-project quotas.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/quota_sets.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, PROJECT_READER_OR_ADMIN, RULE_ANY } from "./base.ts";

/** Default rules for per-project quotas. */
export const quotaSetsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-quota-sets:update",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "PUT", path: "/os-quota-sets/{tenant_id}" },
    ],
  },
  {
    name: "os_compute_api:os-quota-sets:defaults",
    checkStr: RULE_ANY,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-quota-sets/{tenant_id}/defaults" },
    ],
  },
  {
    name: "os_compute_api:os-quota-sets:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-quota-sets/{tenant_id}" },
    ],
  },
  {
    name: "os_compute_api:os-quota-sets:delete",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/os-quota-sets/{tenant_id}" },
    ],
  },
  {
    name: "os_compute_api:os-quota-sets:detail",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-quota-sets/{tenant_id}/detail" },
    ],
  },
];
