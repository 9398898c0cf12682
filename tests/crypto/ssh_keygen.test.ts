import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import {
  generateKeyPair,
  parsePem,
  parseRsaPrivateKey,
  parseSshPublicKey,
  pkcs8ToPkcs1,
  rsaPublicKeyLine,
  sshPublicKeyFingerprint,
} from "../../lib/crypto/mod.ts";
import { SshWireReader } from "../../lib/crypto/ssh_wire.ts";

function findExecutable(name: string): string | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      if (dir && Deno.statSync(`${dir}/${name}`).isFile) return `${dir}/${name}`;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const SSH_KEYGEN = findExecutable("ssh-keygen");
if (!SSH_KEYGEN) console.warn("ssh-keygen not found on PATH: cross-checks against it are ignored");

// One generated pair shared by the tests below (generation takes 50–400 ms).
const started = performance.now();
const pair = await generateKeyPair();
const generationMs = performance.now() - started;

function b64url(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = "0" + hex;
  const bytes = Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
  return bytes.toBase64({ alphabet: "base64url", omitPadding: true });
}

/** The RSA public key carried by an `ssh-rsa` line, as a node:crypto KeyObject. */
function publicKeyFromLine(line: string) {
  const r = new SshWireReader(parseSshPublicKey(line).blob);
  r.readString();
  const e = r.readMpint();
  const n = r.readMpint();
  return createPublicKey({ key: { kty: "RSA", n: b64url(n), e: b64url(e) }, format: "jwk" });
}

// The fixed key pair from nova/tests/unit/test_crypto.py (KeyPairTest), where Nova asserts
// the public line and fingerprint its generator produces for this private key.
const NOVA_RSA_PRIVATE = `-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA5G44D6lEgMj6cRwCPydsMl1VRN2B9DVyV5lmwssGeJClywZM
WcKlSZBaWPbwbt20/r74eMGZPlqtEi9Ro+EHj4/n5+3A2Mh11h0PGSt53PSPfWwo
ZhEg9hQ1w1ZxfBMCx7eG2YdGFQocMgR0zQasJGjjt8hruCnWRB3pNH9DhEwKhgET
H0/CFzxSh0eZWs/O4GSf4upwmRG/1Yu90vnVZq3AanwvvW5UBk6g4uWb6FTES867
kAy4b5EcH6WR3lLE09omuG/NqtH+qkgIdQconDkmkuK3xf5go6GSwEod0erM1G1v
e+C4w/MD98KZ4Zlon9hy7oE2rcqHXf58gZtOTQIDAQABAoIBAQCnkeM2Oemyv7xY
dT+ArJ7GY4lFt2i5iOuUL0ge5Wid0R6OTNR9lDhEOszMLno6GhHIPrdvfjW4dDQ5
/tRY757oRZzNmq+5V3R52V9WC3qeCBmq3EjWdwJDAphd72/YoOmNMKiPsphKntwI
JRS5wodNPlSuYSwEMUypM3f7ttAEn5CASgYgribBDapm7EqkVa2AqSvpFzNvN3/e
Sc36/XlxJin7AkKVOnRksuVOOj504VUQfXgVWZkfTeZqAROgA1FSnjUAffcubJmq
pDL/JSgOqN4S+sJkkTrb19MuM9M/IdXteloynF+GUKZx6FdVQQc8xCiXgeupeeSD
fNMAP7DRAoGBAP0JRFm3fCAavBREKVOyZm20DpeR6zMrVP7ht0SykkT/bw/kiRG+
FH1tNioj9uyixt5SiKhH3ZVAunjsKvrwET8i3uz1M2Gk+ovWdLXurBogYNNWafjQ
hRhFHpyExoZYRsn58bvYvjFXTO6JxuNS2b59DGBRkQ5mpsOhxarfbZnXAoGBAOcb
K+qoPDeDicnQZ8+ygYYHxY3fy1nvm1F19jBiWd26bAUOHeZNPPKGvTSlrGWJgEyA
FjZIlHJOY2s0dhukiytOiXzdA5iqK1NvlF+QTUI4tCeNMVejWC+n6sKR9ADZkX8D
NOHaLkDzc/ukus59aKyjxP53I6SV6y6m5NeyvDx7AoGAaUji1MXA8wbMvU4DOB0h
+4GRFMYVbEwaaJd4jzASJn12M9GuquBBXFMF15DxXFL6lmUXEZYdf83YCRqTY6hi
NLgIs+XuxDFGQssv8sdletWAFE9/dpUk3A1eiFfC1wGCKuZCDBxKPvOJQjO3uryt
d1JGxQkLZ0eVGg+E1O10iC8CgYB4w2QRfNPqllu8D6EPkVHJfeonltgmKOTajm+V
HO+kw7OKeLP7EkVU3j+kcSZC8LUQRKZWu1qG2Jtu+7zz+OmYObPygXNNpS56rQW1
Yixc/FB3knpEN2DvlilAfxAoGYjD/CL4GhCtdAoZZx0Opc262OEpr4v6hzSb7i4K
4KUoXQKBgHfbiaSilxx9guUqvSaexpHmtiUwx05a05fD6tu8Cofl6AM9wGpw3xOT
tfo4ehvS13tTz2RDE2xKuetMmkya7UgifcxUmBzqkOlgr0oOi2rp+eDKXnzUUqsH
V7E96Dj36K8q2+gZIXcNqjN7PzfkF8pA0G+E1veTi8j5dnvIsy1x
-----END RSA PRIVATE KEY-----
`;
const NOVA_RSA_PUBLIC = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDkbjgPqUSAyPpxHAI/J2wyXVVE" +
  "3YH0NXJXmWbCywZ4kKXLBkxZwqVJkFpY9vBu3bT+vvh4wZk+Wq0SL1Gj4QePj+fn" +
  "7cDYyHXWHQ8ZK3nc9I99bChmESD2FDXDVnF8EwLHt4bZh0YVChwyBHTNBqwkaOO3" +
  "yGu4KdZEHek0f0OETAqGARMfT8IXPFKHR5laz87gZJ/i6nCZEb/Vi73S+dVmrcBq" +
  "fC+9blQGTqDi5ZvoVMRLzruQDLhvkRwfpZHeUsTT2ia4b82q0f6qSAh1ByicOSaS" +
  "4rfF/mCjoZLASh3R6szUbW974LjD8wP3wpnhmWif2HLugTatyodd/nyBm05N Gen" +
  "erated-by-Nova";
