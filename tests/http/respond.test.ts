import assert from "node:assert/strict";
import { empty, json, text } from "../../lib/http/respond.ts";

Deno.test("json: body, type and byte length, with or without extra headers", async () => {
  const plain = json({ a: "é" });
  assert.equal(plain.status, 200);
  assert.deepEqual([...plain.headers], [
    ["content-length", "10"],
    ["content-type", "application/json"],
  ]);
  assert.equal(await plain.text(), '{"a":"é"}');
  const extra = json({}, 202, { Location: "http://x/1", "Content-Type": "text/html" });
  assert.equal(extra.status, 202);
  assert.deepEqual([...extra.headers], [
    ["content-length", "2"],
    ["content-type", "application/json"],
    ["location", "http://x/1"],
  ]);
  assert.equal(await extra.text(), "{}");
  // Headers set later (version headers, request ids) are accepted.
  plain.headers.set("x-compute-request-id", "req-1");
});

Deno.test("text and empty", async () => {
  const t = text("a\nb", 200, [["X-A", "1"]]);
  assert.deepEqual([...t.headers], [
    ["content-length", "3"],
    ["content-type", "text/plain; charset=UTF-8"],
    ["x-a", "1"],
  ]);
  assert.equal(await t.text(), "a\nb");
  const plain = text("ü");
  assert.equal(plain.headers.get("content-length"), "2");
  assert.equal(await plain.text(), "ü");
  assert.equal(empty().status, 204);
});
