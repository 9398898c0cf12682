import assert from "node:assert/strict";
import { PasteError } from "../../lib/paste/error.ts";
import { type IniDocument, parseIni } from "../../lib/paste/ini.ts";

function values(doc: IniDocument, section: string): Record<string, string> {
  const found = section === "DEFAULT" ? doc.defaults : doc.sections.get(section);
  assert.ok(found, `no [${section}]`);
  return Object.fromEntries([...found.options.values()].map((o) => [o.key, o.value]));
}

function parseError(text: string, message: string, line: number): void {
  assert.throws(
    () => parseIni(text, "api-paste.ini"),
    (error: unknown) => {
      assert.ok(error instanceof PasteError);
      assert.equal(error.message, message);
      assert.equal(error.line, line);
      assert.equal(error.file, "api-paste.ini");
      return true;
    },
  );
}

Deno.test("ini: sections and both delimiters, split at the first one", () => {
  const doc = parseIni(
    [
      "[composite:osapi_compute]",
      "use = call:nova.api.openstack.urlmap:urlmap_factory",
      "/: oscomputeversions",
      "/v2.1/+: openstack_compute_api_v21",
      "a = b: c",
      "d: e = f",
      "Mixed_Case=kept",
      "set debug = true",
      "empty =",
    ].join("\n"),
    "x.ini",
  );
  assert.deepEqual([...doc.sections.keys()], ["composite:osapi_compute"]);
  assert.deepEqual(values(doc, "composite:osapi_compute"), {
    use: "call:nova.api.openstack.urlmap:urlmap_factory",
    "/": "oscomputeversions",
    "/v2.1/+": "openstack_compute_api_v21",
    a: "b: c",
    d: "e = f",
    Mixed_Case: "kept",
    "set debug": "true",
    empty: "",
  });
  const use = doc.sections.get("composite:osapi_compute")?.options.get("use");
  assert.equal(use?.line, 2);
  assert.equal(doc.sections.get("composite:osapi_compute")?.line, 1);
});

Deno.test("ini: whole-line comments only; # inside a value stays", () => {
  const doc = parseIni(
    "# top\n; also\n[s]\n  # indented comment\nkey = value # not a comment\n;k = v\n",
    "x.ini",
  );
  assert.deepEqual(values(doc, "s"), { key: "value # not a comment" });
});

Deno.test("ini: continuation lines, blank lines inside, trailing blanks dropped", () => {
  const doc = parseIni(
    [
      "[pipeline:p]",
      "pipeline = cors",
      "    faultwrap",
      "",
      "  # a comment does not end or join the value",
      "    app",
      "",
      "",
      "other = 1",
      "   more",
    ].join("\n"),
    "x.ini",
  );
  assert.deepEqual(values(doc, "pipeline:p"), {
    pipeline: "cors\nfaultwrap\n\napp",
    other: "1\nmore",
  });
});

Deno.test("ini: an indented key right after a header starts a new entry", () => {
  const doc = parseIni("[s]\n  a = 1\n  b = 2\n    c\n", "x.ini");
  assert.deepEqual(values(doc, "s"), { a: "1", b: "2\nc" });
});

Deno.test("ini: [DEFAULT] blocks merge and are kept apart from sections", () => {
  const doc = parseIni(
    "[DEFAULT]\na = 1\n[s]\nx = y\n[DEFAULT]\nb = 2\n[default]\nc = 3\n",
    "x.ini",
  );
  assert.deepEqual(values(doc, "DEFAULT"), { a: "1", b: "2" });
  assert.equal(doc.defaults.line, 1);
  assert.deepEqual([...doc.sections.keys()], ["s", "default"]);
});

Deno.test("ini: CRLF, CR and a byte-order mark", () => {
  const doc = parseIni("\uFEFF[s]\r\na = 1\r\n  2\rb = 3", "x.ini");
  assert.deepEqual(values(doc, "s"), { a: "1\n2", b: "3" });
});

Deno.test("ini: header names are kept as written", () => {
  const doc = parseIni("[app: spaced ]\na = 1\n[x] trailing\nb = 2\n[a]b]\nc = 3\n", "x.ini");
  assert.deepEqual([...doc.sections.keys()], ["app: spaced ", "x", "a]b"]);
});

Deno.test("ini: errors name the file and line", () => {
  parseError(
    "\n# c\nkey = value\n",
    'api-paste.ini:3: expected a [section] header before "key = value"',
    3,
  );
  parseError(
    "[s]\na = 1\njust words\n",
    'api-paste.ini:3: expected "key = value", "key: value" or "[section]", found "just words"',
    3,
  );
  parseError("[s]\n= value\n", 'api-paste.ini:2: entry without a key: "= value"', 2);
  parseError(
    "[s]\na = 1\n[t]\n[s]\n",
    "api-paste.ini:4: section [s] appears twice (first on line 1)",
    4,
  );
  parseError(
    "[s]\na = 1\nb = 2\na: 3\n",
    'api-paste.ini:4: key "a" appears twice in [s] (first on line 2)',
    4,
  );
  parseError("[]\n", 'api-paste.ini:1: expected a [section] header before "[]"', 1);
});

Deno.test("ini: keys are case-sensitive, so A and a are different keys", () => {
  const doc = parseIni("[s]\nA = 1\na = 2\n", "x.ini");
  assert.deepEqual(values(doc, "s"), { A: "1", a: "2" });
});
