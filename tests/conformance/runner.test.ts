/** The conformance runner's own rules: folders, rows, replay verdicts and the coverage table. */
import assert from "node:assert/strict";
import {
  isResponse,
  mergeKeyed,
  microversion,
  replay,
  type Result,
  type Row,
  runsIn,
} from "./runner.ts";
import { coverageMarkdown, verdict } from "./report.ts";

Deno.test("response samples are told from request samples", () => {
  assert.equal(isResponse("flavors", "flavor-get-resp.json"), true);
  assert.equal(isResponse("servers", "server-create-req.json"), false);
  assert.equal(isResponse("servers", "server-action-rebuild.json"), false);
  assert.equal(isResponse("os-migrations", "migrations-get-with-limit.json"), true);
  assert.equal(isResponse("versions", "v21-version-get-resp.json"), true);
  assert.equal(microversion(""), "2.1");
  assert.equal(microversion("v2.100"), "2.100");
});

Deno.test("a row runs in its folders: dirs, from and below compare minor versions", () => {
  const row: Row = { family: "servers", sample: "s.json", path: "/", from: "v2.9", below: "v2.90" };
  assert.deepEqual(
    ["", "v2.3", "v2.9", "v2.47", "v2.90", "v2.100"].filter((d) => runsIn(row, d)),
    ["v2.9", "v2.47"],
  );
  assert.equal(runsIn({ ...row, from: undefined, below: undefined, dirs: [""] }, "v2.3"), false);
});

Deno.test("a replay passes on a matching response and names the difference otherwise", async () => {
  const row: Row = { family: "flavors", sample: "flavor-get-resp.json", path: "/flavors/1" };
  assert.deepEqual(await replay(row, "v2.75"), []);
  // The list answers `flavors`, not `flavor`: the shape differs and says where.
  const wrong = await replay({ ...row, path: "/flavors" }, "");
  assert.deepEqual(wrong, ["flavor: missing", "flavors: unexpected key"]);
  const missing = await replay({ ...row, path: "/flavors/999" }, "");
  assert.match(missing[0], /^status 404 \(want 200\)/);
});

Deno.test("the verdict fails on an unexpected failure and names fixed known rows", () => {
  const base = { family: "f", dir: "", sample: "s.json", problems: [] };
  const results: Result[] = [
    { ...base, outcome: "passed" },
    { ...base, dir: "v2.2", outcome: "failed", problems: ["x: missing"], known: "down cell" },
    { ...base, dir: "v2.3", outcome: "passed", known: "was broken" },
  ];
  assert.deepEqual(verdict(results), {
    ok: true,
    lines: ["marked known but passes now (remove the mark): f/v2.3/s.json"],
  });
  const bad = verdict([...results, { ...base, dir: "v2.4", outcome: "failed", problems: ["y"] }]);
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.lines[0], "expected to pass but failed: f/v2.4/s.json");
  const table = coverageMarkdown(results, [{ family: "f", dir: "v2.2", sample: "t.json" }]);
  assert.match(table, /\| f \| 2\.1 \| 1 \| 0 \| 0 \|/);
  assert.match(table, /\| f \| v2\.2 \| 0 \| 1 \| 1 \|/);
  assert.match(table, /\| \*\*total\*\* \| \| 2 \| 1 \| 1 \|/);
  assert.match(table, /- f\/v2\.2\/s\.json: down cell/);
});

Deno.test("maps keyed by generated names merge their entries", () => {
  const zones = [{ hosts: { a: { "nova-compute": 1 }, b: { "nova-compute": 2 } } }, { hosts: {} }];
  mergeKeyed(zones, ["hosts"]);
  assert.deepEqual(zones, [{ hosts: { "*": { "nova-compute": 2 } } }, { hosts: {} }]);
});
