/**
 * Nova's default policy rules for server NUMA topology.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/server_topology.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, PROJECT_READER_OR_ADMIN } from "./base.ts";

/** Default rules for server NUMA topology. */
export const serverTopologyRules: readonly RuleDefault[] = [
  {
    name: "compute:server:topology:index",
    checkStr: PROJECT_READER_OR_ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/topology" },
    ],
  },
  {
    name: "compute:server:topology:host:index",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/servers/{server_id}/topology" },
    ],
  },
];
