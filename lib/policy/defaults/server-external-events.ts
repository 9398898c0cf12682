/**
 * Nova's default policy rules for events sent to Nova by other services.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/server_external_events.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { SERVICE_ROLE } from "./base.ts";

/** Default rules for events sent to Nova by other services. */
export const serverExternalEventsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-server-external-events:create",
    checkStr: SERVICE_ROLE,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/os-server-external-events" },
    ],
  },
];
