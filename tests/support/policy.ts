/**
 * Nova's default policy for tests, with optional extra rules.
 *
 * @module
 */
import { ALL_RULE_DEFAULTS, Enforcer } from "../../lib/policy/mod.ts";
import type { PolicyCheck } from "../../lib/compute/runtime_factory.ts";

/** The real enforcer with Nova master's defaults plus `extra` rules. */
export function testPolicy(extra: Record<string, string>): Promise<PolicyCheck> {
  return Promise.resolve(new Enforcer({ defaults: ALL_RULE_DEFAULTS, overrides: extra }));
}
