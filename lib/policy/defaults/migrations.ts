/**
 * Nova's default policy rules for the os-migrations listing.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/migrations.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, PROJECT_MANAGER_OR_ADMIN } from "./base.ts";

/** Default rules for the os-migrations listing. */
export const migrationsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-migrations:index",
    checkStr: PROJECT_MANAGER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-migrations" },
    ],
  },
  {
    name: "os_compute_api:os-migrations:index:all_projects",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-migrations:index",
      checkStr: ADMIN,
      since: "32.0.0",
    },
    operations: [
      { method: "GET", path: "/os-migrations" },
    ],
  },
  {
    name: "os_compute_api:os-migrations:index:host",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-migrations:index",
      checkStr: ADMIN,
      since: "32.0.0",
    },
    operations: [
      { method: "GET", path: "/os-migrations" },
    ],
  },
];
