/**
 * Nova's default policy rules for server action and event history.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/instance_actions.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER } from "./base.ts";

/** Default rules for server action and event history. */
export const instanceActionsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-instance-actions:events:details",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/os-instance-actions/{request_id}" },
    ],
  },
  {
    name: "os_compute_api:os-instance-actions:events",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/os-instance-actions/{request_id}" },
    ],
  },
  {
    name: "os_compute_api:os-instance-actions:list",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-instance-actions",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/servers/{server_id}/os-instance-actions" },
    ],
  },
  {
    name: "os_compute_api:os-instance-actions:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-instance-actions",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/servers/{server_id}/os-instance-actions/{request_id}" },
    ],
  },
];
