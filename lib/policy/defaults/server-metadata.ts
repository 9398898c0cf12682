/**
 * Nova's default policy rules for server metadata.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/server_metadata.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN } from "./base.ts";

/** Default rules for server metadata. */
export const serverMetadataRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:server-metadata:index",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/metadata" },
    ],
  },
  {
    name: "os_compute_api:server-metadata:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/metadata/{key}" },
    ],
  },
  {
    name: "os_compute_api:server-metadata:create",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/metadata" },
    ],
  },
  {
    name: "os_compute_api:server-metadata:update_all",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "PUT", path: "/servers/{server_id}/metadata" },
    ],
  },
  {
    name: "os_compute_api:server-metadata:update",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "PUT", path: "/servers/{server_id}/metadata/{key}" },
    ],
  },
  {
    name: "os_compute_api:server-metadata:delete",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/servers/{server_id}/metadata/{key}" },
    ],
  },
];
