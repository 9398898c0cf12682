/**
 * Nova's default policy rules for server groups.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/server_groups.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN } from "./base.ts";

/** Default rules for server groups. */
export const serverGroupsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-server-groups:create",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/os-server-groups" },
    ],
  },
  {
    name: "os_compute_api:os-server-groups:delete",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/os-server-groups/{server_group_id}" },
    ],
  },
  {
    name: "os_compute_api:os-server-groups:index",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-server-groups" },
    ],
  },
  {
    name: "os_compute_api:os-server-groups:index:all_projects",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-server-groups" },
    ],
  },
  {
    name: "os_compute_api:os-server-groups:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-server-groups/{server_group_id}" },
    ],
  },
];
