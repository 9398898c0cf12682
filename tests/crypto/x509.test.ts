import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import {
  encodePem,
  InvalidKeypair,
  loadPemCertificate,
  parsePem,
  validateCertificateDer,
  X509Error,
  x509Fingerprint,
} from "../../lib/crypto/mod.ts";
import { type DerElement, DerReader } from "../../lib/crypto/der.ts";

const PREFIX = "Keypair data is invalid: failed to generate X509 fingerprint. Error message: ";
const PEM_HELP = "Unable to load PEM file. See " +
  "https://cryptography.io/en/latest/faq/#why-can-t-i-import-my-pem-file for more details. ";

// nova/tests/unit/fake_crypto.py get_x509_cert_and_fingerprint().
const NOVA_CERT = `-----BEGIN CERTIFICATE-----
MIIDIjCCAgqgAwIBAgIJAIE8EtWfZhhFMA0GCSqGSIb3DQEBCwUAMCQxIjAgBgNV
BAMTGWNsb3VkYmFzZS1pbml0LXVzZXItMTM1NTkwHhcNMTUwMTI5MTgyMzE4WhcN
MjUwMTI2MTgyMzE4WjAkMSIwIAYDVQQDExljbG91ZGJhc2UtaW5pdC11c2VyLTEz
NTU5MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAv4lv95ofkXLIbALU
UEb1f949TYNMUvMGNnLyLgGOY+D61TNG7RZn85cRg9GVJ7KDjSLN3e3LwH5rgv5q
pU+nM/idSMhG0CQ1lZeExTsMEJVT3bG7LoU5uJ2fJSf5+hA0oih2M7/Kap5ggHgF
h+h8MWvDC9Ih8x1aadkk/OEmJsTrziYm0C/V/FXPHEuXfZn8uDNKZ/tbyfI6hwEj
nLz5Zjgg29n6tIPYMrnLNDHScCwtNZOcnixmWzsxCt1bxsAEA/y9gXUT7xWUf52t
2+DGQbLYxo0PHjnPf3YnFXNavfTt+4c7ZdHhOQ6ZA8FGQ2LJHDHM1r2/8lK4ld2V
qgNTcQIDAQABo1cwVTATBgNVHSUEDDAKBggrBgEFBQcDAjA+BgNVHREENzA1oDMG
CisGAQQBgjcUAgOgJQwjY2xvdWRiYXNlLWluaXQtdXNlci0xMzU1OUBsb2NhbGhv
c3QwDQYJKoZIhvcNAQELBQADggEBAHHX/ZUOMR0ZggQnfXuXLIHWlffVxxLOV/bE
7JC/dtedHqi9iw6sRT5R6G1pJo0xKWr2yJVDH6nC7pfxCFkby0WgVuTjiu6iNRg2
4zNJd8TGrTU+Mst+PPJFgsxrAY6vjwiaUtvZ/k8PsphHXu4ON+oLurtVDVgog7Vm
fQCShx434OeJj1u8pb7o2WyYS5nDVrHBhlCAqVf2JPKu9zY+i9gOG2kimJwH7fJD
xXpMIwAQ+flwlHR7OrE0L8TNcWwKPRAY4EPcXrT+cWo1k6aTqZDSK54ygW2iWtni
ZBcstxwcB4GIwnp1DrPW9L2gw5eLe1Sl6wdz443TW8K/KPV9rWQ=
-----END CERTIFICATE-----
`;
const NOVA_CERT_FP = "a1:6f:6d:ea:a6:36:d0:3a:c6:eb:b6:ee:07:94:3e:2a:90:98:2b:c9";

