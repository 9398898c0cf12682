import assert from "node:assert/strict";
import {
  InvalidKeypair,
  parseSshPublicKey,
  SshPublicKeyError,
  sshPublicKeyFingerprint,
} from "../../lib/crypto/mod.ts";
import { lenientBase64Decode } from "../../lib/crypto/lenient_base64.ts";
import { concatBytes, sshMpint, sshString } from "../../lib/crypto/ssh_wire.ts";

const NOVA_400 = "Keypair data is invalid: failed to generate fingerprint";

// Keys made with `ssh-keygen -t <type> -N ''`; fingerprints from `ssh-keygen -l -E md5 -f`.
const FIXTURES: { line: string; fp: string; algorithm: string; bits: number }[] = [
  {
    line:
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCk/fEdnHUY53GQqxVdvcvij2SsSIH36UcNgiQC6T8OtqtozOx+qzqVZ7TC/8Pj9hh9+zRvBdEuP1B2UbAM/f1bfnsWvjZFteXA145uWttrTqQtpUVGZt/kF88kHfvVdInHkzVdqZ12joUbrhZrNai/yVV6+v1xkgpYotAvKU10HyK/UnHknPvcK9gtiZnmf6Hv5oZ/gBV3ZYBYHxYWWwTINxTBSmQq8obT6xif+XN75v9nWAIvlYk8x3JEfk4Y59wrVFnAbWVyzjc+ZYLrILOuav/CAqPI2rfGyHVNXn+qYMX9NfsydypOihhPB91iih+3eSJ5VyxSCKo2NYRSElbr fixture-rsab2048",
    fp: "62:14:fe:2d:08:2d:dc:4c:39:85:2b:9a:86:db:0b:00",
    algorithm: "rsa",
    bits: 2048,
  },
  {
    line:
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDceILCwWISLlGduXRTWJCX7xFeE+5JKwT0wAv8s9nRth1rHRiH3kDUrkMLxXhmW+OP1uDPRwEy3dHx66IzISJadpveFNFEC/Db+w0id+JOA18fplgu2tpcyUM9ub4wvgF1T02wHGadfUl9JWqEE8j0kGgJc9yYuHk70WeZQPcFIQ== fixture-rsab1024",
    fp: "25:bc:86:7b:3e:ea:52:b9:14:c9:66:dc:11:e7:7a:ec",
    algorithm: "rsa",
    bits: 1024,
  },
  {
    line:
      "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBB8ULv/l7+rRGoWPqwy5v6AZhwtXpjrD31zeW8Nnq7FbAAjOTjlW1IcU0scmQ0xZKMS4Ip5u+cKkhXjMkywDlqE= fixture-ecdsab256",
    fp: "38:fe:a2:0d:27:41:ea:8a:d2:54:a6:d1:53:09:8d:22",
    algorithm: "ecdsa",
    bits: 256,
  },
  {
    line:
      "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBFtZYv3ozdQBKbqH6kynrEIi24CcmkwW5zBul4azHuQ88Ir2AjP29a55bIYZG3VPZaXdKOjbVtI747Rk9gcw3n8peHr3iukU2eXOSlTCmPZ1iCRRUafehbXISEoGMLB+JA== fixture-ecdsab384",
    fp: "a6:50:36:c4:70:37:8d:5e:19:14:c3:47:fc:52:20:2e",
    algorithm: "ecdsa",
    bits: 384,
  },
  {
    line:
      "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAHVjh21YTn0dpgaBSiV+UoVXZqXuZJp0bvXBjb780tjuFPuNNfTtEdWT4hM8ifgCMrwicqupWGD4IhQHtxJe2TWkwFU4hkE78SAgVPc+R8PwLfJe2jfS5cM3PKdH46T96UK+Vb5X5J6kzhl3neK5f1KYLYbTB99a096FGO/3f9FWBx1Iw== fixture-ecdsab521",
    fp: "a6:41:53:c1:4b:83:a5:6d:21:b5:3b:3f:3e:19:ae:ba",
    algorithm: "ecdsa",
    bits: 521,
  },
  {
    line:
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKM3gj++gbmGrEWMMXGgLgRfNH1XDKom6ygSehyRwdu4 fixture-ed25519",
    fp: "d9:7f:3d:ab:26:db:6f:66:58:0f:7c:22:85:9f:21:bf",
    algorithm: "ed25519",
    bits: 256,
  },
  {
    line:
      "ssh-dss AAAAB3NzaC1kc3MAAACBAIy6N/EwOxrqZ/WJrgaT5WEUD5lLrENHphyytHat8J8uR5BiuWGXEC4ZcFwQDh/RZglH8+4TX3DKj+7RLQCFJVTh4e4/0b4XfSAjhDwsBM0eO14ZZgORaU/mk0fiWPA1T77qyqBVCAxKyXpOTYLc4USuN4swSaDIGDxAaYjgEWi1AAAAFQCbfFgUysMWE+ucEyWtm7ixOTqzYwAAAIBvEC3p9NaUvGbPJqm0burMsdA2F/WHJ85JoopnvmoFhzN4GTiWsK/IJIJUn2BIbZNGPQQsUsbc9QsKXkZ8e/Y2eBO2ResQ8wmOFVMyt9QoWS1RIzoar5PipKX33HD+2DwXRzbUtLWDDaF9t6uSBjFX1JyNgtwhZLrMupo9fM0L2gAAAIBKqxBUM/J08xIYNeYQiWQum0tcjO9mSBGZLIJ/JQjLFpMSYfRTNarmu5dtKXCF1zBWoV6nEIewO4k8NWG1K7Nauv5DjB7wfR506RMDUv4ksJme35MZaU2AGJzqS2Qbjb+PX9PumOzHbRkclEeun3EFBAt95UWQECsoxUYlYZdQbw== fixture-dsa",
    fp: "b3:a3:5c:96:13:09:f2:6c:b5:75:a3:00:d0:83:74:62",
    algorithm: "dsa",
    bits: 1024,
  },
  {
    // Security-key variants, built from the keys above plus application "ssh:".
    line:
      "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIKM3gj++gbmGrEWMMXGgLgRfNH1XDKom6ygSehyRwdu4AAAABHNzaDo= sk-fixture",
    fp: "97:4c:8d:bd:1a:82:ea:b3:12:38:fc:0c:67:5b:3a:ea",
    algorithm: "sk-ed25519",
    bits: 256,
  },
  {
    line:
      "sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3BlbnNzaC5jb20AAAAIbmlzdHAyNTYAAABBBB8ULv/l7+rRGoWPqwy5v6AZhwtXpjrD31zeW8Nnq7FbAAjOTjlW1IcU0scmQ0xZKMS4Ip5u+cKkhXjMkywDlqEAAAAEc3NoOg== sk-fixture",
    fp: "d3:84:91:61:0d:4a:0a:fc:74:0a:d6:a4:a7:81:67:94",
    algorithm: "sk-ecdsa",
    bits: 256,
  },
];

