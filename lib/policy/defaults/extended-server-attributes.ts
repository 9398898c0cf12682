/**
 * Nova's default policy rules for the admin-only extended attributes in server responses.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/extended_server_attributes.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN } from "./base.ts";

/** Default rules for the admin-only extended attributes in server responses. */
export const extendedServerAttributesRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-extended-server-attributes",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{id}" },
      { method: "GET", path: "/servers/detail" },
      { method: "PUT", path: "/servers/{server_id}" },
      { method: "POST", path: "/servers/{server_id}/action (rebuild)" },
    ],
  },
];