// Made with `openssl req -x509` (RSA and P-256, v3) and `openssl x509 -req` (v1); fingerprints
// from `openssl x509 -noout -fingerprint -sha1`.
const RSA_CERT = `-----BEGIN CERTIFICATE-----
MIIDMzCCAhugAwIBAgIUdI5y04XX5a69AbDhptcIbpdEbaswDQYJKoZIhvcNAQEL
BQAwKTEVMBMGA1UEAwwMbm92YS1maXh0dXJlMRAwDgYDVQQKDAdFeGFtcGxlMB4X
DTI2MTEyNDIzMTMyOFoXDTM2MTEyMTIzMTMyOFowKTEVMBMGA1UEAwwMbm92YS1m
aXh0dXJlMRAwDgYDVQQKDAdFeGFtcGxlMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A
MIIBCgKCAQEArrYt/sPt/E+UqYXVVwzKxZEh41EGctio0HJTjuHvcIIgFQizdA5W
h36yvlOGrHXaYjYuCoPHRh09sEKFtJe9dUfZ2uhEmn51gSCqzVwxiabXmFWED7AJ
fm+1JTnPMngkQmXrB6RcysTmoRIPrjGXBy027pWayNEFDkxBhgzxTqnH44niHSjT
WQ5kb8SoXs0295danSjjQQUyh6CU/UHu4WV3aekfXNFWPSInHWulN61V4S5uS6x9
jwIkBPCm7Ed6AQhrc876JQe+p/zAqZFWWr/RhVwxsm/lR64g7qdYlLLZ8mhZyYFW
57x+oUoQuB2XhWF83oNNfyun4tWcZXgwPQIDAQABo1MwUTAdBgNVHQ4EFgQUEK/g
R+MoMmg7WXzXzpu3KMuhhFowHwYDVR0jBBgwFoAUEK/gR+MoMmg7WXzXzpu3KMuh
hFowDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEADMKJpfnSgJYq
MDFRiaN1yGtSQctbpBRW2hbNe35UQvSFNrRucfyEioM541KIVbBNPCNMhJaTGOgN
ueSo3LneHBhjcU2FYYdNtkst/YMLwAATkJzVWIJ7ER1J9xJJJkH1vYWHkKP1MbmO
t1kV+VKKQ7WoEwXKLxmV1e4JXtO/pFO0RYSyJxGqH/M/Jbw+cj0OqnC5Nq5TaIaq
T0K25JI/6Z+wHkfO8rntEMgh25gIjSN1oQp45ukRIwBvG/aga5K73qDnscOmVSp8
hUqGgjcLNfKRM2msAEuY75gW3ihKC67pZrMhyVSkwgI+eftDG6YW5Sj/Kso6kd65
DYOvkXfiHA==
-----END CERTIFICATE-----
`;
const RSA_CERT_FP = "90:40:ab:a2:2d:4c:9c:f6:8c:86:07:19:20:b6:66:bb:b1:1a:48:6d";

const EC_CERT = `-----BEGIN CERTIFICATE-----
MIIBfzCCASWgAwIBAgIUYQwLjYRccl2N5Vp4U0sXUPV+p8UwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKZWMtZml4dHVyZTAeFw0yNjExMjQyMzEzMjhaFw0zNjExMjEy
MzEzMjhaMBUxEzARBgNVBAMMCmVjLWZpeHR1cmUwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASKYhFuIaVVZKOnXmgtpqzmbAWzo7ueRrk5APGYXGL5fnd6izwGMbuM
6QNG3TO6cdYVNltbtaNoynSxTZ5KGJJCo1MwUTAdBgNVHQ4EFgQUlB0Pqdmdx4/q
oZpmMr8tWvYU/QwwHwYDVR0jBBgwFoAUlB0Pqdmdx4/qoZpmMr8tWvYU/QwwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiA2Hf7EswVU7H0ofpvdnGnn
gOaMxDa6VuYaNbq2ccxqDgIhAJwVvxqDyCKIaygcLQpSlQQ5doxDtLBfnfsYSfKS
tM2J
-----END CERTIFICATE-----
`;
const EC_CERT_FP = "ea:56:c5:2a:de:0a:a1:bb:0f:5e:b8:18:10:ed:5d:5b:ac:cc:57:e4";

