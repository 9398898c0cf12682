/**
 * Nova's default policy rules for cold and live migration.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/migrate_server.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, PROJECT_MANAGER_OR_ADMIN } from "./base.ts";

/** Default rules for cold and live migration. */
export const migrateServerRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-migrate-server:migrate",
    checkStr: PROJECT_MANAGER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (migrate)" },
    ],
  },
  {
    name: "os_compute_api:os-migrate-server:migrate:host",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (migrate)" },
    ],
  },
  {
    name: "os_compute_api:os-migrate-server:migrate_live",
    checkStr: PROJECT_MANAGER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (os-migrateLive)" },
    ],
  },
  {
    name: "os_compute_api:os-migrate-server:migrate_live:host",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-migrate-server:migrate_live",
      checkStr: ADMIN,
      since: "32.0.0",
    },
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (os-migrateLive)" },
    ],
  },
];
