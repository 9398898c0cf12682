/**
 * Nova's default policy rules for flavor extra specs.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/flavor_extra_specs.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, PROJECT_READER_OR_ADMIN } from "./base.ts";

/** Default rules for flavor extra specs. */
export const flavorExtraSpecsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-flavor-extra-specs:show",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/flavors/{flavor_id}/os-extra_specs/{flavor_extra_spec_key}" },
    ],
  },
  {
    name: "os_compute_api:os-flavor-extra-specs:create",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/flavors/{flavor_id}/os-extra_specs/" },
    ],
  },
  {
    name: "os_compute_api:os-flavor-extra-specs:update",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "PUT", path: "/flavors/{flavor_id}/os-extra_specs/{flavor_extra_spec_key}" },
    ],
  },
  {
    name: "os_compute_api:os-flavor-extra-specs:delete",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/flavors/{flavor_id}/os-extra_specs/{flavor_extra_spec_key}" },
    ],
  },
  {
    name: "os_compute_api:os-flavor-extra-specs:index",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/flavors/{flavor_id}/os-extra_specs/" },
      { method: "POST", path: "/flavors" },
      { method: "GET", path: "/flavors/detail" },
      { method: "GET", path: "/flavors/{flavor_id}" },
      { method: "PUT", path: "/flavors/{flavor_id}" },
    ],
  },
];