const V1_CERT = `-----BEGIN CERTIFICATE-----
MIIBJDCBywIUHMxqPKJ13e9uOquKP8+F4NNOzFYwCgYIKoZIzj0EAwIwFTETMBEG
A1UEAwwKdjEtZml4dHVyZTAeFw0yNjExMjQyMzEzMjhaFw0zNjExMjEyMzEzMjha
MBUxEzARBgNVBAMMCnYxLWZpeHR1cmUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AASKYhFuIaVVZKOnXmgtpqzmbAWzo7ueRrk5APGYXGL5fnd6izwGMbuM6QNG3TO6
cdYVNltbtaNoynSxTZ5KGJJCMAoGCCqGSM49BAMCA0gAMEUCIArmSz4GPXupzkc0
SyHPxNiq7gt8R8RVZOnq/l1kHpLIAiEAjfTgkgSd8aMKqoQUVKKRJwuqiG/DLhI7
1g6R8mOA9rM=
-----END CERTIFICATE-----
`;
const V1_CERT_FP = "ef:fa:c8:bf:c5:6b:86:ec:ca:3c:19:9e:7f:cd:69:cf:80:19:b8:24";

// --- helpers to build altered certificates ---

function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    body.set(p, at);
    at += p.length;
  }
  const len = body.length;
  const head = len < 0x80
    ? [tag, len]
    : len < 0x100
    ? [tag, 0x81, len]
    : [tag, 0x82, len >> 8, len & 0xff];
  const out = new Uint8Array(head.length + len);
  out.set(head);
  out.set(body, head.length);
  return out;
}

const ascii = (s: string) => new TextEncoder().encode(s);

function children(bytes: Uint8Array): DerElement[] {
  const r = new DerReader(bytes);
  const out: DerElement[] = [];
  while (!r.done) out.push(r.read());
  return out;
}

/** Split a certificate into its TBS fields, signature algorithm and signature. */
function explode(pem: string) {
  const der = parsePem(pem)[0].contents;
  const [tbs, sigAlg, sig] = children(children(der)[0].contents);
  return { tbs: children(tbs.contents).map((e) => e.raw), sigAlg: sigAlg.raw, sig: sig.raw };
}

function rebuild(parts: { tbs: Uint8Array[]; sigAlg: Uint8Array; sig: Uint8Array }): string {
  return encodePem("CERTIFICATE", tlv(0x30, tlv(0x30, ...parts.tbs), parts.sigAlg, parts.sig));
}

function x509Error(pem: string): string {
  try {
    x509Fingerprint(pem);
  } catch (e) {
    assert.ok(e instanceof InvalidKeypair);
    assert.ok(e.message.startsWith(PREFIX), e.message);
    return e.message.slice(PREFIX.length);
  }
  assert.fail("certificate was accepted");
}

// --- tests ---

Deno.test("fingerprints: Nova's fake certificate and openssl-made ones", () => {
  assert.equal(x509Fingerprint(NOVA_CERT), NOVA_CERT_FP);
  assert.equal(x509Fingerprint(RSA_CERT), RSA_CERT_FP);
  assert.equal(x509Fingerprint(EC_CERT), EC_CERT_FP);
  assert.equal(x509Fingerprint(V1_CERT), V1_CERT_FP);
});

Deno.test("fingerprints agree with node:crypto's X509Certificate", () => {
  for (const pem of [NOVA_CERT, RSA_CERT, EC_CERT, V1_CERT]) {
    const expected = new X509Certificate(pem).fingerprint.toLowerCase();
    assert.equal(x509Fingerprint(pem), expected);
  }
});

