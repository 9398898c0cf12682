import assert from "node:assert/strict";
import {
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  pbkdf2Sync,
  X509Certificate,
} from "node:crypto";
import {
  generateWinrmX509Cert,
  loadPemCertificate,
  parsePem,
  validateCertificateDer,
  x509Fingerprint,
} from "../../lib/crypto/mod.ts";
import { DerReader, TagClass } from "../../lib/crypto/der.ts";
import { pkcs12Kdf } from "../../lib/crypto/pkcs12.ts";

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

const OPENSSL = findExecutable("openssl");
if (!OPENSSL) console.warn("openssl not found on PATH: cross-checks against it are ignored");

const NOW = new Date(Date.UTC(2026, 0, 15, 12, 0, 0));
const generated = await generateWinrmX509Cert("alice", 2048, NOW);

const hex = (u: Uint8Array) => Array.from(u, (b) => b.toString(16).padStart(2, "0")).join("");

/** Read the content of a context-specific [0] EXPLICIT wrapper. */
function explicit0(r: DerReader): DerReader {
  return new DerReader(r.expect(TagClass.contextSpecific, true, 0).contents);
}

/** Pull the PBES2-encrypted key out of the PKCS#12 and decrypt it with the empty password. */
function decryptKeyBag(pfx: Uint8Array) {
  const top = new DerReader(pfx).readSequence();
  assert.equal(top.readInteger(), 3n);
  const authSafeInfo = top.readSequence();
  assert.equal(authSafeInfo.readOid(), "1.2.840.113549.1.7.1");
  const authSafe = explicit0(authSafeInfo).readOctetString();
  const mac = top.readSequence();
  const digestInfo = mac.readSequence();
  assert.equal(digestInfo.readSequence().readOid(), "2.16.840.1.101.3.4.2.1");
  const digest = digestInfo.readOctetString();
  const macSalt = mac.readOctetString();
  const macIterations = Number(mac.readInteger());

  const contents = new DerReader(authSafe).readSequence();
  const certInfo = contents.readSequence();
  assert.equal(certInfo.readOid(), "1.2.840.113549.1.7.6"); // encryptedData
  const keyInfo = contents.readSequence();
  assert.equal(keyInfo.readOid(), "1.2.840.113549.1.7.1");
  const safeContents = new DerReader(explicit0(keyInfo).readOctetString()).readSequence();
  const bag = safeContents.readSequence();
  assert.equal(bag.readOid(), "1.2.840.113549.1.12.10.1.2"); // pkcs8ShroudedKeyBag
  const epki = explicit0(bag).readSequence();
  const alg = epki.readSequence();
  assert.equal(alg.readOid(), "1.2.840.113549.1.5.13"); // PBES2
  const params = alg.readSequence();
  const kdf = params.readSequence();
  assert.equal(kdf.readOid(), "1.2.840.113549.1.5.12"); // PBKDF2
  const kdfParams = kdf.readSequence();
  const salt = kdfParams.readOctetString();
  const iterations = Number(kdfParams.readInteger());
  assert.equal(kdfParams.readSequence().readOid(), "1.2.840.113549.2.9"); // hmacWithSHA256
  const enc = params.readSequence();
  assert.equal(enc.readOid(), "2.16.840.1.101.3.4.1.42"); // aes256-CBC
  const iv = enc.readOctetString();
  const ciphertext = epki.readOctetString();

  const key = pbkdf2Sync("", salt, iterations, 32, "sha256");
  const decipher = createDecipheriv("aes-256-cbc", key, iv);
  const pkcs8 = new Uint8Array([...decipher.update(ciphertext), ...decipher.final()]);
  return { authSafe, digest, macSalt, macIterations, iterations, pkcs8 };
}

Deno.test("PKCS#12 KDF matches OpenSSL's PKCS12KDF (SHA-256)", () => {
  const salt = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]);
  // openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt hexpass:0000
  //   -kdfopt hexsalt:0001020304050607 -kdfopt iter:2048 -kdfopt id:3 PKCS12KDF
  assert.equal(
    hex(pkcs12Kdf(new Uint8Array([0, 0]), salt, 3, 2048, 32)),
    "a26d25b66f09c44bf19ee6ec562b99c23bbbd3bf2d10c6e788703e8deaadc237",
  );
  // Multi-block output, password "abc": hexpass:0061006200630000, iter:3, id:1, keylen 100.
  assert.equal(
    hex(pkcs12Kdf(new Uint8Array([0, 0x61, 0, 0x62, 0, 0x63, 0, 0]), salt, 1, 3, 100)),
    "a985556b1d91737a8ea9a019fcce6dd710f897a374f91f17137f91d8f6757ddb091d52e17cb611d3bffdf938136a1bab" +
      "b3c730f8ea625144aa15b2685e4f0243f97c0593eb98d96085bb8f4091f5d20d1f03c88e6b37288e52be6b5d1212a095" +
      "e25a3924",
  );
});

