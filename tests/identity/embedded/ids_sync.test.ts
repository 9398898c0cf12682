import assert from "node:assert/strict";
import { stableId } from "../../../lib/identity/embedded/ids.ts";

Deno.test("stableId keeps the ids WebCrypto's SHA-256 gave (ids must not change across versions)", async () => {
  const text = ["nova-deno", "identity", "project", "default", "demo"].join("\u0000");
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
  ).slice(0, 16);
  digest[6] = (digest[6] & 0x0f) | 0x80;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const expected = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  assert.equal(await stableId("project", "default", "demo"), expected);
  assert.match(expected, /^[0-9a-f]{12}8[0-9a-f]{19}$/);
});
