/**
 * The policy enforcer: registered defaults, operator overrides and the two compatibility switches
 * (`enforce_scope`, `enforce_new_defaults`) combined into one rule table, plus the checks Nova's
 * API code calls.
 *
 * How the table is built (as oslo.policy's `load_rules` does):
 *
 * 1. Every override is compiled as given; it wins over the registered default of the same name.
 *    Overrides may also define extra helper rules.
 * 2. Each registered default not overridden is compiled from its check string. If it has a
 *    deprecated rule:
 *    - when the old rule name is overridden (and differs from the new name), that override is
 *      used instead, unless it is identical to the old default or simply points at the new rule;
 *    - otherwise, with `enforce_new_defaults` off and the check changed, the new check is ORed
 *      with the old one.
 *
 * A rule name that is not in the table resolves to the rule named `default` when an override
 * defines one (oslo's `policy_default_rule`), and otherwise fails closed.
 *
 * @module
 */

import { policyValues, type RequestContext } from "../context/context.ts";
import { NovaFault } from "../errors/fault.ts";
import {
  type Check,
  checkToString,
  evaluateCheck,
  FALSE_CHECK,
  orCheck,
  referencedRules,
  type RuleResolver,
} from "./checks.ts";
import { parseRule, type RuleSource } from "./parser.ts";
import type { RuleDefault, ScopeType } from "./rule-default.ts";

/** Raised by {@link Enforcer.authorize} for a rule name no default registers (a coding error). */
export class PolicyNotRegisteredError extends Error {
  /** The unregistered rule name. */
  readonly rule: string;

  /** Record the rule name that was looked up. */
  constructor(rule: string) {
    super(`Policy rule ${JSON.stringify(rule)} is not registered.`);
    this.name = "PolicyNotRegisteredError";
    this.rule = rule;
  }
}

/** Options for {@link Enforcer}. */
export interface EnforcerOptions {
  /** The registered rule defaults; names must be unique. */
  defaults: readonly RuleDefault[];
  /** Operator overrides (from policy files), rule name -> rule. */
  overrides?: ReadonlyMap<string, RuleSource> | Readonly<Record<string, RuleSource>>;
  /** Refuse rules whose `scopeTypes` exclude the token's scope. Default `true`. */
  enforceScope?: boolean;
  /** Ignore deprecated defaults instead of ORing them in. Default `true`. */
  enforceNewDefaults?: boolean;
  /** Rule used for names not in the table, if defined. Default `"default"`; `null` for none. */
  defaultRule?: string | null;
}

/** Problems found by {@link Enforcer.checkRules}. */
export interface RuleTableProblems {
  /** Rules that refer with `rule:` to a name that is not defined. */
  undefinedReferences: string[];
  /** Rules that take part in a `rule:` reference cycle. */
  cycles: string[];
}

/** Nova's message for a refused policy check. */
export function policyNotAuthorizedMessage(rule: string): string {
  return `Policy doesn't allow ${rule} to be performed.`;
}

/** The target Nova uses when a caller gives none: the caller's own project and user. */
export function defaultTarget(ctx: RequestContext): Record<string, unknown> {
  return { project_id: ctx.projectId, user_id: ctx.userId };
}

/** The credentials a context is checked with: its policy values, plus oslo's `system` alias. */
export function credentialsFor(ctx: RequestContext): Record<string, unknown> {
  return withSystemAlias(policyValues(ctx));
}

function withSystemAlias(creds: Record<string, unknown>): Record<string, unknown> {
  const out = { ...creds };
  if (out.system_scope) out.system = out.system_scope;
  return out;
}

/** The scope of the token behind some credentials: system, domain, else project. */
export function tokenScope(creds: Record<string, unknown>): ScopeType {
  if (creds.system || creds.system_scope) return "system";
  if (creds.domain_id) return "domain";
  return "project";
}

/**
 * Decides whether a request context may perform a policy action.
 *
 * @example
 * ```ts
 * const enforcer = new Enforcer({ defaults: ALL_RULE_DEFAULTS });
 * enforcer.authorize("os_compute_api:os-flavor-manage:create", undefined, ctx); // throws 403
 * ```
 */
export class Enforcer implements RuleResolver {
  /** Whether scope_types are enforced. */
  readonly enforceScope: boolean;
  /** Whether deprecated defaults are ignored. */
  readonly enforceNewDefaults: boolean;
  readonly #registered = new Map<string, RuleDefault>();
  readonly #rules = new Map<string, Check>();
  readonly #defaultRule: string | null;

  /** Build the rule table from defaults, overrides and the two switches. */
  constructor(options: EnforcerOptions) {
    this.enforceScope = options.enforceScope ?? true;
    this.enforceNewDefaults = options.enforceNewDefaults ?? true;
    this.#defaultRule = options.defaultRule === undefined ? "default" : options.defaultRule;

    for (const rule of options.defaults) {
      if (this.#registered.has(rule.name)) {
        throw new Error(`Policy rule ${JSON.stringify(rule.name)} is registered twice.`);
      }
      this.#registered.set(rule.name, rule);
    }

    const overrides = options.overrides instanceof Map
      ? options.overrides as ReadonlyMap<string, RuleSource>
      : new Map(Object.entries(options.overrides ?? {}));
    for (const [name, source] of overrides) this.#rules.set(name, parseRule(source));

    for (const rule of this.#registered.values()) {
      if (!this.#rules.has(rule.name)) {
        this.#rules.set(rule.name, this.#compileDefault(rule, overrides));
      }
    }
  }

