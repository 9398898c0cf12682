import assert from "node:assert/strict";
import { createEnforcer } from "../../lib/policy/mod.ts";
import {
  loadPolicyOverrides,
  parsePolicyFile,
  PolicyFileError,
} from "../../lib/policy/policy-file.ts";
import { personas, PROJECT } from "./_personas.ts";

async function withConfigDir(
  files: Record<string, string>,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "nova-policy-" });
  try {
    for (const [name, text] of Object.entries(files)) {
      const path = `${dir}/${name}`;
      await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      await Deno.writeTextFile(path, text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("policy file: JSON documents, including the list-of-lists form", () => {
  const rules = parsePolicyFile(
    '{"a": "role:x", "b": [["role:y", "role:z"], ["role:w"]], "c": null}',
    "p.json",
  );
  assert.deepEqual(Object.fromEntries(rules), {
    a: "role:x",
    b: [["role:y", "role:z"], ["role:w"]],
    c: "",
  });
  assert.throws(() => parsePolicyFile('{"a": 1}', "p.json"), PolicyFileError);
  assert.throws(() => parsePolicyFile('{"a": ', "p.json"), /invalid policy file p\.json/);
  assert.throws(() => parsePolicyFile("a:\n  b: c\n", "p.yaml"), /p\.yaml.*line 2/);
});

Deno.test("policy file: relative policy_file found in the config dir", async () => {
  await withConfigDir({ "policy.yaml": '"os_compute_api:limits": "role:admin"\n' }, async (dir) => {
    const enforcer = await createEnforcer({ configDir: dir });
    const target = { project_id: PROJECT };
    assert.equal(enforcer.enforce("os_compute_api:limits", target, personas.member), false);
    assert.equal(enforcer.enforce("os_compute_api:limits", target, personas.admin), true);
  });
});

Deno.test("policy file: missing files and directories mean no overrides", async () => {
  await withConfigDir({}, async (dir) => {
    const loaded = await loadPolicyOverrides({ configDir: dir });
    assert.equal(loaded.rules.size, 0);
    assert.deepEqual(loaded.files, []);
    const enforcer = await createEnforcer({ configDir: dir, policyFile: "nope.yaml" });
    assert.equal(
      enforcer.enforce("os_compute_api:limits", { project_id: PROJECT }, personas.reader),
      true,
    );
  });
});

Deno.test("policy file: absolute path and JSON content", async () => {
  await withConfigDir(
    { "elsewhere/custom.json": '{"os_compute_api:limits": "!"}' },
    async (dir) => {
      const enforcer = await createEnforcer({
        configDir: "/nonexistent-config-dir",
        policyFile: `${dir}/elsewhere/custom.json`,
      });
      assert.equal(enforcer.ruleText("os_compute_api:limits"), "!");
    },
  );
});

Deno.test("policy file: policy_dirs merge on top in sorted order, later wins", async () => {
  await withConfigDir({
    "policy.yaml": [
      '"os_compute_api:limits": "role:from_file"',
      '"os_compute_api:os-quota-sets:show": "role:from_file"',
    ].join("\n"),
    "policy.d/20-second.json": '{"os_compute_api:limits": "role:second"}',
    "policy.d/10-first.yaml": [
      '"os_compute_api:limits": "role:first"',
      '"os_compute_api:os-keypairs:index": "role:first"',
    ].join("\n"),
    "policy.d/.hidden.yaml": '"os_compute_api:limits": "role:hidden"',
    "policy.d/nested/30.yaml": '"os_compute_api:limits": "role:nested"',
    "extra.d/01.yaml": '"os_compute_api:os-keypairs:index": "role:extra"',
  }, async (dir) => {
    const loaded = await loadPolicyOverrides({
      configDir: dir,
      policyDirs: ["policy.d", "extra.d"],
    });
    assert.deepEqual(loaded.files, [
      `${dir}/policy.yaml`,
      `${dir}/policy.d/10-first.yaml`,
      `${dir}/policy.d/20-second.json`,
      `${dir}/extra.d/01.yaml`,
    ]);
    const enforcer = await createEnforcer({ configDir: dir, policyDirs: ["policy.d", "extra.d"] });
    assert.equal(enforcer.ruleText("os_compute_api:limits"), "role:second");
    assert.equal(enforcer.ruleText("os_compute_api:os-quota-sets:show"), "role:from_file");
    assert.equal(enforcer.ruleText("os_compute_api:os-keypairs:index"), "role:extra");
  });
});

Deno.test("policy file: a broken file is reported with its path", async () => {
  await withConfigDir({ "policy.d/bad.yaml": "- nope\n" }, async (dir) => {
    await assert.rejects(
      () => createEnforcer({ configDir: dir }),
      (err: unknown) => err instanceof PolicyFileError && err.path === `${dir}/policy.d/bad.yaml`,
    );
  });
});

Deno.test("policy file: injected file access and several config dirs", async () => {
  const files: Record<string, string> = {
    "/etc/nova/policy.yaml": '"os_compute_api:limits": "role:etc"\n',
    "/srv/nova/policy.yaml": '"os_compute_api:limits": "role:srv"\n',
    "/srv/nova/policy.d/a.yaml": '"os_compute_api:os-keypairs:index": "role:a"\n',
  };
  const notFound = (path: string) => new Deno.errors.NotFound(path);
  const readTextFile = (path: string) =>
    path in files ? Promise.resolve(files[path]) : Promise.reject(notFound(path));
  const listFiles = (dir: string) => {
    const names = Object.keys(files)
      .filter((p) => p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes("/"))
      .map((p) => p.slice(dir.length + 1));
    return names.length ? Promise.resolve(names) : Promise.reject(notFound(dir));
  };
  const enforcer = await createEnforcer({
    configDir: ["/srv/nova", "/etc/nova"],
    readTextFile,
    listFiles,
    enforceNewDefaults: false,
  });
  assert.equal(enforcer.ruleText("os_compute_api:limits"), "role:srv");
  assert.equal(enforcer.ruleText("os_compute_api:os-keypairs:index"), "role:a");
  assert.equal(enforcer.enforceNewDefaults, false);
  assert.equal(enforcer.enforceScope, true);
});