Deno.test("the certificate is a self-signed v3 client certificate for the user", () => {
  const cert = new X509Certificate(generated.certificate);
  assert.equal(cert.subject, "CN=alice");
  assert.equal(cert.issuer, "CN=alice");
  assert.ok(cert.verify(cert.publicKey));
  assert.equal(new Date(cert.validFrom).getTime(), NOW.getTime());
  assert.equal(new Date(cert.validTo).getTime(), NOW.getTime() + 3650 * 86_400_000);
  assert.equal(validateCertificateDer(loadPemCertificate(generated.certificate)), 2);
  assert.equal(generated.fingerprint, x509Fingerprint(generated.certificate));
  assert.equal(generated.fingerprint, cert.fingerprint.toLowerCase());
  assert.match(generated.certificate, /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)+/);
  // extendedKeyUsage clientAuth and the UPN otherName, byte for byte as OpenSSL encodes them.
  const der = hex(parsePem(generated.certificate)[0].contents);
  assert.ok(der.includes("300a06082b06010505070302"));
  assert.ok(der.includes(hex(new TextEncoder().encode("alice@localhost"))));
  assert.ok(der.includes("a01f060a2b060104018237140203a0110c0f"));
});

Deno.test("the private key is base64 PKCS#12 (empty password) matching the certificate", () => {
  assert.match(generated.privateKey, /^[A-Za-z0-9+/]+=*$/);
  const pfx = Uint8Array.fromBase64(generated.privateKey);
  const bag = decryptKeyBag(pfx);
  assert.equal(bag.iterations, 2048);
  assert.equal(bag.macIterations, 2048);
  // The MAC is HMAC-SHA256 keyed from the empty BMPString password ("\0\0").
  const macKey = pkcs12Kdf(new Uint8Array([0, 0]), bag.macSalt, 3, bag.macIterations, 32);
  assert.deepEqual(
    new Uint8Array(createHmac("sha256", macKey).update(bag.authSafe).digest()),
    bag.digest,
  );
  const privateKey = createPrivateKey({
    key: Buffer.from(bag.pkcs8),
    format: "der",
    type: "pkcs8",
  });
  const fromKey = createPublicKey(privateKey).export({ format: "jwk" });
  const fromCert = new X509Certificate(generated.certificate).publicKey.export({ format: "jwk" });
  assert.deepEqual(fromKey, fromCert);
});

Deno.test("times from 2050 on use GeneralizedTime", async () => {
  const late = await generateWinrmX509Cert("bob", 1024, new Date(Date.UTC(2045, 5, 1)));
  const der = parsePem(late.certificate)[0].contents;
  assert.equal(validateCertificateDer(der), 2);
  assert.ok(hex(der).includes("170d3435303630313030303030305a")); // UTCTime 450601000000Z
  assert.ok(hex(der).includes("180f32303535")); // GeneralizedTime 2055…
});

Deno.test("user ids longer than 64 characters are refused like OpenSSL refuses them", async () => {
  await assert.rejects(generateWinrmX509Cert("a".repeat(65), 1024), RangeError);
  const ok = await generateWinrmX509Cert("a".repeat(64), 1024);
  assert.equal(new X509Certificate(ok.certificate).subject, `CN=${"a".repeat(64)}`);
});

Deno.test({
  name: "openssl reads the certificate and PKCS#12 (requires openssl on PATH)",
  ignore: !OPENSSL,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/cert.pem`, generated.certificate);
      await Deno.writeFile(`${dir}/key.p12`, Uint8Array.fromBase64(generated.privateKey));
      const run = async (...args: string[]) => {
        const out = await new Deno.Command(OPENSSL!, { args, stderr: "piped" }).output();
        assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
        return new TextDecoder().decode(out.stdout);
      };
      await run("verify", "-CAfile", `${dir}/cert.pem`, `${dir}/cert.pem`);
      const san = await run("x509", "-in", `${dir}/cert.pem`, "-noout", "-ext", "subjectAltName");
      assert.match(san, /UPN::alice@localhost/);
      const pem = await run("pkcs12", "-in", `${dir}/key.p12`, "-passin", "pass:", "-nodes");
      await Deno.writeTextFile(`${dir}/all.pem`, pem);
      const certMod = await run("x509", "-in", `${dir}/cert.pem`, "-noout", "-modulus");
      const keyMod = await run("rsa", "-in", `${dir}/all.pem`, "-noout", "-modulus");
      assert.equal(keyMod, certMod);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
