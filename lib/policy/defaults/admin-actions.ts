/**
 * Nova's default policy rules for admin-only server actions (reset state, inject network info).
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/admin_actions.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN } from "./base.ts";

/** Default rules for admin-only server actions (reset state, inject network info). */
export const adminActionsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-admin-actions:reset_state",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (os-resetState)" },
    ],
  },
  {
    name: "os_compute_api:os-admin-actions:inject_network_info",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (injectNetworkInfo)" },
    ],
  },
];
