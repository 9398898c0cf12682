/**
 * Bad configuration still stops the compute service's start-up although the policy engine and
 * the compute runtime are built on first use: the policy files are parsed and the runtime's
 * options read while the app is built.
 */
import assert from "node:assert/strict";
import { buildService } from "../../lib/service/build.ts";
import { DEFAULT_PASTE_INI } from "../../lib/service/default_paste.ts";
import { buildComputeInProcess } from "../../bench/_support.ts";

const ENV = { OS_API__AUTH_STRATEGY: "keystone", OS_DATABASE__CONNECTION: ":memory:" };

Deno.test("a policy file that does not parse stops compute start-up naming it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/policy.yaml`, '"os_compute_api:limits": [unclosed\n');
    await assert.rejects(
      buildService("osapi_compute", {
        noFiles: true,
        env: { ...ENV, OS_OSLO_POLICY__POLICY_FILE: `${dir}/policy.yaml` },
        log: () => {},
      }),
      (e: Error) => e.name === "PolicyFileError" && e.message.includes(`${dir}/policy.yaml`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a host configured twice stops compute start-up naming the option", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/nova.conf`,
      "[virt]\nhost = h1:8:8192:80\nhost = h1:8:8192:80\n",
    );
    await assert.rejects(
      buildService("osapi_compute", {
        env: { ...ENV, OS_NOVA_CONFIG_DIR: dir, OS_NOVA_CONFIG_FILES: "nova.conf" },
        pasteText: DEFAULT_PASTE_INI,
        log: () => {},
      }),
      /\[virt\] host: host h1 is configured twice/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a bad [identity] users line stops compute start-up naming the option", async () => {
  await assert.rejects(
    buildService("osapi_compute", {
      noFiles: true,
      env: { ...ENV, OS_IDENTITY__USERS: "admin-without-colons" },
      log: () => {},
    }),
    (e: Error) => e.name === "ConfigError" && e.message.includes("[identity] users"),
  );
});

Deno.test("a signing key file that holds no key stops compute start-up naming it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/identity-signing.key`, "not a key\n");
    await assert.rejects(
      buildService("osapi_compute", {
        noFiles: true,
        env: {
          ...ENV,
          OS_IDENTITY__USERS: "admin:admin:admin:admin",
          OS_IDENTITY__SIGNING_KEY_FILE: `${dir}/identity-signing.key`,
        },
        log: () => {},
      }),
      (e: Error) => e.name === "ConfigError" && e.message.includes("[identity] signing_key_file"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a missing [keystone_authtoken] cafile stops compute start-up", async () => {
  await assert.rejects(
    buildService("osapi_compute", {
      noFiles: true,
      env: { ...ENV, OS_KEYSTONE_AUTHTOKEN__CAFILE: "/nonexistent-dir/ca.pem" },
      log: () => {},
    }),
    Deno.errors.NotFound,
  );
});

Deno.test("auth_token warns at start-up, and not again when its code loads for a request", async () => {
  const lines: string[] = [];
  const built = await buildService("osapi_compute", {
    noFiles: true,
    env: { ...ENV, OS_DEFAULT__OSAPI_COMPUTE_LISTEN_PORT: "0" },
    log: (line) => lines.push(line),
  });
  try {
    const warning = /auth_type is not set/;
    const atStart = lines.filter((l) => warning.test(l)).length;
    assert.ok(atStart >= 1, `no auth_type warning at start-up: ${lines.join("\n")}`);
    const res = await built.handler(new Request("http://h/v2.1/flavors"));
    assert.equal(res.status, 401);
    await res.body?.cancel();
    assert.equal(lines.filter((l) => warning.test(l)).length, atStart);
  } finally {
    await built.runtime.close();
  }
});

Deno.test("[deno] seed_flavors: the flavors are there for the compute API's first answer", async () => {
  const built = await buildComputeInProcess();
  try {
    const res = await built.handler(
      new Request("http://h/v2.1/flavors", { headers: { "X-Auth-Token": "admin:admin" } }),
    );
    assert.equal(res.status, 200);
    const names = (await res.json()).flavors.map((f: { name: string }) => f.name);
    assert.ok(names.includes("m1.tiny"), `flavors: ${names}`);
  } finally {
    await built.runtime.close();
  }
});
