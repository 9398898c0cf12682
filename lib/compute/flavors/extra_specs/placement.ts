/**
 * Rules for the placement request syntax: `resources{group}:CLASS` amounts and
 * `trait{group}:NAME` requirements, with an optional request-group suffix.
 *
 * @module
 */
import type { ExtraSpecRule } from "./rule.ts";
import { STANDARD_RESOURCE_CLASSES } from "./standard_resource_classes.ts";
import { STANDARD_TRAITS } from "./standard_traits.ts";

/** An optional granular request-group suffix (`resources1:`, `trait_gpu:`). */
const GROUP = "([a-zA-Z0-9_-]{1,64})?";
const CUSTOM = "[A-Z0-9_]+";
const traitValue = { type: "str", enum: ["required", "forbidden"] } as const;

/** `resources*:*` rules. */
export const RESOURCE_RULES: readonly ExtraSpecRule[] = [
  ...STANDARD_RESOURCE_CLASSES.map((rc) => ({
    name: `resources{group}:${rc}`,
    params: { group: GROUP },
    value: { type: "int" } as const,
  })),
  {
    name: "resources{group}:CUSTOM_{resource}",
    params: { group: GROUP, resource: CUSTOM },
    value: { type: "int" },
  },
];

/** `trait*:*` rules. */
export const TRAIT_RULES: readonly ExtraSpecRule[] = [
  ...STANDARD_TRAITS.map((trait) => ({
    name: `trait{group}:${trait}`,
    params: { group: GROUP },
    value: traitValue,
  })),
  {
    name: "trait{group}:CUSTOM_{trait}",
    params: { group: GROUP, trait: CUSTOM },
    value: traitValue,
  },
];
