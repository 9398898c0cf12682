/**
 * Nova's default policy rules for network interfaces attached to servers.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/attach_interfaces.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER } from "./base.ts";

/** Default rules for network interfaces attached to servers. */
export const attachInterfacesRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-attach-interfaces:list",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-attach-interfaces",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/servers/{server_id}/os-interface" },
    ],
  },
  {
    name: "os_compute_api:os-attach-interfaces:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-attach-interfaces",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "21.0.0",
    },
    operations: [
      { method: "GET", path: "/servers/{server_id}/os-interface/{port_id}" },
    ],
  },
  {
    name: "os_compute_api:os-attach-interfaces:create",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-attach-interfaces",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "21.0.0",
    },
    operations: [
      { method: "POST", path: "/servers/{server_id}/os-interface" },
    ],
  },
  {
    name: "os_compute_api:os-attach-interfaces:delete",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-attach-interfaces",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "21.0.0",
    },
    operations: [
      { method: "DELETE", path: "/servers/{server_id}/os-interface/{port_id}" },
    ],
  },
];
