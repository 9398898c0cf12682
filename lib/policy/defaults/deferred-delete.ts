/**
 * Nova's default policy rules for restoring or force-deleting soft-deleted servers.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/deferred_delete.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { PROJECT_MEMBER_OR_ADMIN, RULE_ADMIN_OR_OWNER } from "./base.ts";

/** Default rules for restoring or force-deleting soft-deleted servers. */
export const deferredDeleteRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-deferred-delete:restore",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-deferred-delete",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "21.0.0",
    },
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (restore)" },
    ],
  },
  {
    name: "os_compute_api:os-deferred-delete:force",
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-deferred-delete",
      checkStr: RULE_ADMIN_OR_OWNER,
      since: "21.0.0",
    },
    operations: [
      { method: "POST", path: "/servers/{server_id}/action (forceDelete)" },
    ],
  },
];
