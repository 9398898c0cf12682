/**
 * Nova's default policy rules for locking and unlocking servers.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/lock_server.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, PROJECT_MEMBER_OR_ADMIN } from "./base.ts";

/** Default rules for locking and unlocking servers. */
export const lockServerRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-lock-server:lock",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (lock)" },
    ],
  },
  {
    name: "os_compute_api:os-lock-server:unlock",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (unlock)" },
    ],
  },
  {
    name: "os_compute_api:os-lock-server:unlock:unlock_override",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (unlock)" },
    ],
  },
];
