import assert from "node:assert/strict";
import { checkToString } from "../../lib/policy/checks.ts";
import {
  parseLeaf,
  parseListRule,
  parseRule,
  parseRuleStrict,
  PolicySyntaxError,
} from "../../lib/policy/parser.ts";

const canon = (rule: string) => checkToString(parseRuleStrict(rule));

Deno.test("parser: single checks and constants", () => {
  assert.equal(canon("@"), "@");
  assert.equal(canon("!"), "!");
  assert.equal(canon(""), "@");
  assert.equal(canon("role:admin"), "role:admin");
  assert.equal(canon("rule:context_is_admin"), "rule:context_is_admin");
  assert.equal(canon("project_id:%(project_id)s"), "project_id:%(project_id)s");
  assert.equal(canon("is_admin:true"), "is_admin:True");
  // Only the first colon separates kind from match.
  assert.equal(canon("role:compute:admin"), "role:compute:admin");
  assert.deepEqual(parseLeaf("role:compute:admin"), { type: "role", match: "compute:admin" });
});

Deno.test("parser: not binds tighter than and, and tighter than or", () => {
  assert.equal(canon("role:a or role:b and role:c"), "(role:a or (role:b and role:c))");
  assert.equal(canon("role:a and role:b or role:c"), "((role:a and role:b) or role:c)");
  assert.equal(
    canon("role:a and role:b or role:c and role:d"),
    "((role:a and role:b) or (role:c and role:d))",
  );
  assert.equal(canon("not role:a and role:b"), "(not role:a and role:b)");
  assert.equal(canon("role:a or not role:b"), "(role:a or not role:b)");
  assert.equal(canon("not not role:a"), "not not role:a");
  assert.equal(canon("role:a or role:b or role:c"), "(role:a or role:b or role:c)");
  assert.equal(canon("role:a and role:b and role:c"), "(role:a and role:b and role:c)");
});

Deno.test("parser: parentheses group, including ones glued to checks", () => {
  assert.equal(canon("(role:a or role:b) and role:c"), "((role:a or role:b) and role:c)");
  assert.equal(canon("not (role:a or role:b)"), "not (role:a or role:b)");
  assert.equal(canon("((role:a))"), "role:a");
  assert.equal(
    canon("(role:a and project_id:%(project_id)s) or role:b"),
    "((role:a and project_id:%(project_id)s) or role:b)",
  );
  assert.equal(
    canon("(rule:context_is_admin) or user_id:%(user_id)s"),
    "(rule:context_is_admin or user_id:%(user_id)s)",
  );
});

Deno.test("parser: operators are case-insensitive", () => {
  assert.equal(canon("role:a AND role:b OR NOT role:c"), "((role:a and role:b) or not role:c)");
});

Deno.test("parser: malformed rules throw strictly and fail closed otherwise", () => {
  const bad = [
    "role:a and",
    "and role:a",
    "role:a or",
    "(role:a",
    "role:a)",
    "role:a role:b",
    "()",
    "not",
    '"quoted"',
    "role:a and 'quoted'",
    " ",
  ];
  for (const rule of bad) {
    assert.throws(() => parseRuleStrict(rule), PolicySyntaxError, rule);
    assert.equal(checkToString(parseRule(rule)), "!", rule);
  }
});

Deno.test("parser: a word without a colon is a failing check, not a syntax error", () => {
  assert.equal(canon("nonsense"), "!");
  assert.equal(canon("nonsense or @"), "(! or @)");
});

Deno.test("parser: remote http checks are kept but marked unsupported", () => {
  const check = parseRuleStrict("http://policy.example.com/check");
  assert.equal(check.type, "unsupported");
  assert.equal(checkToString(check), "http://policy.example.com/check");
});

Deno.test("parser: legacy list-of-lists form", () => {
  assert.equal(checkToString(parseListRule([])), "@");
  assert.equal(checkToString(parseListRule([[]])), "!");
  assert.equal(checkToString(parseListRule(["role:a"])), "role:a");
  assert.equal(
    checkToString(parseRule([["role:a", "role:b"], ["role:c"]])),
    "((role:a and role:b) or role:c)",
  );
  // Inner items are single checks, not expressions.
  assert.equal(checkToString(parseListRule([["role:a or role:b"]])), "role:a or role:b");
});