// Keys and fingerprints that appear in Nova itself (api_samples and nova/tests/unit).
const NOVA_KEYS: [string, string][] = [
  [
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw== Generated-by-Nova",
    "1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c",
  ],
  [
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC1HTrHCbb9NawNLSV8N6tSa8i637+EC2dA+lsdHHfQlT54t+N0nHhJPlKWDLhc579j87vp6RDFriFJ/smsTnDnf64O12z0kBaJpJPH2zXrBkZFK6q2rmxydURzX/z0yLSCP77SFJ0fdXWH2hMsAusflGyryHGX20n+mZK6mDrxVzGxEz228dwQ5G7Az5OoZDWygH2pqPvKjkifRw0jwUKf3BbkP0QvANACOk26cv16mNFpFJfI1N3OC5lUsZQtKGR01ptJoWijYKccqhkAKuo902tg/qup58J5kflNm7I61sy1mJon6SGqNUSfoQagqtBH6vd/tU1jnlwZ03uUroAL Generated-by-Nova\n",
    "44:fe:29:6e:23:14:b9:53:5b:65:82:58:1c:fe:5a:c3",
  ],
  [
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCkF3MX59OrlBs3dH5CU7lNmvpbrgZxSpyGjlnE8Flkirnc/Up22lpjznoxqeoTAwTW034k7Dz6aYIrZGmQwe2TkE084yqvlj45Dkyoj95fW/sZacm0cZNuL69EObEGHdprfGJQajrpz22NQoCD8TFB8Wv+8om9NH9Le6s+WPe98WC77KLw8qgfQsbIey+JawPWl4O67ZdL5xrypuRjfIPWjgy/VH85IXg/Z/GONZ2nxHgSShMkwqSFECAC5L3PHB+0+/12M/iikdatFSVGjpuHvkLOs3oe7m6HlOfluSJ85BzLWBbvva93qkGmLg4ZAc8rPh2O+YIsBUHNLLMM/oQp Generated-by-Nova\n",
    "7e:eb:ab:24:ba:d1:e1:88:ae:9a:fb:66:53:df:d3:bd",
  ],
  [
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFl6u75BTi8xGtSPm1yVJuLE/oMtCOuEMJJnBSuZEdXz",
    "1a:1d:a7:2c:4c:ff:15:c4:70:13:38:b6:ac:4c:dc:12",
  ],
  [
    "ssh-dss AAAAB3NzaC1kc3MAAACBAKWFW2++pDxJWObkADbSXw8KfZ4VupkRKEXFSPN2kV0v+FgdnBEcrEJPExaOTMhmxIuc82ktTv76wHSEpbbsLuI7IDbB6KJJwHs2y356yB28Q9rin7X0VMYKkPxvAcbIUSrEbQtyPMihlOaaQ2dGSsEQGQSpjm3f3RU6OWux0w/NAAAAFQCgzWF2zxQmi/Obd11z9Im6gY02gwAAAIAHCDLjipVwMLXIqNKOMktiPex+ewRQxBi80dzZ3mJzARqzLPYI9hJFUU0LiMtLuypV/djpUWN0cQpmgTQfTfuZx9ipC6Mtiz66NQqjkQuoihzdk+9KlOTo03UsX5uBGwuZ09Dnf1VTF8ZsW5HgHyOk6qD71QBajkcFJAKOT3rFfgAAAIAy8trIzqEps9/n37Nli1TvNPLbFQAXl1LNwUFmFDwBCGTLl8puVZv7VSu1FG8ko+mzqNebqcN4RMC26NxJqe+RRubn5KtmLoIa7tRe74hvQ1HTLLuGxugwa4CewNbwzzEDEs8U79WDhGKzDkJR4nLPVimj5WLAWV70RNnRX7zj5w== Generated-by-Nova",
    "b9:dc:ac:57:df:2a:2b:cf:65:a8:c3:4e:9d:4a:82:3c",
  ],
  [
    "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBG1r4wzPTIjSo78POCq+u/czb8gYK0KvqlmCvcRPrnDWxgLw7y6BX51tuYREz7iLRCP7BwUt8R+ZWzFZDeOLIWU= Generated by Nova",
    "16:6a:c9:ec:80:4d:17:3e:d5:3b:6f:c0:d7:15:04:40",
  ],
];

