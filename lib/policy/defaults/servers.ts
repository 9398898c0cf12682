/**
 * Nova's default policy rules for the core server APIs.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/servers.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import {
  ADMIN,
  PROJECT_MEMBER_OR_ADMIN,
  PROJECT_READER_OR_ADMIN,
  RULE_ADMIN_OR_OWNER,
  RULE_NOBODY,
} from "./base.ts";

/** Default rules for the core server APIs. */
export const serversRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:servers:index",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers" },
    ],
  },
  {
    name: "os_compute_api:servers:detail",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/detail" },
    ],
  },
  {
    name: "os_compute_api:servers:index:get_all_tenants",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers" },
    ],
  },
  {
    name: "os_compute_api:servers:detail:get_all_tenants",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/detail" },
    ],
  },
  {
    name: "os_compute_api:servers:allow_all_filters",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers" },
      { method: "GET", path: "/servers/detail" },
    ],
  },
  {
    name: "os_compute_api:servers:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}" },
    ],
  },
  {
    name: "os_compute_api:servers:show:flavor-extra-specs",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-flavor-extra-specs:index",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "25.0.0",
    },
    operations: [
      { method: "GET", path: "/servers/detail" },
      { method: "GET", path: "/servers/{server_id}" },
      { method: "PUT", path: "/servers/{server_id}" },
      { method: "POST", path: "/servers/{server_id}/action (rebuild)" },
    ],
  },
  {
    name: "os_compute_api:servers:show:host_status",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}" },
      { method: "GET", path: "/servers/detail" },
      { method: "PUT", path: "/servers/{server_id}" },
      { method: "POST", path: "/servers/{server_id}/action (rebuild)" },
    ],
  },
  {
    name: "os_compute_api:servers:show:host_status:unknown-only",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}" },
      { method: "GET", path: "/servers/detail" },
      { method: "PUT", path: "/servers/{server_id}" },
      { method: "POST", path: "/servers/{server_id}/action (rebuild)" },
    ],
  },
  {
    name: "os_compute_api:servers:create",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers" },
    ],
  },
  {
    name: "os_compute_api:servers:create:forced_host",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers" },
    ],
  },
  {
    name: "compute:servers:create:requested_destination",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers" },
    ],
  },
  {
    name: "os_compute_api:servers:create:attach_volume",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers" },
    ],
  },
  {
    name: "os_compute_api:servers:create:attach_network",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers" },
    ],
  },
  {
    name: "os_compute_api:servers:create:trusted_certs",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers" },
    ],
  },
  {
    name: "os_compute_api:servers:create:zero_disk_flavor",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers" },
    ],
  },
  {
    name: "network:attach_external_network",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers" },
      { method: "POST", path: "/servers/{server_id}/os-interface" },
    ],
  },
  {
    name: "os_compute_api:servers:delete",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/servers/{server_id}" },
    ],
  },
  {
    name: "os_compute_api:servers:update",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "PUT", path: "/servers/{server_id}" },
    ],
  },
  {
    name: "os_compute_api:servers:confirm_resize",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (confirmResize)" },
    ],
  },
  {
    name: "os_compute_api:servers:revert_resize",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (revertResize)" },
    ],
  },
  {
    name: "os_compute_api:servers:reboot",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (reboot)" },
    ],
  },
  {
    name: "os_compute_api:servers:resize",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (resize)" },
    ],
  },
  {
    name: "compute:servers:resize:cross_cell",
    checkStr: RULE_NOBODY,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (resize)" },
    ],
  },
  {
    name: "os_compute_api:servers:rebuild",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (rebuild)" },
    ],
  },
  {
    name: "os_compute_api:servers:rebuild:trusted_certs",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (rebuild)" },
    ],
  },
  {
    name: "os_compute_api:servers:create_image",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (createImage)" },
    ],
  },
  {
    name: "os_compute_api:servers:create_image:allow_volume_backed",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (createImage)" },
    ],
  },
  {
    name: "os_compute_api:servers:start",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (os-start)" },
    ],
  },
  {
    name: "os_compute_api:servers:stop",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (os-stop)" },
    ],
  },
  {
    name: "os_compute_api:servers:trigger_crash_dump",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (trigger_crash_dump)" },
    ],
  },
];
