/**
 * Nova's default policy rules for shelving and unshelving servers.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/shelve.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, PROJECT_MEMBER_OR_ADMIN } from "./base.ts";

/** Default rules for shelving and unshelving servers. */
export const shelveRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-shelve:shelve",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (shelve)" },
    ],
  },
  {
    name: "os_compute_api:os-shelve:unshelve",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (unshelve)" },
    ],
  },
  {
    name: "os_compute_api:os-shelve:unshelve_to_host",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (unshelve)" },
    ],
  },
  {
    name: "os_compute_api:os-shelve:shelve_offload",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (shelveOffload)" },
    ],
  },
];
