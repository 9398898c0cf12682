/**
 * Nova's default policy rules for the legacy extension listing.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/extensions.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { RULE_ANY } from "./base.ts";

/** Default rules for the legacy extension listing. */
export const extensionsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:extensions",
    checkStr: RULE_ANY,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/extensions" },
      { method: "GET", path: "/extensions/{alias}" },
    ],
  },
];