const NOVA_RSA_FINGERPRINT = "e7:66:a1:2c:4f:90:6e:11:19:da:ac:c2:69:e1:ad:89";

Deno.test("generation time stays reasonable", () => {
  console.log(`RSA-2048 key pair generated in ${generationMs.toFixed(0)} ms`);
  assert.ok(generationMs < 10_000);
});

Deno.test("the public key line is formatted as Nova formats it", () => {
  assert.match(
    pair.publicKey,
    /^ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB[A-Za-z0-9+/]+=* Generated-by-Nova$/,
  );
  const key = parseSshPublicKey(pair.publicKey);
  assert.equal(key.algorithm, "rsa");
  assert.equal(key.bits, 2048);
  assert.equal(key.comment, "Generated-by-Nova");
  assert.equal(pair.fingerprint, sshPublicKeyFingerprint(pair.publicKey));
  assert.match(pair.fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
});

Deno.test("the private key is a traditional PKCS#1 PEM with 64-column lines", () => {
  const lines = pair.privateKey.split("\n");
  assert.equal(lines[0], "-----BEGIN RSA PRIVATE KEY-----");
  assert.equal(lines.at(-2), "-----END RSA PRIVATE KEY-----");
  assert.equal(lines.at(-1), ""); // ends with a newline
  const body = lines.slice(1, -2);
  assert.ok(body.slice(0, -1).every((l) => l.length === 64));
  assert.ok(body.at(-1)!.length > 0 && body.at(-1)!.length <= 64);
  // Re-encoding through node:crypto (OpenSSL-compatible) gives the identical text.
  const reexported = createPrivateKey(pair.privateKey).export({ type: "pkcs1", format: "pem" });
  assert.equal(reexported, pair.privateKey);
});

Deno.test("the private key signs what the public key line verifies", () => {
  const data = new TextEncoder().encode("os-keypairs");
  const signature = sign("sha256", data, createPrivateKey(pair.privateKey));
  assert.ok(verify("sha256", data, publicKeyFromLine(pair.publicKey), signature));
  const other = new TextEncoder().encode("something else");
  assert.ok(!verify("sha256", other, publicKeyFromLine(pair.publicKey), signature));
});

Deno.test("a given RSA key yields the public line and fingerprint Nova's unit test expects", () => {
  const { n, e } = parseRsaPrivateKey(parsePem(NOVA_RSA_PRIVATE)[0].contents);
  const line = rsaPublicKeyLine(n, e);
  assert.equal(line, NOVA_RSA_PUBLIC);
  assert.equal(sshPublicKeyFingerprint(line), NOVA_RSA_FINGERPRINT);
});

Deno.test("other sizes can be requested (Nova's generate_key_pair takes bits)", async () => {
  const small = await generateKeyPair(1024);
  assert.equal(parseSshPublicKey(small.publicKey).bits, 1024);
});

Deno.test("pkcs8ToPkcs1 refuses keys that are not RSA", async () => {
  const ec = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
  ]);
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", ec.privateKey));
  assert.throws(() => pkcs8ToPkcs1(pkcs8), /not an RSA private key/);
  assert.throws(() => pkcs8ToPkcs1(pkcs8.subarray(0, 20)));
});

Deno.test({
  name: "ssh-keygen agrees on the fingerprint and public key (requires ssh-keygen on PATH)",
  ignore: !SSH_KEYGEN,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/id.pub`, pair.publicKey + "\n");
      await Deno.writeTextFile(`${dir}/id`, pair.privateKey, { mode: 0o600 });
      const run = async (...args: string[]) => {
        const out = await new Deno.Command(SSH_KEYGEN!, { args, stderr: "piped" }).output();
        assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
        return new TextDecoder().decode(out.stdout).trim();
      };
      const listed = await run("-l", "-E", "md5", "-f", `${dir}/id.pub`);
      assert.equal(listed, `2048 MD5:${pair.fingerprint} Generated-by-Nova (RSA)`);
      const derived = await run("-y", "-f", `${dir}/id`);
      assert.equal(
        derived.split(" ").slice(0, 2).join(" "),
        pair.publicKey.split(" ").slice(0, 2).join(" "),
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
