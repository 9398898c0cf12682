import assert from "node:assert/strict";
import { decodeHeaderText, encodeHeaderText } from "../../lib/http/header_text.ts";

Deno.test("header text: Unicode travels as UTF-8 bytes and comes back", () => {
  for (const text of ["plain", "démo", "项目", "🙂"]) {
    const value = encodeHeaderText(text);
    new Headers({ "x-a": value }); // a valid ByteString
    assert.equal(decodeHeaderText(value), text);
  }
  assert.equal(encodeHeaderText("é"), "\u00c3\u00a9");
  assert.equal(decodeHeaderText("caf\u00e9"), "caf\u00e9", "latin-1 that is not UTF-8 stays");
});
