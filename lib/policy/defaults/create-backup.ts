/**
 * Nova's default policy rules for the createBackup server action.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/create_backup.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN } from "./base.ts";

/** Default rules for the createBackup server action. */
export const createBackupRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-create-backup",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (createBackup)" },
    ],
  },
];
