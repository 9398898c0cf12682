/**
 * Nova's policy engine: an oslo.policy-compatible rule language, Nova's default rules, operator
 * overrides from `policy.yaml` / `policy.d`, and the enforcer API code calls.
 *
 * @example
 * ```ts
 * const enforcer = await createEnforcer({ configDir: "/etc/nova" });
 * ctx.isAdmin = isAdminByPolicy(enforcer, ctx);
 * enforcer.authorize("os_compute_api:limits", { project_id: ctx.projectId }, ctx);
 * ```
 *
 * @module
 */

import { ALL_RULE_DEFAULTS } from "./defaults/mod.ts";
import { Enforcer } from "./enforcer.ts";
import { denoFileSystem, loadPolicyOverrides, type PolicyFileSystem } from "./policy-file.ts";
import type { RuleDefault } from "./rule-default.ts";

export { CONTEXT_IS_ADMIN_RULE, isAdminByPolicy } from "./admin.ts";
export {
  andCheck,
  type Check,
  checkToString,
  evaluateCheck,
  FALSE_CHECK,
  orCheck,
  type RuleResolver,
  TRUE_CHECK,
} from "./checks.ts";
export {
  credentialsFor,
  defaultTarget,
  Enforcer,
  type EnforcerOptions,
  policyNotAuthorizedMessage,
  PolicyNotRegisteredError,
  type RuleTableProblems,
  tokenScope,
} from "./enforcer.ts";
export {
  parseLeaf,
  parseListRule,
  parseRule,
  parseRuleStrict,
  PolicySyntaxError,
  type RuleSource,
} from "./parser.ts";
export {
  denoFileSystem,
  loadPolicyOverrides,
  parsePolicyFile,
  PolicyFileError,
  type PolicyFileSystem,
  type PolicyOverrideOptions,
  type PolicyOverrides,
} from "./policy-file.ts";
export type { DeprecatedRule, PolicyOperation, RuleDefault, ScopeType } from "./rule-default.ts";
export { parsePolicyYaml, PolicyYamlError } from "./yaml.ts";
export { ALL_RULE_DEFAULTS } from "./defaults/mod.ts";
export type { RequestContext } from "../context/context.ts";

/** Options for {@link createEnforcer}; names follow the `[oslo_policy]` configuration options. */
export interface CreateEnforcerOptions {
  /** `policy_file`; `policy.yaml` when omitted. Relative paths are looked up in `configDir`. */
  policyFile?: string;
  /** `policy_dirs`; `["policy.d"]` when omitted. */
  policyDirs?: readonly string[];
  /** Configuration directory (or directories, most preferred first) for relative paths. */
  configDir: string | readonly string[];
  /** `enforce_scope`; Nova's default is `true`. */
  enforceScope?: boolean;
  /** `enforce_new_defaults`; Nova's default is `true`. */
  enforceNewDefaults?: boolean;
  /** Replacement for `Deno.readTextFile` (tests); must throw `Deno.errors.NotFound` if absent. */
  readTextFile?: (path: string) => Promise<string>;
  /** Replacement for listing a directory's files (tests); must throw `Deno.errors.NotFound`. */
  listFiles?: (path: string) => Promise<string[]>;
  /** The registered defaults; all of Nova's when omitted. */
  defaults?: readonly RuleDefault[];
}

/**
 * Build an enforcer from Nova's defaults and the operator's policy files.
 *
 * @throws {PolicyFileError} when an existing policy file cannot be parsed.
 */
export async function createEnforcer(options: CreateEnforcerOptions): Promise<Enforcer> {
  const fs: PolicyFileSystem = {
    readTextFile: options.readTextFile ?? denoFileSystem.readTextFile,
    listFiles: options.listFiles ?? denoFileSystem.listFiles,
  };
  const { rules } = await loadPolicyOverrides({
    policyFile: options.policyFile,
    policyDirs: options.policyDirs,
    configDir: options.configDir,
    fs,
  });
  return new Enforcer({
    defaults: options.defaults ?? ALL_RULE_DEFAULTS,
    overrides: rules,
    enforceScope: options.enforceScope ?? true,
    enforceNewDefaults: options.enforceNewDefaults ?? true,
  });
}
