import assert from "node:assert/strict";
import {
  buildIdentityOptions,
  cloudsYaml,
  hashPassword,
} from "../../../lib/identity/embedded/mod.ts";
import { startIdentity, USERS } from "./_serve.ts";

Deno.test("cloudsYaml lists one cloud per user with a project", async () => {
  const options = await buildIdentityOptions({
    users: [
      "admin:secret:admin:admin",
      `hashed:${await hashPassword("x", 1000)}:ops:member`,
      "loner:pw::",
    ],
  });
  const text = cloudsYaml(options, "http://127.0.0.1:8774/");
  assert.match(text, /^clouds:$/m);
  assert.match(text, /^ {2}"nova-deno-admin":$/m);
  assert.match(text, /^ {6}auth_url: "http:\/\/127\.0\.0\.1:8774\/identity"$/m);
  assert.match(text, /^ {6}password: "secret"$/m);
  assert.match(text, /^ {6}project_name: "admin"$/m);
  assert.match(text, /^ {6}password: "" {2}# configured as a hash: fill in$/m);
  assert.ok(!text.includes("loner"), "a user without a project gets no cloud");
  assert.match(text, /^ {4}region_name: "RegionOne"$/m);

  const empty = await buildIdentityOptions({ users: [] });
  assert.match(cloudsYaml(empty, "http://h"), /^clouds: \{\}$/m);
});

/** Whether python3 with openstacksdk is here. */
async function sdkAvailable(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", "import openstack"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

Deno.test("openstacksdk connects with the generated clouds.yaml", async () => {
  if (!(await sdkAvailable())) {
    console.log("skipped: /usr/bin/python3 with openstacksdk is not available");
    return;
  }
  const server = await startIdentity({ users: USERS });
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/clouds.yaml`, cloudsYaml(server.options, server.base));
    const script = [
      "import json, openstack",
      "conn = openstack.connect(cloud='nova-deno-admin')",
      "print(json.dumps({",
      "  'compute': conn.session.get_endpoint(service_type='compute', interface='public'),",
      "  'projects': sorted(p.name for p in conn.identity.projects()),",
      "  'demo': conn.identity.find_project('demo').id,",
      "}))",
    ].join("\n");
    const output = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", script],
      env: {
        OS_CLIENT_CONFIG_FILE: `${dir}/clouds.yaml`,
        HOME: dir,
        NO_PROXY: "*",
        no_proxy: "*",
      },
    }).output();
    assert.ok(output.success, new TextDecoder().decode(output.stderr));
    const result = JSON.parse(new TextDecoder().decode(output.stdout));
    assert.equal(result.compute, `${server.base}/v2.1`);
    assert.deepEqual(result.projects, ["admin", "demo", "service", "shared"]);
    assert.equal(
      result.demo,
      server.options.directory.projects.find((p) => p.name === "demo")!.id,
    );
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