Deno.test("PEM variations cryptography accepts", () => {
  // CRLF line endings, surrounding text, one long base64 line.
  assert.equal(x509Fingerprint(RSA_CERT.replaceAll("\n", "\r\n")), RSA_CERT_FP);
  assert.equal(x509Fingerprint(`subject=CN = x\nissuer=CN = x\n${RSA_CERT}trailer`), RSA_CERT_FP);
  const [head, ...rest] = RSA_CERT.trim().split("\n");
  const oneLine = `${head}\n${rest.slice(0, -1).join("")}\n${rest.at(-1)}\n`;
  assert.equal(x509Fingerprint(oneLine), RSA_CERT_FP);
  // The legacy label, headers, and other sections before the certificate.
  assert.equal(
    x509Fingerprint(RSA_CERT.replaceAll("CERTIFICATE", "X509 CERTIFICATE")),
    RSA_CERT_FP,
  );
  const withHeader = RSA_CERT.replace("-----\n", "-----\nComment: test\n\n");
  assert.equal(x509Fingerprint(withHeader), RSA_CERT_FP);
  const chain = encodePem("PUBLIC KEY", new Uint8Array([1, 2, 3])) + EC_CERT + RSA_CERT;
  assert.equal(x509Fingerprint(chain), EC_CERT_FP);
  assert.deepEqual(loadPemCertificate(EC_CERT), parsePem(EC_CERT)[0].contents);
});

Deno.test("not a PEM certificate: cryptography's messages", () => {
  assert.equal(
    new InvalidKeypair("x").message,
    "Keypair data is invalid: x",
  );
  for (const junk of ["", "bad key data", "ssh-rsa AAAAB3NzaC1yc2E= me", "-----BEGIN CERT"]) {
    assert.equal(x509Error(junk), PEM_HELP + "MalformedFraming");
  }
  assert.equal(
    x509Error(encodePem("PUBLIC KEY", new Uint8Array([1, 2, 3]))),
    "Valid PEM but no BEGIN CERTIFICATE/END CERTIFICATE delimiters. " +
      "Are you sure this is a certificate?",
  );
  assert.equal(
    x509Error(RSA_CERT.replace("END CERTIFICATE", "END CERTIFICATES")),
    PEM_HELP + 'MismatchedTags("CERTIFICATE", "CERTIFICATES")',
  );
  assert.match(x509Error(RSA_CERT.replace("MIID", "MI!D")), /InvalidData\(InvalidByte\(2, 33\)\)$/);
  assert.match(x509Error(RSA_CERT.replace("DYOvkXfiHA==", "DYOvkXfiHA=")), /InvalidData/);
  assert.match(x509Error(RSA_CERT.replace("-----\n", "-----\nno colon\n\n")), /InvalidHeader/);
  // A broken section fails the whole text, even when a good certificate follows.
  assert.match(x509Error("-----BEGIN X-----\n!!\n-----END X-----\n" + RSA_CERT), /InvalidByte/);
  assert.throws(() => loadPemCertificate("x\ud800"), X509Error);
});

Deno.test("DER structure errors are reported like cryptography's ASN.1 parser", () => {
  const der = parsePem(RSA_CERT)[0].contents;
  assert.equal(
    x509Error(encodePem("CERTIFICATE", der.subarray(0, der.length - 10))),
    "error parsing asn1 value: ParseError { kind: ShortData { needed: 10 } }",
  );
  const extra = new Uint8Array([...der, 0]);
  assert.equal(
    x509Error(encodePem("CERTIFICATE", extra)),
    "error parsing asn1 value: ParseError { kind: ExtraData }",
  );
  assert.match(x509Error(encodePem("CERTIFICATE", new Uint8Array([0x30, 0x00]))), /ShortData/);
  // Indefinite lengths are BER, not DER.
  const indefinite = new Uint8Array([0x30, 0x80, ...der.subarray(4), 0, 0]);
  assert.match(x509Error(encodePem("CERTIFICATE", indefinite)), /InvalidLength/);
});

