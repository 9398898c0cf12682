/**
 * Nova's default policy rules for host aggregates (listing, changing membership and metadata, image caching).
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/aggregates.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN } from "./base.ts";

/** Default rules for host aggregates (listing, changing membership and metadata, image caching). */
export const aggregatesRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-aggregates:set_metadata",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/os-aggregates/{aggregate_id}/action (set_metadata)" },
    ],
  },
  {
    name: "os_compute_api:os-aggregates:add_host",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/os-aggregates/{aggregate_id}/action (add_host)" },
    ],
  },
  {
    name: "os_compute_api:os-aggregates:create",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/os-aggregates" },
    ],
  },
  {
    name: "os_compute_api:os-aggregates:remove_host",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/os-aggregates/{aggregate_id}/action (remove_host)" },
    ],
  },
  {
    name: "os_compute_api:os-aggregates:update",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "PUT", path: "/os-aggregates/{aggregate_id}" },
    ],
  },
  {
    name: "os_compute_api:os-aggregates:index",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-aggregates" },
    ],
  },
  {
    name: "os_compute_api:os-aggregates:delete",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/os-aggregates/{aggregate_id}" },
    ],
  },
  {
    name: "os_compute_api:os-aggregates:show",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-aggregates/{aggregate_id}" },
    ],
  },
  {
    name: "compute:aggregates:images",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/os-aggregates/{aggregate_id}/images" },
    ],
  },
];
