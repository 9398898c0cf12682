/**
 * The shape of a registered policy default: what Nova's code declares for each rule before any
 * operator override is applied.
 *
 * @module
 */

/** Token scopes a rule may be restricted to. */
export type ScopeType = "project" | "system" | "domain";

/** One API call a rule guards, for documentation and sample generation. */
export interface PolicyOperation {
  /** HTTP method, upper-case. */
  readonly method: string;
  /** Path template under the compute endpoint, e.g. `/servers/{server_id}`. */
  readonly path: string;
}

/**
 * The check a rule used to have. While `enforce_new_defaults` is off, the old check is ORed with
 * the new default; an operator override written under the old name also still applies.
 */
export interface DeprecatedRule {
  /** The old rule name (may equal the new one when only the check changed). */
  readonly name: string;
  /** The old check string. */
  readonly checkStr: string;
  /** Nova release the old form was deprecated in. */
  readonly since?: string;
}

/** A policy rule as Nova registers it. */
export interface RuleDefault {
  /** Rule name, e.g. `os_compute_api:servers:create`. */
  readonly name: string;
  /** The default check string. */
  readonly checkStr: string;
  /** Token scopes allowed to use the rule; no scope check when absent. */
  readonly scopeTypes?: readonly ScopeType[];
  /** The previous default, when the rule replaced or renamed one. */
  readonly deprecatedRule?: DeprecatedRule;
  /** Set on rules kept only for old overrides and due to be dropped. */
  readonly deprecatedForRemoval?: boolean;
  /** The API calls the rule guards. */
  readonly operations?: readonly PolicyOperation[];
  /** Free-text explanation, when one has been written. */
  readonly description?: string;
}