// OpenSSH certificates (`ssh-keygen -s ca`); Nova hashes the whole certificate blob.
const CERTIFICATES: [string, string][] = [
  [
    "ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29tAAAAILZ8W1jtZOyTUpR8+rDIp9Sq3EIaFDcPEO4FmgJ4yf6DAAAAIKM3gj++gbmGrEWMMXGgLgRfNH1XDKom6ygSehyRwdu4AAAAAAAAAAAAAAABAAAADGZpeHR1cmUtY2VydAAAABAAAAAFYWxpY2UAAAADYm9iAAAAAGsGGFgAAAAAfcTsygAAAAAAAABkAAAAFXBlcm1pdC1YMTEtZm9yd2FyZGluZwAAAAAAAAAXcGVybWl0LWFnZW50LWZvcndhcmRpbmcAAAAAAAAACnBlcm1pdC1wdHkAAAAAAAAADnBlcm1pdC11c2VyLXJjAAAAAAAAAAAAAAAzAAAAC3NzaC1lZDI1NTE5AAAAINbR8zcHvY6Y9e47TlFQ7GOVCYyFeTMEHDOhftTHhLNIAAAAUwAAAAtzc2gtZWQyNTUxOQAAAEBbdpGZkUbGWP4whLKRbOgz8AS2BmMnzSe1EFEYhY0J4r9WJDAMs3ZYYl66GN2lnxRoQdB53Ta4/JUC9BfCBBcM fixture-ed25519",
    "a9:38:bb:bb:fc:16:08:d6:b2:a7:bc:27:a6:88:d8:a1",
  ],
  [
    "ssh-rsa-cert-v01@openssh.com AAAAHHNzaC1yc2EtY2VydC12MDFAb3BlbnNzaC5jb20AAAAgq8I86ChYOwiP72cuiN7iXOjwh7zb6S2Az0v0NyK6Az4AAAADAQABAAAAgQDceILCwWISLlGduXRTWJCX7xFeE+5JKwT0wAv8s9nRth1rHRiH3kDUrkMLxXhmW+OP1uDPRwEy3dHx66IzISJadpveFNFEC/Db+w0id+JOA18fplgu2tpcyUM9ub4wvgF1T02wHGadfUl9JWqEE8j0kGgJc9yYuHk70WeZQPcFIQAAAAAAAAAAAAAAAgAAAAhyc2EtY2VydAAAAAAAAAAAAAAAAP//////////AAAAAAAAAAAAAAAAAAAAMwAAAAtzc2gtZWQyNTUxOQAAACDW0fM3B72OmPXuO05RUOxjlQmMhXkzBBwzoX7Ux4SzSAAAAFMAAAALc3NoLWVkMjU1MTkAAABAYAGe/jpX0fIc56izJiuGPU9J/QqkjQxO3crGBG4Kr0ubVN+uYQQAw6XC/wTgNvT7FqeeyxbM8LvM0VkEM9g9Bg== fixture-rsab1024",
    "f8:21:80:e4:2a:e8:de:d7:21:69:a8:60:76:49:c3:79",
  ],
];

