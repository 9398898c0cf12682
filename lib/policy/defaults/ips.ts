/**
 * Nova's default policy rules for server IP address listings.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/ips.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_READER_OR_ADMIN } from "./base.ts";

/** Default rules for server IP address listings. */
export const ipsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:ips:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/ips/{network_label}" },
    ],
  },
  {
    name: "os_compute_api:ips:index",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/ips" },
    ],
  },
];
