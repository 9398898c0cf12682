/**
 * Nova's default policy rules for volumes attached to servers.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/volumes_attachments.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN, SERVICE_ROLE } from "./base.ts";

/** Default rules for volumes attached to servers. */
export const volumesAttachmentsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-volumes-attachments:index",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/os-volume_attachments" },
    ],
  },
  {
    name: "os_compute_api:os-volumes-attachments:create",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/os-volume_attachments" },
    ],
  },
  {
    name: "os_compute_api:os-volumes-attachments:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/os-volume_attachments/{volume_id}" },
    ],
  },
  {
    name: "os_compute_api:os-volumes-attachments:update",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "PUT", path: "/servers/{server_id}/os-volume_attachments/{volume_id}" },
    ],
  },
  {
    name: "os_compute_api:os-volumes-attachments:swap",
    checkStr: SERVICE_ROLE,
    scopeTypes: ["project"],
    operations: [
      { method: "PUT", path: "/servers/{server_id}/os-volume_attachments/{volume_id}" },
    ],
  },
  {
    name: "os_compute_api:os-volumes-attachments:delete",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/servers/{server_id}/os-volume_attachments/{volume_id}" },
    ],
  },
];
