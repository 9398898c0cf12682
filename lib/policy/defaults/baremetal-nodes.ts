/**
 * Nova's default policy rules for the deprecated bare metal node proxy.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/baremetal_nodes.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN, RULE_ADMIN_API } from "./base.ts";

/** Default rules for the deprecated bare metal node proxy. */
export const baremetalNodesRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-baremetal-nodes:list",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-baremetal-nodes",
      checkStr: RULE_ADMIN_API,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-baremetal-nodes" },
    ],
  },
  {
    name: "os_compute_api:os-baremetal-nodes:show",
    checkStr: ADMIN,
    scopeTypes: ["project"],
    deprecatedRule: {
      name: "os_compute_api:os-baremetal-nodes",
      checkStr: RULE_ADMIN_API,
      since: "22.0.0",
    },
    operations: [
      { method: "GET", path: "/os-baremetal-nodes/{node_id}" },
    ],
  },
];
