/**
 * Nova's default policy rules for server tags.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/server_tags.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN } from "./base.ts";

/** Default rules for server tags. */
export const serverTagsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-server-tags:delete_all",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/servers/{server_id}/tags" },
    ],
  },
  {
    name: "os_compute_api:os-server-tags:index",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/tags" },
    ],
  },
  {
    name: "os_compute_api:os-server-tags:update_all",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "PUT", path: "/servers/{server_id}/tags" },
    ],
  },
  {
    name: "os_compute_api:os-server-tags:delete",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/servers/{server_id}/tags/{tag}" },
    ],
  },
  {
    name: "os_compute_api:os-server-tags:update",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "PUT", path: "/servers/{server_id}/tags/{tag}" },
    ],
  },
  {
    name: "os_compute_api:os-server-tags:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/tags/{tag}" },
    ],
  },
];
