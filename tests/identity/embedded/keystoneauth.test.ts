/**
 * The embedded service against the real client library: keystoneauth1's v3 and generic
 * (discovering) password plugins, run by /usr/bin/python3. Skipped, with a note, when python3 or
 * keystoneauth1 is missing.
 */
import assert from "node:assert/strict";
import { startIdentity } from "./_serve.ts";

const PYTHON = "/usr/bin/python3";

const SCRIPT = `
import json, sys
from keystoneauth1 import session
from keystoneauth1.identity import generic, v3

identity = sys.argv[1]
common = dict(username="demo", password="demo-pw", project_name="demo",
              user_domain_name="Default", project_domain_name="Default")
out = {}
for label, plugin in (("v3", v3.Password(auth_url=identity + "/v3", **common)),
                      ("generic", generic.Password(auth_url=identity, **common))):
    sess = session.Session(auth=plugin)
    access = plugin.get_access(sess)
    out[label] = {
        "token": sess.get_token(),
        "project_id": access.project_id,
        "project_name": access.project_name,
        "user_id": access.user_id,
        "roles": sorted(access.role_names),
        "compute": sess.get_endpoint(service_type="compute", interface="public"),
        "compute_internal": sess.get_endpoint(service_type="compute", interface="internal"),
        "identity": sess.get_endpoint(service_type="identity", interface="public"),
    }
bad = v3.Password(auth_url=identity + "/v3", **dict(common, password="wrong"))
try:
    session.Session(auth=bad).get_token()
    out["bad"] = "accepted"
except Exception as e:
    out["bad"] = type(e).__name__
print(json.dumps(out))
`;

/** Whether python3 with keystoneauth1 is here. */
async function keystoneauthAvailable(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(PYTHON, {
      args: ["-c", "import keystoneauth1"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

Deno.test("keystoneauth1 authenticates and finds the compute endpoint", async () => {
  if (!(await keystoneauthAvailable())) {
    console.log(`skipped: ${PYTHON} with keystoneauth1 is not available`);
    return;
  }
  const server = await startIdentity();
  try {
    const output = await new Deno.Command(PYTHON, {
      args: ["-c", SCRIPT, server.identity],
      env: { NO_PROXY: "*", no_proxy: "*" },
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.ok(output.success, stderr);
    const result = JSON.parse(new TextDecoder().decode(output.stdout));
    const { directory } = server.options;
    const demo = directory.users.find((u) => u.name === "demo")!;
    const project = directory.projects.find((p) => p.name === "demo")!;
    for (const label of ["v3", "generic"]) {
      const got = result[label];
      assert.ok(got.token.length > 40, label);
      assert.equal(got.user_id, demo.id);
      assert.equal(got.project_id, project.id);
      assert.equal(got.project_name, "demo");
      assert.deepEqual(got.roles, ["member", "reader"]);
      assert.equal(got.compute, `${server.base}/v2.1`);
      assert.equal(got.compute_internal, `${server.base}/v2.1`);
      assert.equal(got.identity, `${server.identity}/v3`);
    }
    assert.equal(result.bad, "Unauthorized");
  } finally {
    await server.close();
  }
});
