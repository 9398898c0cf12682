/**
 * Fixed key material for keypair tests, with fingerprints precomputed by
 * `ssh-keygen -l -E md5 -f <file>` and `openssl x509 -noout -fingerprint -sha1`.
 *
 * @module
 */

/** The 1024-bit RSA key of Nova's import sample. */
export const RSA_KEY =
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw== Generated-by-Nova";
/** `ssh-keygen -l -E md5`: `1024 MD5:1e:2c:… Generated-by-Nova (RSA)`. */
export const RSA_KEY_MD5 = "1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c";

/** An Ed25519 key made with `ssh-keygen -t ed25519 -C me@host`. */
export const ED25519_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICqfoC9aWk/BmWcyWUY5tbEpf+ZBHwhrbO+id9wRS4Sn me@host";
/** `ssh-keygen -l -E md5`: `256 MD5:be:6c:… me@host (ED25519)`. */
export const ED25519_KEY_MD5 = "be:6c:e6:0e:15:61:86:d3:34:ca:3e:ee:82:36:62:21";

/** A self-signed certificate (`openssl req -x509 -subj /CN=fixture`). */
export const X509_CERT = `-----BEGIN CERTIFICATE-----
MIICAjCCAWugAwIBAgIUBAN5cNRrAVX1G379S5yb2EWi0SowDQYJKoZIhvcNAQEL
BQAwEjEQMA4GA1UEAwwHZml4dHVyZTAgFw0yNjExMjQyMzIwMjlaGA8yMTI2MTAz
MTIzMjAyOVowEjEQMA4GA1UEAwwHZml4dHVyZTCBnzANBgkqhkiG9w0BAQEFAAOB
jQAwgYkCgYEAtVOsUTc+yXYp8rBF7mRbCwRrRELBvhJvRLaQ2r2IGBvMx4w9kohn
VrN+7l8gabUzJRPnNXI9Av1A1HDav2RZ+vc+Xm2b1FtKtEWsfdDKNASpg2WW0eTi
hVWuw43wGOuCc9SSPLG4RLorxWa7iGAoB8XP0Cmq432NvhXBRwOiRE0CAwEAAaNT
MFEwHQYDVR0OBBYEFBeZEmsAJIj3jlFkptGAiUqPiz2EMB8GA1UdIwQYMBaAFBeZ
EmsAJIj3jlFkptGAiUqPiz2EMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQEL
BQADgYEAipMRQxj8t85rCi2c4JcfipGdRLSooTho5pXsft1YCW786RdQPRgBxEip
m1R66qk7fw+Vp+t/n/cM3gScnyMgo2Tbirj7Jk74be62abud9jlesmTOqFon/P1v
UC7c8Kv2H5fz9pULKuRKfouLBpqwL17acXLa6jqsxPc/MEBoN20=
-----END CERTIFICATE-----
`;
/** `openssl x509 -fingerprint -sha1`, lower-cased. */
export const X509_CERT_SHA1 = "82:d0:c3:09:a1:97:40:c3:8e:e0:ab:7e:c0:93:65:64:57:c4:cf:74";