Deno.test("TBS field rules: version, times, names, extensions", () => {
  const v1 = explode(V1_CERT);
  const v3 = explode(RSA_CERT);

  // An explicit version 0 is a DEFAULT value encoded, which DER forbids.
  const explicitV1 = rebuild({
    ...v1,
    tbs: [tlv(0xa0, tlv(0x02, new Uint8Array([0]))), ...v1.tbs],
  });
  assert.equal(
    x509Error(explicitV1),
    'error parsing asn1 value: ParseError { kind: EncodedDefault, location: ["Certificate::tbs_cert", "TbsCertificate::version"] }',
  );
  // X.509 v2 is not accepted.
  const v2 = rebuild({
    ...v3,
    tbs: [tlv(0xa0, tlv(0x02, new Uint8Array([1]))), ...v3.tbs.slice(1)],
  });
  assert.equal(x509Error(v2), "1 is not a valid X509 version");

  // Validity (tbs[4] in a v3 certificate).
  const withValidity = (a: Uint8Array, b: Uint8Array) =>
    rebuild({ ...v3, tbs: v3.tbs.with(4, tlv(0x30, a, b)) });
  const utc = (s: string) => tlv(0x17, ascii(s));
  const gen = (s: string) => tlv(0x18, ascii(s));
  validateCertificateDer(
    parsePem(withValidity(utc("000229000000Z"), gen("20500101000000Z")))[0].contents,
  );
  for (
    const bad of [
      utc("261324000000Z"), // month 13
      utc("250229000000Z"), // not a leap year
      utc("2611240000Z"), // no seconds
      utc("261124000000+0100"), // offsets are not allowed
      gen("20261124000000.5Z"), // fractional seconds
    ]
  ) {
    assert.match(
      x509Error(withValidity(bad, utc("361121231328Z"))),
      /InvalidValue, location: \["Certificate::tbs_cert", "TbsCertificate::validity", "Validity::not_before"\]/,
    );
  }

  // RDN sets must be in DER order (issuer is tbs[3]).
  const atv = (oid: number, value: string) =>
    tlv(0x30, tlv(0x06, new Uint8Array([0x55, 0x04, oid])), tlv(0x0c, ascii(value)));
  const name = (...atvs: Uint8Array[]) => tlv(0x30, tlv(0x31, ...atvs));
  validateCertificateDer(
    parsePem(rebuild({ ...v3, tbs: v3.tbs.with(3, name(atv(3, "a"), atv(10, "b"))) }))[0].contents,
  );
  assert.match(
    x509Error(rebuild({ ...v3, tbs: v3.tbs.with(3, name(atv(10, "b"), atv(3, "a"))) })),
    /InvalidSetOrdering, location: \["Certificate::tbs_cert", "TbsCertificate::issuer", 0, 1\]/,
  );

  // An extension marked critical=FALSE encodes a DEFAULT (extensions are tbs[7]).
  const ext = (critical: Uint8Array[]) =>
    tlv(
      0xa3,
      tlv(
        0x30,
        tlv(0x30, tlv(0x06, new Uint8Array([0x55, 0x1d, 0x13])), ...critical, tlv(0x04, tlv(0x30))),
      ),
    );
  validateCertificateDer(parsePem(rebuild({ ...v3, tbs: v3.tbs.with(7, ext([])) }))[0].contents);
  validateCertificateDer(
    parsePem(rebuild({ ...v3, tbs: v3.tbs.with(7, ext([tlv(0x01, new Uint8Array([0xff]))])) }))[0]
      .contents,
  );
  assert.match(
    x509Error(rebuild({ ...v3, tbs: v3.tbs.with(7, ext([tlv(0x01, new Uint8Array([0]))])) })),
    /EncodedDefault/,
  );
  assert.match(
    x509Error(rebuild({ ...v3, tbs: v3.tbs.with(7, ext([tlv(0x01, new Uint8Array([1]))])) })),
    /InvalidValue/,
  );

  // Non-minimal serial number.
  assert.match(
    x509Error(rebuild({ ...v3, tbs: v3.tbs.with(1, tlv(0x02, new Uint8Array([0, 1]))) })),
    /InvalidValue, location: \["Certificate::tbs_cert", "TbsCertificate::serial"\]/,
  );
  // sha256WithRSAEncryption takes NULL or nothing as parameters, not an OID.
  const sigAlg = tlv(
    0x30,
    tlv(0x06, new Uint8Array([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b])),
    tlv(0x06, new Uint8Array([0x2a, 0x03])),
  );
  assert.match(
    x509Error(rebuild({ ...v3, sigAlg })),
    /ExtraData, location: \["Certificate::signature_alg"\]/,
  );
});
