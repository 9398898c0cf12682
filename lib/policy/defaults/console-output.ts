/**
 * Nova's default policy rules for reading a server's console log.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/console_output.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN } from "./base.ts";

/** Default rules for reading a server's console log. */
export const consoleOutputRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-console-output",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (os-getConsoleOutput)" },
    ],
  },
];
