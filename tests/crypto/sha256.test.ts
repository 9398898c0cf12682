import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { hmacSha256Hex, sha224Hex, sha256, sha256Hex } from "../../lib/crypto/sha256.ts";

Deno.test("sha256Hex: the FIPS 180-4 examples", () => {
  assert.equal(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(
    sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.equal(
    sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
});

Deno.test("sha256: agrees with node:crypto at every length around the block boundaries", () => {
  const bytes = new Uint8Array(300);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) & 0xff;
  for (let n = 0; n <= bytes.length; n++) {
    const input = bytes.subarray(0, n);
    assert.equal(sha256Hex(input), createHash("sha256").update(input).digest("hex"), `length ${n}`);
  }
  const big = new Uint8Array(100_003).map((_, i) => i % 251);
  assert.deepEqual(sha256(big), new Uint8Array(createHash("sha256").update(big).digest()));
});

Deno.test("sha224Hex: the FIPS 180-4 examples, and node:crypto at every length near a block", () => {
  assert.equal(sha224Hex("abc"), "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
  assert.equal(
    sha224Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525",
  );
  const bytes = new Uint8Array(140).map((_, i) => (i * 37 + 11) & 0xff);
  for (let n = 0; n <= bytes.length; n++) {
    const input = bytes.subarray(0, n);
    assert.equal(sha224Hex(input), createHash("sha224").update(input).digest("hex"), `length ${n}`);
  }
  // A server's hostId: sha224 of the project id and the host name, as UTF-8.
  const text = "6f70656e737461636b20636f6d70757465" + "compute-ø1";
  assert.equal(sha224Hex(text), createHash("sha224").update(text, "utf8").digest("hex"));
});

Deno.test("sha256Hex: a string is hashed as UTF-8", () => {
  const text = "flavör ☃ 𝄞 " + "x".repeat(70);
  assert.equal(sha256Hex(text), createHash("sha256").update(text, "utf8").digest("hex"));
});

Deno.test("hmacSha256Hex: agrees with node:crypto for short, block-sized and long keys", () => {
  for (
    const key of ["", "k", "bench-metadata-secret", "s".repeat(64), "l".repeat(65), "é".repeat(100)]
  ) {
    for (const message of ["", "1f2e3d4c-0000-4000-8000-000000000001", "m".repeat(200)]) {
      assert.equal(
        hmacSha256Hex(key, message),
        createHmac("sha256", key).update(message).digest("hex"),
        `key ${key.length} message ${message.length}`,
      );
    }
  }
});
