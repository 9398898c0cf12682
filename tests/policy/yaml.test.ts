import assert from "node:assert/strict";
import { parsePolicyYaml, PolicyYamlError } from "../../lib/policy/yaml.ts";

const asObject = (text: string) => Object.fromEntries(parsePolicyYaml(text));

Deno.test("yaml: a generated-style policy file", () => {
  const text = [
    "---",
    "# Decides is_admin",
    '#"context_is_admin": "role:admin"',
    "",
    '"context_is_admin": "role:admin or role:cloud_admin"',
    "",
    "# Flavor creation",
    '"os_compute_api:os-flavor-manage:create": "rule:context_is_admin"  # trailing comment',
    "...",
    "# after the end marker: only comments",
  ].join("\n");
  assert.deepEqual(asObject(text), {
    context_is_admin: "role:admin or role:cloud_admin",
    "os_compute_api:os-flavor-manage:create": "rule:context_is_admin",
  });
});

Deno.test("yaml: plain keys and values may contain colons and %(...)s", () => {
  assert.deepEqual(
    asObject(
      "os_compute_api:limits: role:reader and project_id:%(project_id)s\r\nx:y:z: role:a\n",
    ),
    {
      "os_compute_api:limits": "role:reader and project_id:%(project_id)s",
      "x:y:z": "role:a",
    },
  );
});

Deno.test("yaml: quoting and escapes", () => {
  assert.deepEqual(
    asObject(
      [
        `'single': 'it''s # not a comment'`,
        `"double": "say \\"hi\\" \\u0041\\t#"`,
        `"any": "@"`,
        `'never': '!'`,
        `plain_hash: role:a#b`,
      ].join("\n"),
    ),
    {
      single: "it's # not a comment",
      double: 'say "hi" A\t#',
      any: "@",
      never: "!",
      plain_hash: "role:a#b",
    },
  );
});

Deno.test("yaml: empty and null values are the always-pass rule", () => {
  assert.deepEqual(asObject("a:\nb: ~\nc: null\nd: ''\ne:   # nothing\n"), {
    a: "",
    b: "",
    c: "",
    d: "",
    e: "",
  });
});

Deno.test("yaml: a repeated key keeps the last value", () => {
  assert.deepEqual(asObject('"a": "role:x"\n"a": "role:y"\n'), { a: "role:y" });
});

Deno.test("yaml: empty documents", () => {
  assert.deepEqual(asObject(""), {});
  assert.deepEqual(asObject("# only comments\n\n"), {});
  assert.deepEqual(asObject("{}\n"), {});
  assert.deepEqual(asObject("---\n{}  # empty\n"), {});
});

Deno.test("yaml: unsupported constructs are refused with the line number", () => {
  const bad: [string, number, RegExp][] = [
    ['"a": "role:x"\n  "b": "role:y"\n', 2, /indented/],
    ['"a":\n  - role:x\n', 2, /indented/],
    ["- role:x\n", 1, /sequences/],
    ['"a": @\n', 1, /must be quoted/],
    ['"a": !\n', 1, /must be quoted/],
    ['"a": [role:x]\n', 1, /must be quoted/],
    ['"a": |\n', 1, /must be quoted/],
    ['"a": "role:x\n', 1, /unterminated/],
    ['"a": true\n', 1, /boolean or number/],
    ['"a": 12\n', 1, /boolean or number/],
    ["just some words\n", 1, /key: value/],
    ['"a": role:x: y\n', 1, /may not contain/],
    ['"a" "b"\n', 1, /expected ':'/],
    ['"a": "x" junk\n', 1, /after the quoted value/],
    ['"a": "x"\n...\n"b": "y"\n', 3, /end-of-document/],
    ['"a": "x"\n---\n"b": "y"\n', 2, /one YAML document/],
    ['\t"a": "x"\n', 1, /indented/],
    ['"a": "bad \\q escape"\n', 1, /unknown escape/],
    ["&anchor a: b\n", 1, /may not start/],
  ];
  for (const [text, line, reason] of bad) {
    assert.throws(
      () => parsePolicyYaml(text),
      (err: unknown) =>
        err instanceof PolicyYamlError && err.line === line && reason.test(err.message),
      JSON.stringify(text),
    );
  }
});
