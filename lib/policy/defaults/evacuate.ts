/**
 * Nova's default policy rules for evacuating servers off a failed host.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/evacuate.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN } from "./base.ts";

/** Default rules for evacuating servers off a failed host. */
export const evacuateRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-evacuate",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (evacuate)" },
    ],
  },
];
