/**
 * Nova's default policy rules for the deprecated add/remove fixed IP actions.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/multinic.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN, RULE_ADMIN_OR_OWNER } from "./base.ts";

/** Default rules for the deprecated add/remove fixed IP actions. */
export const multinicRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-multinic:add",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-multinic",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (addFixedIp)" },
    ],
  },
  {
    name: "os_compute_api:os-multinic:remove",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-multinic",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (removeFixedIp)" },
    ],
  },
];
