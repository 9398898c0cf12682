/**
 * Nova's default policy rules for usage reports.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/simple_tenant_usage.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, PROJECT_READER_OR_ADMIN } from "./base.ts";

/** Default rules for usage reports. */
export const simpleTenantUsageRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-simple-tenant-usage:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-simple-tenant-usage/{tenant_id}" },
    ],
  },
  {
    name: "os_compute_api:os-simple-tenant-usage:list",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-simple-tenant-usage" },
    ],
  },
];