function blobOf(line: string): Uint8Array {
  return lenientBase64Decode(new TextEncoder().encode(line.split(" ")[1]));
}

function lineOf(type: string, blob: Uint8Array, comment = "test"): string {
  return `${type} ${blob.toBase64()} ${comment}`;
}

function assertRejected(line: string): void {
  assert.throws(() => parseSshPublicKey(line), SshPublicKeyError);
  assert.throws(
    () => sshPublicKeyFingerprint(line),
    (e: unknown) => e instanceof InvalidKeypair && e.message === NOVA_400,
  );
}

Deno.test("fingerprints of ssh-keygen generated keys match ssh-keygen -E md5", () => {
  for (const { line, fp, algorithm, bits } of FIXTURES) {
    const key = parseSshPublicKey(line);
    assert.deepEqual([key.algorithm, key.bits, key.certificate], [algorithm, bits, false]);
    assert.deepEqual(sshPublicKeyFingerprint(line), fp, line.slice(0, 30));
    assert.deepEqual(sshPublicKeyFingerprint(line + "\n"), fp);
  }
});

Deno.test("fingerprints of the keys in Nova's api_samples and unit tests", () => {
  for (const [line, fp] of NOVA_KEYS) assert.deepEqual(sshPublicKeyFingerprint(line), fp);
});

Deno.test("OpenSSH certificates load; Nova hashes the whole certificate blob", () => {
  for (const [line, fp] of CERTIFICATES) {
    const key = parseSshPublicKey(line);
    assert.ok(key.certificate);
    assert.deepEqual(key.keyType, line.split("-cert-")[0]);
    assert.deepEqual(sshPublicKeyFingerprint(line), fp);
  }
});

Deno.test("parsed fields: type, blob and comment", () => {
  const key = parseSshPublicKey(FIXTURES[5].line + "\nsecond line ignored");
  assert.deepEqual(key.type, "ssh-ed25519");
  assert.deepEqual(key.keyType, "ssh-ed25519");
  assert.deepEqual(key.comment, "fixture-ed25519");
  assert.deepEqual(key.blob, blobOf(FIXTURES[5].line));
  assert.deepEqual(parseSshPublicKey(NOVA_KEYS[3][0]).comment, "");
  assert.deepEqual(parseSshPublicKey(NOVA_KEYS[5][0]).comment, "Generated by Nova");
});

Deno.test("garbage is rejected with Nova's message", () => {
  for (
    const line of [
      "bad key data",
      "",
      "ssh-rsa",
      "ssh-rsa ",
      " ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQ",
      "ssh-foo AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQ",
      "ssh-rsa-cert-v01@openssh.com AAAA",
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
      "ssh-rsa AAAA\ud800",
    ]
  ) {
    assertRejected(line);
  }
});

Deno.test("truncated blobs are rejected", () => {
  for (const { line } of FIXTURES) {
    const [type] = line.split(" ");
    const blob = blobOf(line);
    for (const cut of [1, 2, 5, blob.length - 4]) {
      assertRejected(lineOf(type, blob.subarray(0, blob.length - cut)));
    }
  }
});

Deno.test("trailing bytes after the key are rejected", () => {
  for (const { line } of [...FIXTURES, { line: CERTIFICATES[0][0] }]) {
    const [type] = line.split(" ");
    assertRejected(lineOf(type, concatBytes(blobOf(line), new Uint8Array([0]))));
  }
});

Deno.test("the blob's embedded type must match the line's type", () => {
  const ed = FIXTURES[5].line.split(" ")[1];
  const rsa = FIXTURES[1].line.split(" ")[1];
  assertRejected(`ssh-rsa ${ed} x`);
  assertRejected(`ssh-ed25519 ${rsa} x`);
  assertRejected(`ssh-dss ${rsa} x`);
  assertRejected(`ecdsa-sha2-nistp384 ${FIXTURES[2].line.split(" ")[1]} x`);
  assertRejected(`ssh-ed25519-cert-v01@openssh.com ${ed} x`);
  assertRejected(`SSH-ED25519 ${ed} x`);
});

