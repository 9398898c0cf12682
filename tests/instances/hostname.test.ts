import assert from "node:assert/strict";
import { sanitizeHostname } from "../../lib/instances/hostname.ts";

Deno.test("hostnames from display names follow Nova's sanitize_hostname", () => {
  const cases: [string, string][] = [
    ["vm1", "vm1"],
    ["My Server_1", "my-server-1"],
    ["a.b.c", "a-b-c"],
    ["--x--", "x"],
    ["héllo wörld", "héllo-wörld"],
    ["日本", ""],
    ["a!@#b", "ab"],
    ["x".repeat(70), "x".repeat(63)],
  ];
  for (const [name, expected] of cases) assert.equal(sanitizeHostname(name), expected, name);
});
