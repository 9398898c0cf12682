/**
 * `[oslo_policy]` options (oslo.policy). `enforce_scope` is kept although current oslo.policy
 * always enforces scope.
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { boolean, string } from "../types.ts";

/** `[oslo_policy]` options. */
export const osloPolicyGroup: OptionGroup = {
  name: "oslo_policy",
  options: [
    {
      name: "enforce_scope",
      type: boolean(),
      default: true,
      deprecatedForRemoval: true,
      help: "Reject requests whose token scope does not match the rule's scope types.",
    },
    {
      name: "enforce_new_defaults",
      type: boolean(),
      default: true,
      help: "Use only the new default rules, not the deprecated ones alongside them.",
    },
    {
      name: "policy_file",
      type: string(),
      default: "policy.yaml",
      help: "The policy file, relative to the configuration directory unless absolute.",
    },
    {
      name: "policy_default_rule",
      type: string(),
      default: "default",
      help: "The rule applied when a requested rule does not exist.",
    },
    {
      name: "policy_dirs",
      type: string(),
      multi: true,
      default: ["policy.d"],
      help: "Directories of further policy files; may be given several times.",
    },
  ],
};
