/**
 * Nova's default policy rules for the volume and snapshot proxy APIs.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/volumes.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER } from "./base.ts";

/** Default rules for the volume and snapshot proxy APIs. */
export const volumesRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-volumes:list",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-volumes",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-volumes" },
    ],
  },
  {
    name: "os_compute_api:os-volumes:create",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-volumes",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "POST", path: "/os-volumes" },
    ],
  },
  {
    name: "os_compute_api:os-volumes:detail",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-volumes",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-volumes/detail" },
    ],
  },
  {
    name: "os_compute_api:os-volumes:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-volumes",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-volumes/{volume_id}" },
    ],
  },
  {
    name: "os_compute_api:os-volumes:delete",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-volumes",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "DELETE", path: "/os-volumes/{volume_id}" },
    ],
  },
  {
    name: "os_compute_api:os-volumes:snapshots:list",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-volumes",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-snapshots" },
    ],
  },
  {
    name: "os_compute_api:os-volumes:snapshots:create",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-volumes",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "POST", path: "/os-snapshots" },
    ],
  },
  {
    name: "os_compute_api:os-volumes:snapshots:detail",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-volumes",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-snapshots/detail" },
    ],
  },
  {
    name: "os_compute_api:os-volumes:snapshots:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-volumes",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-snapshots/{snapshot_id}" },
    ],
  },
  {
    name: "os_compute_api:os-volumes:snapshots:delete",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-volumes",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "22.0.0",
    },
    operations: [
      { method: "DELETE", path: "/os-snapshots/{snapshot_id}" },
    ],
  },
];
