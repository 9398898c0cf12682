import assert from "node:assert/strict";
import { pyJsonDumps } from "../../lib/http/pyjson.ts";

Deno.test("pyJsonDumps: Python's json.dumps spelling", () => {
  assert.equal(pyJsonDumps({ a: [1, "é", null, true] }), '{"a": [1, "\\u00e9", null, true]}');
  assert.equal(pyJsonDumps([]), "[]");
});
