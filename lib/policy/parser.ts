/**
 * Parser for oslo.policy's rule language.
 *
 * A rule is a whitespace-separated expression of checks (`role:admin`, `rule:x`,
 * `project_id:%(project_id)s`, `@`, `!`) joined by `not`, `and`, `or` (case-insensitive, binding in
 * that order, tightest first) with parentheses for grouping. The empty string always passes. A
 * rule that does not parse fails closed: {@link parseRule} compiles it to the never-pass check, as
 * oslo.policy does, while {@link parseRuleStrict} throws {@link PolicySyntaxError}.
 *
 * The older list-of-lists form (`[["role:a", "role:b"], ["role:c"]]`: outer list OR, inner AND) is
 * accepted too.
 *
 * @module
 */

import { andCheck, type Check, FALSE_CHECK, leafCheck, orCheck, TRUE_CHECK } from "./checks.ts";

/** A rule as written in a policy file: rule-language text, or the legacy list-of-lists form. */
export type RuleSource = string | readonly (string | readonly string[])[];

/** Thrown by {@link parseRuleStrict} when a rule's text is not a well-formed expression. */
export class PolicySyntaxError extends Error {
  /** The rule text that failed to parse. */
  readonly rule: string;

  /** Describe why `rule` could not be parsed. */
  constructor(rule: string, reason: string) {
    super(`Cannot parse policy rule ${JSON.stringify(rule)}: ${reason}`);
    this.name = "PolicySyntaxError";
    this.rule = rule;
  }
}

type Token =
  | { readonly t: "check"; readonly check: Check }
  | { readonly t: "and" | "or" | "not" | "(" | ")" }
  | { readonly t: "string"; readonly text: string };

/**
 * Compile a single `kind:match` check (no operators). `@` and `!` are the constant checks; text
 * without a colon cannot name a check and fails closed.
 */
export function parseLeaf(text: string): Check {
  if (text === "!") return FALSE_CHECK;
  if (text === "@") return TRUE_CHECK;
  const colon = text.indexOf(":");
  if (colon < 0) return FALSE_CHECK;
  return leafCheck(text.slice(0, colon), text.slice(colon + 1));
}

function* tokenize(rule: string): Generator<Token> {
  for (const word of rule.split(/\s+/)) {
    if (word === "") continue;
    let start = 0;
    while (word[start] === "(") {
      yield { t: "(" };
      start++;
    }
    const tok = word.slice(start);
    if (tok === "") continue;
    let end = tok.length;
    while (end > 0 && tok[end - 1] === ")") end--;
    const clean = tok.slice(0, end);
    const lowered = clean.toLowerCase();
    if (lowered === "and" || lowered === "or" || lowered === "not") {
      yield { t: lowered };
    } else if (clean !== "") {
      const first = tok[0];
      if (tok.length >= 2 && (first === '"' || first === "'") && tok.endsWith(first)) {
        // A bare quoted string is not a check; oslo.policy tokenizes it but can never reduce it.
        yield { t: "string", text: tok.slice(1, -1) };
      } else {
        yield { t: "check", check: parseLeaf(clean) };
      }
    }
    for (let i = end; i < tok.length; i++) yield { t: ")" };
  }
}

/** Recursive-descent reader over the token list: or -> and -> not/parentheses/check. */
class ExpressionReader {
  #tokens: Token[];
  #pos = 0;
  #rule: string;

  constructor(rule: string, tokens: Token[]) {
    this.#rule = rule;
    this.#tokens = tokens;
  }

  read(): Check {
    if (this.#tokens.length === 0) this.#fail("no checks found");
    const check = this.#readOr();
    if (this.#pos < this.#tokens.length) {
      this.#fail(`unexpected ${describe(this.#tokens[this.#pos])}`);
    }
    return check;
  }

  #readOr(): Check {
    const parts = [this.#readAnd(false)];
    while (this.#peek()?.t === "or") {
      this.#pos++;
      parts.push(this.#readAnd(true));
    }
    return orCheck(parts);
  }

  /**
   * `spliceGroup`: oslo.policy's reducer, extending `A or (B and C)` with `and D`, appends D to
   * the parenthesized `and` group instead of nesting it. The result means the same either way,
   * but the tree shape decides whether two rules compare equal, so it is reproduced.
   */
  #readAnd(spliceGroup: boolean): Check {
    const parts = [this.#readUnary()];
    while (this.#peek()?.t === "and") {
      this.#pos++;
      parts.push(this.#readUnary());
    }
    const first = parts[0];
    if (spliceGroup && parts.length > 1 && first.type === "and") {
      return andCheck([...first.checks, ...parts.slice(1)]);
    }
    return andCheck(parts);
  }

  #readUnary(): Check {
    const tok = this.#peek();
    if (tok === undefined) this.#fail("expression ends early");
    this.#pos++;
    switch (tok.t) {
      case "not":
        return { type: "not", check: this.#readUnary() };
      case "(": {
        const inner = this.#readOr();
        if (this.#peek()?.t !== ")") this.#fail("missing closing parenthesis");
        this.#pos++;
        return inner;
      }
      case "check":
        return tok.check;
      default:
        this.#fail(`unexpected ${describe(tok)}`);
    }
  }

  #peek(): Token | undefined {
    return this.#tokens[this.#pos];
  }

  #fail(reason: string): never {
    throw new PolicySyntaxError(this.#rule, reason);
  }
}

function describe(tok: Token): string {
  switch (tok.t) {
    case "check":
      return "check";
    case "string":
      return `quoted string ${JSON.stringify(tok.text)}`;
    default:
      return `'${tok.t}'`;
  }
}

/**
 * Compile rule-language text, throwing {@link PolicySyntaxError} when it is malformed.
 *
 * @example
 * ```ts
 * parseRuleStrict("role:admin or (role:member and project_id:%(project_id)s)");
 * ```
 */
export function parseRuleStrict(rule: string): Check {
  if (rule === "") return TRUE_CHECK;
  return new ExpressionReader(rule, [...tokenize(rule)]).read();
}

/** Compile the legacy list-of-lists form: inner lists are ANDed, the outer list ORed. */
export function parseListRule(rule: readonly (string | readonly string[])[]): Check {
  if (rule.length === 0) return TRUE_CHECK;
  const alternatives: Check[] = [];
  for (const inner of rule) {
    const all = typeof inner === "string" ? [inner] : inner;
    if (all.length === 0) continue;
    alternatives.push(andCheck(all.map(parseLeaf)));
  }
  return alternatives.length === 0 ? FALSE_CHECK : orCheck(alternatives);
}

/**
 * Compile a rule in either form, failing closed: malformed text yields the never-pass check.
 *
 * @example
 * ```ts
 * parseRule("");            // always passes
 * parseRule("role:admin and"); // malformed: never passes
 * parseRule([["role:admin"], ["role:member", "project_id:%(project_id)s"]]);
 * ```
 */
export function parseRule(rule: RuleSource): Check {
  if (typeof rule !== "string") return parseListRule(rule);
  try {
    return parseRuleStrict(rule);
  } catch (err) {
    if (err instanceof PolicySyntaxError) return FALSE_CHECK;
    throw err;
  }
}
