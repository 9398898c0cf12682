/**
 * Nova's default policy rules for the encrypted server password.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/server_password.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER } from "./base.ts";

/** Default rules for the encrypted server password. */
export const serverPasswordRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-server-password:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-server-password",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/servers/{server_id}/os-server-password" },
    ],
  },
  {
    name: "os_compute_api:os-server-password:clear",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-server-password",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "21.0.0",
    },
    operations: [
      { method: "DELETE", path: "/servers/{server_id}/os-server-password" },
    ],
  },
];
