/**
 * Nova's default policy rules for changing a server's administrator password.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/admin_password.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN } from "./base.ts";

/** Default rules for changing a server's administrator password. */
export const adminPasswordRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-admin-password",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (changePassword)" },
    ],
  },
];
