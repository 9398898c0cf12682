import assert from "node:assert/strict";
import { parseUserLine } from "../../../lib/identity/embedded/users_lines.ts";
import {
  hashPassword,
  parsePasswordHash,
  verifyPassword,
} from "../../../lib/identity/embedded/password.ts";
import { openToken, sealToken } from "../../../lib/identity/embedded/token_format.ts";
import { hmacKey } from "../../../lib/identity/embedded/signing_key.ts";
import { isoTime } from "../../../lib/identity/embedded/time.ts";

Deno.test("users lines: passwords may hold colons; roles join with +", () => {
  assert.deepEqual(parseUserLine("demo:pa:ss:demo:member+reader"), {
    name: "demo",
    password: "pa:ss",
    project: "demo",
    roles: ["member", "reader"],
  });
  assert.deepEqual(parseUserLine("solo:pw::"), {
    name: "solo",
    password: "pw",
    project: "",
    roles: [],
  });
  assert.throws(() => parseUserLine("a:b"), /NAME:PASSWORD:PROJECT:ROLES/);
  assert.throws(() => parseUserLine("a:b:p:member++x"), /empty role name/);
});

Deno.test("password hashes round-trip and reject other passwords", async () => {
  const text = await hashPassword("correct horse", 2000);
  const parsed = parsePasswordHash(text)!;
  assert.equal(parsed.rounds, 2000);
  assert.ok(await verifyPassword("correct horse", parsed));
  assert.ok(!(await verifyPassword("correct horse!", parsed)));
  assert.ok(parsePasswordHash("$" + text), "passlib's leading $ is accepted");
  assert.equal(parsePasswordHash("plain"), undefined);
  assert.equal(parsePasswordHash("pbkdf2-sha256$x$y$z"), undefined);
});

/** Whether /usr/bin/python3 can import a module. */
async function pythonHas(module: string): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", `import ${module}`],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

Deno.test("hashes are interchangeable with passlib's pbkdf2_sha256", async (t) => {
  if (!(await pythonHas("passlib.hash"))) {
    console.log("skipped: /usr/bin/python3 with passlib is not available");
    return;
  }
  const ours = await hashPassword("s3cret", 1000);
  const script = [
    "import sys",
    "from passlib.hash import pbkdf2_sha256 as h",
    "print(h.verify('s3cret', '$' + sys.argv[1]))",
    "print(h.using(rounds=1000).hash('s3cret'))",
  ].join("\n");
  const output = await new Deno.Command("/usr/bin/python3", { args: ["-c", script, ours] })
    .output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  const [verdict, theirs] = new TextDecoder().decode(output.stdout).trim().split("\n");
  await t.step("passlib accepts ours", () => assert.equal(verdict, "True"));
  await t.step("we accept passlib's", async () => {
    const parsed = parsePasswordHash(theirs);
    assert.ok(parsed, theirs);
    assert.ok(await verifyPassword("s3cret", parsed));
    assert.ok(!(await verifyPassword("other", parsed)));
  });
});

Deno.test("token format: sealed payloads open only with the same key and unaltered", async () => {
  const key = await hmacKey(crypto.getRandomValues(new Uint8Array(32)));
  const other = await hmacKey(crypto.getRandomValues(new Uint8Array(32)));
  const payload = {
    userId: "u",
    projectId: "p",
    roles: ["member"],
    methods: ["password"],
    issuedAt: 1,
    expiresAt: 2,
    auditIds: ["a"],
  };
  const token = await sealToken(key, payload);
  assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(await openToken(key, token), payload);
  assert.equal(await openToken(other, token), undefined);
  assert.equal(await openToken(key, token + "A"), undefined);
  assert.equal(await openToken(key, token.replace(".", "A.")), undefined);
  const { projectId: _, ...unscoped } = payload;
  assert.deepEqual(await openToken(key, await sealToken(key, unscoped)), unscoped);
});

Deno.test("isoTime renders Keystone's six fraction digits", () => {
  assert.equal(isoTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678)), "2026-01-02T03:04:05.678000Z");
});
