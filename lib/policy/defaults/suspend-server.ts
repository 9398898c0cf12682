/**
 * Nova's default policy rules for suspending and resuming servers.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/suspend_server.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN } from "./base.ts";

/** Default rules for suspending and resuming servers. */
export const suspendServerRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-suspend-server:resume",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (resume)" },
    ],
  },
  {
    name: "os_compute_api:os-suspend-server:suspend",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (suspend)" },
    ],
  },
];
