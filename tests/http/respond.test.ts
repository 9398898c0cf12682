import assert from "node:assert/strict";
import { empty, json, jsonBytes, sentBody, text, utf8Length } from "../../lib/http/respond.ts";

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

Deno.test("utf8Length: the byte count TextEncoder writes, lone surrogates as U+FFFD", () => {
  const utf8 = new TextEncoder();
  for (
    const s of [
      "",
      "plain ascii",
      "aé€😀",
      "\u00ff\u0100\u07ff\u0800\uffff",
      "a\ud800b",
      "\udc00",
      "x\ud83d",
    ]
  ) {
    assert.equal(utf8Length(s), utf8.encode(s).byteLength, JSON.stringify(s));
  }
});

Deno.test("utf8Length: long texts (checked by encoding) count as TextEncoder does, wherever the non-ASCII is", () => {
  const utf8 = new TextEncoder();
  const long = "x".repeat(5000);
  for (
    const s of [
      long,
      "é" + long,
      long + "€",
      long.slice(0, 2500) + "😀" + long.slice(2500),
      long + "\ud800",
      "x".repeat(300),
      "ÿ".repeat(300),
      "x".repeat(2 * 1024 * 1024),
      "x".repeat(2 * 1024 * 1024) + "é",
    ]
  ) {
    assert.equal(utf8Length(s), utf8.encode(s).byteLength, `${s.length} chars`);
  }
  // Shorter after longer: the scratch buffer is only ever read up to the text's length.
  assert.equal(utf8Length("é".repeat(400)), 800);
  assert.equal(utf8Length("a".repeat(400)), 400);
});

Deno.test("json and text keep the body they were given for sentBody; others have none", () => {
  assert.equal(sentBody(json({ a: "é" })), '{"a":"é"}');
  assert.equal(sentBody(text("a\nb")), "a\nb");
  const bytes = new TextEncoder().encode('{"b":1}');
  assert.equal(sentBody(jsonBytes(bytes)), bytes);
  assert.equal(sentBody(Response.json({ a: 1 })), undefined);
  assert.equal(sentBody(empty()), undefined);
  // JSON.stringify(undefined) is undefined: an empty body, as TextEncoder made of it before.
  assert.equal(json(undefined).headers.get("content-length"), "0");
});
