import assert from "node:assert/strict";
import { thrown } from "./_assert.ts";
import { ConfigError } from "../../lib/config/errors.ts";
import { type OsloFile, parseOslo } from "../../lib/config/oslo.ts";

/** The parsed sections as plain objects: section → key → values. */
function plain(file: OsloFile): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [section, entries] of file.sections) {
    out[section] = {};
    for (const [key, entry] of entries) out[section][key] = entry.values;
  }
  return out;
}

const parses: Array<
  { name: string; text: string; want: Record<string, Record<string, string[]>> }
> = [
  {
    name: "= and : both assign; whitespace around key and value is stripped",
    text: "[DEFAULT]\n  \ndebug = true\nhost:  example  \nx=1\n",
    want: { DEFAULT: { debug: ["true"], host: ["example"], x: ["1"] } },
  },
  {
    name: "the first of : or = splits",
    text: "[s]\na = b: c\nd: e = f\nurl = http://h:5000/v3\n",
    want: { s: { a: ["b: c"], d: ["e = f"], url: ["http://h:5000/v3"] } },
  },
  {
    name: "values may be empty",
    text: "[s]\nempty =\nalso:\n",
    want: { s: { empty: [""], also: [""] } },
  },
  {
    name: "comments only at line start; inline # is kept",
    text: "# top\n; also\n[s]\n#k = v\n;k2 = v\na = b # c\nd = e ; f\n",
    want: { s: { a: ["b # c"], d: ["e ; f"] } },
  },
  {
    name: "indented lines continue the previous value",
    text: "[s]\nmotd = first\n   second\n\tthird\nnext = 1\n",
    want: { s: { motd: ["first\nsecond\nthird"], next: ["1"] } },
  },
  {
    name: "a continuation of an empty first line keeps the leading newline",
    text: "[s]\nlist =\n  a\n  b\n",
    want: { s: { list: ["\na\nb"] } },
  },
  {
    name: "repeated keys keep every value in order",
    text: "[s]\ndir = a\ndir = b\n[t]\nx = 1\n[s]\ndir = c\n",
    want: { s: { dir: ["a", "b", "c"] }, t: { x: ["1"] } },
  },
  {
    name: "one pair of matching quotes around a value is removed",
    text: `[s]\na = "quoted"\nb = 'single'\nc = "mismatched'\nd = "in"side"\ne = ""\nf = "\n`,
    want: {
      s: { a: ["quoted"], b: ["single"], c: [`"mismatched'`], d: ['in"side'], e: [""], f: [""] },
    },
  },
  {
    name: "section names are kept as written",
    text: "[API]\na = 1\n[api]\nb = 2\n[default]\nc = 3\n",
    want: { API: { a: ["1"] }, api: { b: ["2"] }, default: { c: ["3"] } },
  },
  {
    name: "CRLF line endings",
    text: "[s]\r\na = 1\r\nb = x\r\n  y\r\n",
    want: { s: { a: ["1"], b: ["x\ny"] } },
  },
  {
    name: "paste.deploy files parse: urlmap keys, dotted keys, call: values",
    text: [
      "[composite:osapi_compute]",
      "use = call:nova.api.openstack.urlmap:urlmap_factory",
      "/: oscomputeversions",
      "/v2.1: oscomputeversion_v2",
      "# a comment between entries",
      "/v2.1/+: openstack_compute_api_v21",
      "[filter:cors]",
      "paste.filter_factory = oslo_middleware.cors:filter_factory",
      "oslo_config_project = nova",
    ].join("\n"),
    want: {
      "composite:osapi_compute": {
        use: ["call:nova.api.openstack.urlmap:urlmap_factory"],
        "/": ["oscomputeversions"],
        "/v2.1": ["oscomputeversion_v2"],
        "/v2.1/+": ["openstack_compute_api_v21"],
      },
      "filter:cors": {
        "paste.filter_factory": ["oslo_middleware.cors:filter_factory"],
        oslo_config_project: ["nova"],
      },
    },
  },
];

for (const c of parses) {
  Deno.test(`parseOslo: ${c.name}`, () => {
    assert.deepEqual(plain(parseOslo(c.text, "t.conf")), c.want);
  });
}

Deno.test("parseOslo: records the line of every value and of the last assignment", () => {
  const file = parseOslo("[s]\n\na = 1\nb = x\n  y\na = 2\n", "t.conf");
  assert.deepEqual(file.path, "t.conf");
  assert.deepEqual(file.sections.get("s")?.get("a"), {
    values: ["1", "2"],
    lines: [3, 6],
    line: 6,
  });
  assert.deepEqual(file.sections.get("s")?.get("b"), { values: ["x\ny"], lines: [4], line: 4 });
});

Deno.test("parseOslo: the checked-in paste fixture parses", async () => {
  const path = new URL("../fixtures/config/api-paste.ini", import.meta.url).pathname;
  const file = parseOslo(await Deno.readTextFile(path), path);
  const urlmap = file.sections.get("composite:osapi_compute");
  assert.deepEqual(urlmap?.get("/")?.values, ["oscomputeversions"]);
  assert.deepEqual(urlmap?.get("/v2.1/+")?.values, ["openstack_compute_api_v21"]);
  assert.deepEqual(file.sections.get("composite:metadata")?.get("/")?.values, ["meta"]);
});

const failures: Array<{ name: string; text: string; message: string }> = [
  {
    name: "an assignment before any section",
    text: "# comment\ndebug = true\n[DEFAULT]\n",
    message: 't.conf:2: assignment before any [section] header: "debug = true"',
  },
  {
    name: "a line that is neither header, assignment nor comment",
    text: "[s]\na = 1\n\ngarbage here\n",
    message:
      't.conf:4: expected "key = value", "key: value", a [section] header or a comment, got "garbage here"',
  },
  {
    name: "an empty key",
    text: "[s]\n= value\n",
    message: 't.conf:2: empty key in "= value"',
  },
  {
    name: "a header without its closing bracket",
    text: "[s]\na = 1\n[broken\n",
    message: 't.conf:3: section header must end with "]": "[broken"',
  },
  {
    name: "an empty section name",
    text: "[]\n",
    message: 't.conf:1: empty section name: "[]"',
  },
  {
    name: "a continuation with nothing to continue",
    text: "[s]\n  orphan\n",
    message: 't.conf:2: continuation line with no key to continue: "  orphan"',
  },
  {
    name: "a blank line ends a value, so an indented line after it is an orphan",
    text: "[s]\na = 1\n\n  more\n",
    message: 't.conf:4: continuation line with no key to continue: "  more"',
  },
  {
    name: "a comment ends a value too",
    text: "[s]\na = 1\n# note\n  more\n",
    message: 't.conf:4: continuation line with no key to continue: "  more"',
  },
];

for (const c of failures) {
  Deno.test(`parseOslo rejects ${c.name}`, () => {
    const err = thrown(() => parseOslo(c.text, "t.conf"), ConfigError);
    assert.deepEqual(err.message, c.message);
  });
}
