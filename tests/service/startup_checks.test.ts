/**
 * Bad configuration still stops the compute service's start-up although the policy engine and
 * the compute runtime are built on first use: the policy files are parsed and the runtime's
 * options read while the app is built.
 */
import assert from "node:assert/strict";
import { buildService } from "../../lib/service/build.ts";
import { DEFAULT_PASTE_INI } from "../../lib/service/default_paste.ts";

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
