/**
 * Nova's default policy rules for SSH keypairs, which belong to users rather than projects.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/keypairs.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN } from "./base.ts";

/** Default rules for SSH keypairs, which belong to users rather than projects. */
export const keypairsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-keypairs:index",
    checkStr: `(${ADMIN}) or user_id:%(user_id)s`,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-keypairs" },
    ],
  },
  {
    name: "os_compute_api:os-keypairs:create",
    checkStr: `(${ADMIN}) or user_id:%(user_id)s`,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/os-keypairs" },
    ],
  },
  {
    name: "os_compute_api:os-keypairs:delete",
    checkStr: `(${ADMIN}) or user_id:%(user_id)s`,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/os-keypairs/{keypair_name}" },
    ],
  },
  {
    name: "os_compute_api:os-keypairs:show",
    checkStr: `(${ADMIN}) or user_id:%(user_id)s`,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-keypairs/{keypair_name}" },
    ],
  },
];