Deno.test("key values are validated", () => {
  const rsa = (e: bigint, n: bigint) =>
    lineOf("ssh-rsa", concatBytes(sshString("ssh-rsa"), sshMpint(e), sshMpint(n)));
  const n = (1n << 1023n) + 12345n;
  assert.deepEqual(parseSshPublicKey(rsa(65537n, n)).bits, 1024);
  assertRejected(rsa(65536n, n)); // even exponent
  assertRejected(rsa(1n, n)); // exponent below 3
  assertRejected(rsa(n + 2n, n)); // exponent not below n
  // A negative mpint (top bit set without a zero pad byte).
  const negative = concatBytes(
    sshString("ssh-rsa"),
    sshString(new Uint8Array([0x81])),
    sshMpint(n),
  );
  assertRejected(lineOf("ssh-rsa", negative));

  const ed = (point: Uint8Array) =>
    lineOf("ssh-ed25519", concatBytes(sshString("ssh-ed25519"), sshString(point)));
  parseSshPublicKey(ed(new Uint8Array(32)));
  assertRejected(ed(new Uint8Array(31)));
  assertRejected(ed(new Uint8Array(33)));

  // ECDSA: flip one coordinate byte so the point leaves the curve.
  const ecBlob = blobOf(FIXTURES[2].line).slice();
  ecBlob[ecBlob.length - 1] ^= 1;
  assertRejected(lineOf("ecdsa-sha2-nistp256", ecBlob));
  // Compressed points are not accepted.
  const compressed = concatBytes(
    sshString("ecdsa-sha2-nistp256"),
    sshString("nistp256"),
    sshString(concatBytes(new Uint8Array([2]), blobOf(FIXTURES[2].line).subarray(40, 72))),
  );
  assertRejected(lineOf("ecdsa-sha2-nistp256", compressed));
  // Curve name inside the blob must match the type.
  const wrongCurve = blobOf(FIXTURES[2].line).slice();
  wrongCurve[0x20] = "3".charCodeAt(0); // "nistp256" -> "nistp356"
  assertRejected(lineOf("ecdsa-sha2-nistp256", wrongCurve));

  // DSA: SSH only takes 1024-bit primes.
  const dss = (pBits: bigint) =>
    lineOf(
      "ssh-dss",
      concatBytes(
        sshString("ssh-dss"),
        sshMpint((1n << (pBits - 1n)) + 1n),
        sshMpint((1n << 159n) + 7n),
        sshMpint(2n),
        sshMpint(5n),
      ),
    );
  parseSshPublicKey(dss(1024n));
  assertRejected(dss(2048n));

  // Security keys need an application string starting with "ssh:".
  const skBlob = blobOf(FIXTURES[7].line);
  const badApp = concatBytes(skBlob.subarray(0, skBlob.length - 8), sshString("web:"));
  assertRejected(lineOf("sk-ssh-ed25519@openssh.com", badApp));
});

Deno.test("Python's lenient base64 decoding is reproduced", () => {
  const [type, body] = FIXTURES[2].line.split(" ");
  const fp = FIXTURES[2].fp;
  // Everything after a complete padding sequence is ignored.
  assert.deepEqual(sshPublicKeyFingerprint(`${type} ${body}=garbage! c`), fp);
  // Characters outside the alphabet are skipped.
  assert.deepEqual(sshPublicKeyFingerprint(`${type} ${body.slice(0, 10)}*${body.slice(10)} c`), fp);
  assert.deepEqual(
    new TextDecoder().decode(lenientBase64Decode(new TextEncoder().encode("aG V*sbG8=xx"))),
    "hello",
  );
  assert.throws(() => lenientBase64Decode(new TextEncoder().encode("abc")));
  assert.throws(() => lenientBase64Decode(new TextEncoder().encode("abcde")));
});

Deno.test("Nova re-splits on single spaces before hashing", () => {
  const [type, body] = FIXTURES[5].line.split(" ");
  // Valid for cryptography, but the second space-separated field is missing.
  parseSshPublicKey(`${type}\t${body}`);
  assert.throws(() => sshPublicKeyFingerprint(`${type}\t${body}`), InvalidKeypair);
  // A doubled space makes Nova hash an empty field: MD5 of nothing.
  assert.deepEqual(
    sshPublicKeyFingerprint(`${type}  ${body}`),
    "d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:ec:f8:42:7e",
  );
});
