/**
 * The check tree a policy rule compiles to, and its evaluation.
 *
 * Leaf kinds follow oslo.policy plus Nova's own `is_admin` check:
 *
 * - `@` / `!`: always / never.
 * - `rule:<name>`: evaluate another named rule (an unknown name fails closed).
 * - `role:<name>`: the credentials carry that role (case-insensitive; `%(key)s` allowed).
 * - `is_admin:<True|False>`: Nova's check against the context's `is_admin` flag.
 * - `http:` / `https:`: remote checks, not supported here; they always fail.
 * - anything else `<attr>:<match>` is a generic check: the credential attribute named by the
 *   dotted `attr` (or a Python literal such as `'Member'` or `True`) must equal `match` after
 *   `%(key)s` expansion against the target.
 *
 * @module
 */

import { interpolate, literalText, pyStr } from "./pyformat.ts";

/** A compiled policy expression. */
export type Check =
  | { readonly type: "true" }
  | { readonly type: "false" }
  | { readonly type: "not"; readonly check: Check }
  | { readonly type: "and"; readonly checks: readonly Check[] }
  | { readonly type: "or"; readonly checks: readonly Check[] }
  | { readonly type: "rule"; readonly match: string }
  | { readonly type: "role"; readonly match: string }
  | { readonly type: "is_admin"; readonly match: string; readonly expected: boolean }
  | { readonly type: "generic"; readonly kind: string; readonly match: string }
  | { readonly type: "unsupported"; readonly kind: string; readonly match: string };

/** The always-pass check (`@`, or an empty rule). */
export const TRUE_CHECK: Check = Object.freeze({ type: "true" });
/** The always-fail check (`!`, or anything that cannot be understood). */
export const FALSE_CHECK: Check = Object.freeze({ type: "false" });

/** Check kinds that oslo.policy would send to a remote server; refused here. */
const REMOTE_KINDS = new Set(["http", "https"]);

/**
 * Build the leaf check for one `kind:match` token, choosing the implementation by kind the way
 * oslo.policy's registry does (unregistered kinds become generic checks).
 */
export function leafCheck(kind: string, match: string): Check {
  switch (kind) {
    case "rule":
      return { type: "rule", match };
    case "role":
      return { type: "role", match };
    case "is_admin": {
      const expected = match.toLowerCase() === "true";
      return { type: "is_admin", match: expected ? "True" : "False", expected };
    }
  }
  if (REMOTE_KINDS.has(kind)) return { type: "unsupported", kind, match };
  return { type: "generic", kind, match };
}

/** Combine checks with `and` (a single check is returned as is). */
export function andCheck(checks: readonly Check[]): Check {
  return checks.length === 1 ? checks[0] : { type: "and", checks: [...checks] };
}

/** Combine checks with `or` (a single check is returned as is). */
export function orCheck(checks: readonly Check[]): Check {
  return checks.length === 1 ? checks[0] : { type: "or", checks: [...checks] };
}

/**
 * The canonical text of a check tree, matching oslo.policy's `str()` of the same tree:
 * `@`, `!`, `kind:match`, `not X`, `(A and B)`, `(A or B)`.
 */
export function checkToString(check: Check): string {
  switch (check.type) {
    case "true":
      return "@";
    case "false":
      return "!";
    case "not":
      return `not ${checkToString(check.check)}`;
    case "and":
      return `(${check.checks.map(checkToString).join(" and ")})`;
    case "or":
      return `(${check.checks.map(checkToString).join(" or ")})`;
    case "rule":
      return `rule:${check.match}`;
    case "role":
      return `role:${check.match}`;
    case "is_admin":
      return `is_admin:${check.match}`;
    case "generic":
    case "unsupported":
      return `${check.kind}:${check.match}`;
  }
}

/** Names of every rule a check refers to with `rule:`. */
export function referencedRules(check: Check): string[] {
  switch (check.type) {
    case "rule":
      return [check.match];
    case "not":
      return referencedRules(check.check);
    case "and":
    case "or":
      return check.checks.flatMap(referencedRules);
    default:
      return [];
  }
}

/** What evaluation needs from its surroundings: named rules, for `rule:` checks. */
export interface RuleResolver {
  /** The compiled rule with this name, or `undefined` when none is defined. */
  resolve(name: string): Check | undefined;
}

/**
 * Evaluate a check tree against a target and credentials.
 *
 * A `rule:` check that re-enters a rule already being evaluated fails instead of recursing
 * forever (oslo.policy would overflow the stack on such a cycle).
 */
export function evaluateCheck(
  check: Check,
  target: Record<string, unknown>,
  creds: Record<string, unknown>,
  resolver: RuleResolver,
  active: Set<string> = new Set(),
): boolean {
  switch (check.type) {
    case "true":
      return true;
    case "false":
    case "unsupported":
      return false;
    case "not":
      return !evaluateCheck(check.check, target, creds, resolver, active);
    case "and":
      return check.checks.every((c) => evaluateCheck(c, target, creds, resolver, active));
    case "or":
      return check.checks.some((c) => evaluateCheck(c, target, creds, resolver, active));
    case "rule": {
      if (active.has(check.match)) return false;
      const referenced = resolver.resolve(check.match);
      if (referenced === undefined) return false;
      active.add(check.match);
      try {
        return evaluateCheck(referenced, target, creds, resolver, active);
      } finally {
        active.delete(check.match);
      }
    }
    case "role": {
      const wanted = interpolate(check.match, target);
      if (wanted === null) return false;
      const roles = creds.roles;
      if (!Array.isArray(roles)) return false;
      const lowered = wanted.toLowerCase();
      return roles.some((r) => pyStr(r).toLowerCase() === lowered);
    }
    case "is_admin":
      return creds.is_admin === check.expected;
    case "generic": {
      const wanted = interpolate(check.match, target);
      if (wanted === null) return false;
      const literal = literalText(check.kind);
      if (literal !== null) return literal === wanted;
      return credentialMatches(creds, check.kind.split("."), wanted);
    }
  }
}

/**
 * Walk the credentials along `path`; at the end compare the value's `str()` with `wanted`.
 * A list on the way matches when any of its elements matches the rest of the path.
 */
function credentialMatches(value: unknown, path: readonly string[], wanted: string): boolean {
  if (path.length === 0) return pyStr(value) === wanted;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const [key, ...rest] = path;
  if (!Object.hasOwn(value, key)) return false;
  const next = (value as Record<string, unknown>)[key];
  if (Array.isArray(next)) return next.some((item) => credentialMatches(item, rest, wanted));
  return credentialMatches(next, rest, wanted);
}
