/**
 * Nova's default policy rules for console connection token lookups.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/console_auth_tokens.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN } from "./base.ts";

/** Default rules for console connection token lookups. */
export const consoleAuthTokensRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-console-auth-tokens",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-console-auth-tokens/{console_token}" },
    ],
  },
];
