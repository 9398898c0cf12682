/**
 * Nova's default policy rules for pausing and unpausing servers.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/pause_server.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN } from "./base.ts";

/** Default rules for pausing and unpausing servers. */
export const pauseServerRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-pause-server:pause",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (pause)" },
    ],
  },
  {
    name: "os_compute_api:os-pause-server:unpause",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (unpause)" },
    ],
  },
];
