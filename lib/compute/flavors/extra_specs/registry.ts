/**
 * Every extra-spec rule Nova knows, and the check it runs on each extra spec from microversion
 * 2.86: a known name must carry a valid value; an unknown name inside a known namespace is
 * refused; anything else (no namespace, or a namespace Nova does not own) passes untouched.
 *
 * @module
 */
import { NovaFault } from "../../../http/fault.ts";
import { CAPABILITY_RULES } from "./capabilities.ts";
import { HW_RULES } from "./hw.ts";
import { MISC_RULES, UNNAMESPACED_RULES } from "./misc.ts";
import { RESOURCE_RULES, TRAIT_RULES } from "./placement.ts";
import { QUOTA_RULES } from "./quota.ts";
import { checkValue, type CompiledRule, compileRule, type ExtraSpecRule, whole } from "./rule.ts";

/** All rules, in the order Nova registers their modules. */
export const ALL_RULES: readonly ExtraSpecRule[] = [
  ...MISC_RULES.filter((r) => r.name.startsWith("accel:")),
  ...MISC_RULES.filter((r) => r.name.startsWith("aggregate_instance_extra_specs:")),
  ...CAPABILITY_RULES,
  ...HW_RULES,
  ...MISC_RULES.filter((r) => /^(hw_rng|hw_video):/.test(r.name)),
  ...UNNAMESPACED_RULES,
  ...MISC_RULES.filter((r) => /^(os|pci_passthrough):/.test(r.name)),
  ...QUOTA_RULES,
  ...RESOURCE_RULES,
  ...TRAIT_RULES,
  ...MISC_RULES.filter((r) => r.name.startsWith("vmware:")),
];

const BY_NAME = new Map<string, CompiledRule>();
for (const rule of ALL_RULES) BY_NAME.set(rule.name, compileRule(rule));
const COMPILED = [...BY_NAME.values()];
const NAMESPACES = [...new Set(COMPILED.flatMap((c) => c.namespace ?? []))].map(whole);

/**
 * Validate one extra spec as Nova does from 2.86; throws `NovaFault(400)` with Nova's message.
 *
 * @example
 * ```ts
 * validateExtraSpec("hw:cpu_policy", "dedicated"); // fine
 * validateExtraSpec("hw:cpu_policy", "bogus");
 * // 400 "Validation failed; 'bogus' is not one of: dedicated, shared, mixed."
 * validateExtraSpec("hw:no_such_thing", "1");
 * // 400 "Validation failed; extra spec 'hw:no_such_thing' does not appear to be a valid extra spec."
 * validateExtraSpec("acme:anything", "x"); // fine: not a namespace Nova owns
 * ```
 */
export function validateExtraSpec(name: string, value: string): void {
  const exact = BY_NAME.get(name);
  if (exact) return checkValue(exact, value);
  const templated = COMPILED.find((c) => c.matcher.test(name));
  if (templated) return checkValue(templated, value);
  const colon = name.indexOf(":");
  if (colon < 0) return;
  const namespace = name.slice(0, colon);
  if (!NAMESPACES.some((ns) => ns.test(namespace))) return;
  throw new NovaFault(
    400,
    `Validation failed; extra spec '${name}' does not appear to be a valid extra spec.`,
  );
}
