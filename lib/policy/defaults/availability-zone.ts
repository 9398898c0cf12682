/**
 * Nova's default policy rules for availability zone listings.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/availability_zone.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, RULE_ANY } from "./base.ts";

/** Default rules for availability zone listings. */
export const availabilityZoneRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-availability-zone:list",
    checkStr: RULE_ANY,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-availability-zone" },
    ],
  },
  {
    name: "os_compute_api:os-availability-zone:detail",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-availability-zone/detail" },
    ],
  },
];
