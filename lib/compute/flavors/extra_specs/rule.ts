/**
 * One extra-spec rule as data (a name template and what its value may be) and the checks Nova's
 * `ExtraSpecValidator` applies to it from microversion 2.86.
 *
 * Name templates are regular expressions with `{param}` holes, each filled by the parameter's own
 * pattern; like Nova, the literal parts are not escaped (`hw:numa_cpus.{num}`'s dot matches any
 * character).
 *
 * @module
 */
import { NovaFault } from "../../../http/fault.ts";
import { pyIntFromString } from "../../../validation/pynumber.ts";
import { boolFromWord } from "../bool_words.ts";

/** What a value must look like. */
export type ValueRule =
  | { type: "str"; enum?: readonly string[]; pattern?: string }
  | { type: "int"; min?: number; max?: number }
  | { type: "bool" };

/** A rule: `name` may hold `{param}` placeholders described by `params`. */
export interface ExtraSpecRule {
  /** Name template, e.g. `hw:numa_cpus.{num}`. */
  name: string;
  /** Placeholder name -> regular expression. */
  params?: Readonly<Record<string, string>>;
  /** What the value may be. */
  value: ValueRule;
  /** Still accepted, but kept only for compatibility. */
  deprecated?: boolean;
}

/** A rule ready to match: its name expression and its namespace expression (if any). */
export interface CompiledRule {
  /** The rule as written. */
  rule: ExtraSpecRule;
  /** The name template with placeholders replaced by their patterns. */
  source: string;
  /** Whole-string matcher for names. */
  matcher: RegExp;
  /** The part of `source` before the first colon, when there is one. */
  namespace?: string;
  /** Whole-string matcher for values with a pattern. */
  valueMatcher?: RegExp;
}

/** Anchor a pattern so it must match the whole string (Python's `re.fullmatch`). */
export function whole(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, "u");
}

/** Compile a rule's templates once. */
export function compileRule(rule: ExtraSpecRule): CompiledRule {
  let source = rule.name;
  for (const [param, pattern] of Object.entries(rule.params ?? {})) {
    source = source.replaceAll(`{${param}}`, `(${pattern})`);
  }
  const colon = source.indexOf(":");
  const valuePattern = rule.value.type === "str" ? rule.value.pattern : undefined;
  return {
    rule,
    source,
    matcher: whole(source),
    namespace: colon >= 0 ? source.slice(0, colon) : undefined,
    valueMatcher: valuePattern === undefined ? undefined : whole(valuePattern),
  };
}

function fail(message: string): never {
  throw new NovaFault(400, `Validation failed; ${message}`);
}

/**
 * Check a value against a compiled rule; a bad value is a 400 with Nova's message.
 *
 * @example
 * ```ts
 * checkValue(compileRule({ name: "hw:numa_nodes", value: { type: "int", min: 1 } }), "0");
 * // throws NovaFault(400, "Validation failed; '0' is less than the min value of '1'.")
 * ```
 */
export function checkValue(compiled: CompiledRule, value: string): void {
  const rule = compiled.rule.value;
  switch (rule.type) {
    case "int": {
      const n = pyIntFromString(value);
      if (n === null) fail(`'${value}' is not a valid integer value.`);
      if (rule.max !== undefined && BigInt(rule.max) < n) {
        fail(`'${n}' is greater than the max value of '${rule.max}'.`);
      }
      if (rule.min !== undefined && BigInt(rule.min) > n) {
        fail(`'${n}' is less than the min value of '${rule.min}'.`);
      }
      return;
    }
    case "bool": {
      if (boolFromWord(value) === null) {
        fail(`'${value}' is not a valid boolean-like value.`);
      }
      return;
    }
    case "str":
      if (compiled.valueMatcher) {
        if (!compiled.valueMatcher.test(value)) {
          fail(`'${value}' is not of the format '${rule.pattern}'.`);
        }
      } else if (rule.enum && !rule.enum.includes(value)) {
        fail(`'${value}' is not one of: ${rule.enum.join(", ")}.`);
      }
  }
}
