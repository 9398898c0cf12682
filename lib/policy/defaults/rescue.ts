/**
 * Nova's default policy rules for rescuing and unrescuing servers.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/rescue.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN, RULE_ADMIN_OR_OWNER } from "./base.ts";

/** Default rules for rescuing and unrescuing servers. */
export const rescueRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-rescue",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (rescue)" },
    ],
  },
  {
    name: "os_compute_api:os-unrescue",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-rescue",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "21.0.0",
    },
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (unrescue)" },
    ],
  },
];
