/**
 * Nova's default policy rules for in-progress migrations of one server.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/servers_migrations.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, PROJECT_MANAGER_OR_ADMIN } from "./base.ts";

/** Default rules for in-progress migrations of one server. */
export const serversMigrationsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:servers:migrations:show",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/migrations/{migration_id}" },
    ],
  },
  {
    name: "os_compute_api:servers:migrations:force_complete",
    checkStr: PROJECT_MANAGER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      {
        method: "POST",
        path: "/servers/{server_id}/migrations/{migration_id}/action (force_complete)",
      },
    ],
  },
  {
    name: "os_compute_api:servers:migrations:delete",
    checkStr: PROJECT_MANAGER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/servers/{server_id}/migrations/{migration_id}" },
    ],
  },
  {
    name: "os_compute_api:servers:migrations:index",
    checkStr: PROJECT_MANAGER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/migrations" },
    ],
  },
  {
    name: "os_compute_api:servers:migrations:index:host",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:servers:migrations:index",
      checkStr: ADMIN,
      since: "32.0.0",
    },
    operations: [
      { method: "GET", path: "/servers/{server_id}/migrations" },
    ],
  },
];
