/**
 * Nova's default policy rules for the project network proxy listing.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/tenant_networks.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER } from "./base.ts";

/** Default rules for the project network proxy listing. */
export const tenantNetworksRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-tenant-networks:list",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-tenant-networks",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-tenant-networks" },
    ],
  },
  {
    name: "os_compute_api:os-tenant-networks:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-tenant-networks",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-tenant-networks/{network_id}" },
    ],
  },
];
