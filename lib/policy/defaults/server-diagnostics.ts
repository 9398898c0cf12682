/**
 * Nova's default policy rules for server diagnostics.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/server_diagnostics.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN } from "./base.ts";

/** Default rules for server diagnostics. */
export const serverDiagnosticsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-server-diagnostics",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/diagnostics" },
    ],
  },
];
