/**
 * Nova's default policy rules for the floating IP pool proxy listing.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/floating_ip_pools.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { RULE_ANY } from "./base.ts";

/** Default rules for the floating IP pool proxy listing. */
export const floatingIpPoolsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-floating-ip-pools",
    checkStr: RULE_ANY,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-floating-ip-pools" },
    ],
  },
];
