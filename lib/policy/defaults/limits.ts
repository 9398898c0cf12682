/**
 * Nova's default policy rules for the limits API.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/limits.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, RULE_ADMIN_API, RULE_ANY } from "./base.ts";

/** Default rules for the limits API. */
export const limitsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:limits",
    checkStr: RULE_ANY,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/limits" },
    ],
  },
  {
    name: "os_compute_api:limits:other_project",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-used-limits",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/limits" },
    ],
  },
];
