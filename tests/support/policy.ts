/**
 * Nova's default policy for tests, with optional extra rules.
 *
 * @module
 */
import type { PolicyCheck } from "../../lib/compute/runtime_factory.ts";

/** The real enforcer with Nova master's defaults plus `extra` rules. */
export async function testPolicy(extra: Record<string, string>): Promise<PolicyCheck> {
  const mod = await import("../../lib/policy/mod.ts");
  return await mod.createEnforcer({
    configDir: "/nonexistent",
    enforceScope: true,
    enforceNewDefaults: true,
    overrides: extra,
  });
}
