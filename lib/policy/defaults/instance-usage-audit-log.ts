/**
 * Nova's default policy rules for the instance usage audit log.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/instance_usage_audit_log.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, RULE_ADMIN_API } from "./base.ts";

/** Default rules for the instance usage audit log. */
export const instanceUsageAuditLogRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-instance-usage-audit-log:list",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-instance-usage-audit-log",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/os-instance_usage_audit_log" },
    ],
  },
  {
    name: "os_compute_api:os-instance-usage-audit-log:show",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-instance-usage-audit-log",
      checkStr: RULE_ADMIN_API,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/os-instance_usage_audit_log/{before_timestamp}" },
    ],
  },
];
