/**
 * Response schema of `GET /limits` (Nova's `index_response*` in `schemas/limits.py`): the
 * absolute limits lose the network quotas at 2.36, maxImageMeta at 2.39 and the personality
 * limits at 2.57; `rate` is always an empty list.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { edit, object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const COUNT: SchemaObject = { type: "integer", minimum: -1 };
const NAMES = [
  "maxImageMeta",
  "maxPersonality",
  "maxPersonalitySize",
  "maxSecurityGroups",
  "maxSecurityGroupRules",
  "maxServerMeta",
  "maxServerGroups",
  "maxServerGroupMembers",
  "maxTotalCores",
  "maxTotalFloatingIps",
  "maxTotalInstances",
  "maxTotalKeypairs",
  "maxTotalRAMSize",
  "totalCoresUsed",
  "totalFloatingIpsUsed",
  "totalInstancesUsed",
  "totalRAMUsed",
  "totalSecurityGroupsUsed",
  "totalServerGroupsUsed",
];
const ABSOLUTE = object(Object.fromEntries(NAMES.map((n) => [n, COUNT])));
const ABSOLUTE_236 = edit(ABSOLUTE, [], {
  remove: [
    "maxSecurityGroups",
    "maxSecurityGroupRules",
    "maxTotalFloatingIps",
    "totalFloatingIpsUsed",
    "totalSecurityGroupsUsed",
  ],
});
const ABSOLUTE_239 = edit(ABSOLUTE_236, [], { remove: ["maxImageMeta"] });
const ABSOLUTE_257 = edit(ABSOLUTE_239, [], { remove: ["maxPersonality", "maxPersonalitySize"] });

const limits = (absolute: SchemaObject) =>
  wrap(
    "limits",
    object({
      absolute,
      rate: { type: "array", items: {}, maxItems: 0, additionalItems: false },
    }),
  );

/** `GET /limits`. */
export const LIMITS_RESPONSE: VersionedSchema = [
  ["2.57", limits(ABSOLUTE_257)],
  ["2.39", limits(ABSOLUTE_239)],
  ["2.36", limits(ABSOLUTE_236)],
  ["2.0", limits(ABSOLUTE)],
];
