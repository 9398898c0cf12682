/**
 * Nova's default policy rules for file shares attached to servers.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/server_shares.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN } from "./base.ts";

/** Default rules for file shares attached to servers. */
export const serverSharesRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-server-shares:index",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/shares" },
    ],
  },
  {
    name: "os_compute_api:os-server-shares:create",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/shares" },
    ],
  },
  {
    name: "os_compute_api:os-server-shares:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/shares/{share_id}" },
    ],
  },
  {
    name: "os_compute_api:os-server-shares:delete",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/servers/{server_id}/shares/{share_id}" },
    ],
  },
];
