/**
 * Nova's default policy rules for quota classes.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/quota_class_sets.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN } from "./base.ts";

/** Default rules for quota classes. */
export const quotaClassSetsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-quota-class-sets:show",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-quota-class-sets/{quota_class}" },
    ],
  },
  {
    name: "os_compute_api:os-quota-class-sets:update",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "PUT", path: "/os-quota-class-sets/{quota_class}" },
    ],
  },
];
