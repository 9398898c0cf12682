/**
 * Nova's default policy rules for remote console creation.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/remote_consoles.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN } from "./base.ts";

/** Default rules for remote console creation. */
export const remoteConsolesRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-remote-consoles",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (os-getSerialConsole)" },
      { method: "POST", path: "/servers/{server_id}/action (os-getSPICEConsole)" },
      { method: "POST", path: "/servers/{server_id}/action (os-getVNCConsole)" },
      { method: "POST", path: "/servers/{server_id}/remote-consoles" },
    ],
  },
];