  #compileDefault(rule: RuleDefault, overrides: ReadonlyMap<string, RuleSource>): Check {
    const check = parseRule(rule.checkStr);
    const old = rule.deprecatedRule;
    if (old === undefined) return check;
    const oldCheck = parseRule(old.checkStr);
    const oldOverride = old.name !== rule.name ? overrides.get(old.name) : undefined;
    if (oldOverride !== undefined) {
      const overrideCheck = parseRule(oldOverride);
      const text = checkToString(overrideCheck);
      if (text !== checkToString(oldCheck) && text !== `rule:${rule.name}`) return overrideCheck;
    }
    if (!this.enforceNewDefaults && old.checkStr !== rule.checkStr) {
      return orCheck([check, oldCheck]);
    }
    return check;
  }

  /** The compiled rule for a name (following the `default` rule fallback), if any. */
  resolve(name: string): Check | undefined {
    const found = this.#rules.get(name);
    if (found !== undefined) return found;
    if (this.#defaultRule !== null && name !== this.#defaultRule) {
      return this.#rules.get(this.#defaultRule);
    }
    return undefined;
  }

  /** Whether a default is registered under this name. */
  isRegistered(name: string): boolean {
    return this.#registered.has(name);
  }

  /** The registered default for a name. */
  registeredDefault(name: string): RuleDefault | undefined {
    return this.#registered.get(name);
  }

  /** Names of every rule in the table (registered and override-only). */
  ruleNames(): string[] {
    return [...this.#rules.keys()];
  }

  /** The effective rule for a name in canonical text form, e.g. `(role:a or role:b)`. */
  ruleText(name: string): string | undefined {
    const check = this.#rules.get(name);
    return check === undefined ? undefined : checkToString(check);
  }

  /**
   * Whether the token's scope is allowed for a registered rule. Always true when scope
   * enforcement is off or the rule declares no scope types.
   */
  scopeAllows(rule: string, creds: Record<string, unknown>): boolean {
    if (!this.enforceScope) return true;
    const scopes = this.#registered.get(rule)?.scopeTypes;
    if (!scopes || scopes.length === 0) return true;
    return scopes.includes(tokenScope(creds));
  }

  /**
   * Check a rule against a target for raw credentials (the shape of {@link credentialsFor}).
   * Unknown rules fail closed; the scope check applies to registered rules.
   */
  enforceCredentials(
    rule: string,
    target: Record<string, unknown>,
    creds: Record<string, unknown>,
  ): boolean {
    const allCreds = withSystemAlias(creds);
    const check = this.resolve(rule) ?? FALSE_CHECK;
    if (!this.scopeAllows(rule, allCreds)) return false;
    return evaluateCheck(check, target, allCreds, this, new Set([rule]));
  }

  /**
   * Check a rule for a request context. `target` describes the object acted on (usually at least
   * `project_id`); when omitted, the context's own project and user are used, as Nova does.
   */
  enforce(
    rule: string,
    target: Record<string, unknown> | undefined,
    ctx: RequestContext,
  ): boolean {
    return this.enforceCredentials(rule, target ?? defaultTarget(ctx), policyValues(ctx));
  }

  /**
   * Like {@link enforce}, but for use by API code: the rule must be registered, and a refusal
   * (including a token of the wrong scope) raises Nova's 403 fault.
   *
   * @throws {NovaFault} 403 `Policy doesn't allow <rule> to be performed.`
   * @throws {PolicyNotRegisteredError} when the rule has no registered default.
   */
  authorize(
    rule: string,
    target: Record<string, unknown> | undefined,
    ctx: RequestContext,
  ): true {
    if (!this.#registered.has(rule)) throw new PolicyNotRegisteredError(rule);
    if (!this.enforce(rule, target, ctx)) {
      throw new NovaFault(403, policyNotAuthorizedMessage(rule));
    }
    return true;
  }

  /** Find `rule:` references to undefined rules and reference cycles, as oslo's check_rules. */
  checkRules(): RuleTableProblems {
    const undefinedReferences: string[] = [];
    const cycles: string[] = [];
    for (const [name, check] of this.#rules) {
      if (referencedRules(check).some((ref) => !this.#rules.has(ref))) {
        undefinedReferences.push(name);
      }
      if (this.#reachesCycle(check, [])) cycles.push(name);
    }
    return { undefinedReferences, cycles };
  }

  #reachesCycle(check: Check, path: readonly string[]): boolean {
    for (const ref of referencedRules(check)) {
      if (path.includes(ref)) return true;
      const next = this.#rules.get(ref);
      if (next !== undefined && this.#reachesCycle(next, [...path, ref])) return true;
    }
    return false;
  }
}
