import assert from "node:assert/strict";
import { buildService } from "../../lib/service/build.ts";
import { DEFAULT_PASTE_INI } from "../../lib/service/default_paste.ts";
import { environ } from "../../lib/http/environ.ts";

Deno.test("etc/nova/api-paste.ini is the built-in paste text", async () => {
  const file = await Deno.readTextFile(new URL("../../etc/nova/api-paste.ini", import.meta.url));
  assert.equal(file, DEFAULT_PASTE_INI);
});

Deno.test("without files (Deno Deploy) the service is configured from OS_<GROUP>__<OPTION> alone", async () => {
  const built = await buildService("osapi_compute", {
    env: {
      DENO_DEPLOYMENT_ID: "test",
      OS_API__AUTH_STRATEGY: "noauth2",
      OS_DATABASE__CONNECTION: ":memory:",
      OS_API__COMPUTE_LINK_PREFIX: "https://compute.example.com",
      OS_DEFAULT__OSAPI_COMPUTE_LISTEN_PORT: "9999",
    },
    log: () => {},
  });
  try {
    assert.equal(built.listen.port, 9999);
    assert.deepEqual(built.config.files, []);
    const request = new Request("http://10.1.1.1:8774/v2.1/");
    environ(request).remoteAddr = "10.0.0.9";
    const doc = await (await built.handler(request)).json();
    assert.equal(doc.version.links[0].href, "https://compute.example.com/v2.1/");
    const flavors = await built.handler(
      new Request("http://h/v2.1/flavors", { headers: { "X-Auth-Token": "admin:admin" } }),
    );
    assert.equal(flavors.status, 200);
    await flavors.body?.cancel();
  } finally {
    built.runtime.close();
  }
});

Deno.test("the keystone pipeline never lets a request through without a token", async () => {
  const built = await buildService("osapi_compute", {
    noFiles: true,
    env: { OS_DATABASE__CONNECTION: ":memory:" },
    log: () => {},
  });
  try {
    const res = await built.handler(new Request("http://h/v2.1/flavors"));
    assert.equal(res.status, 401);
    await res.body?.cancel();
  } finally {
    built.runtime.close();
  }
});

Deno.test("an auth_strategy the paste file has no pipeline for stops start-up naming it", async () => {
  const master = DEFAULT_PASTE_INI.replace(/^noauth2 = .*$/gm, "");
  await assert.rejects(
    buildService("osapi_compute", {
      noFiles: true,
      pasteText: master,
      env: { OS_API__AUTH_STRATEGY: "noauth2", OS_DATABASE__CONNECTION: ":memory:" },
      log: () => {},
    }),
    /\[composite:openstack_compute_api_v21\w*\] has no "noauth2" pipeline/,
  );
});

Deno.test("a [database] connection this port cannot use names the option", async () => {
  const built = buildService("osapi_compute", {
    noFiles: true,
    env: {
      OS_API__AUTH_STRATEGY: "noauth2",
      OS_DATABASE__CONNECTION: "mysql+pymysql://nova@db/nova",
    },
    log: () => {},
  });
  await assert.rejects(
    built,
    /\[database\] connection = "\*\*\*\*": this port keeps its state in Deno KV/,
  );
});

Deno.test("[oslo_policy] policy_file overrides Nova's defaults in the running service", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/policy.yaml`, '"os_compute_api:limits": "!"\n');
  const built = await buildService("osapi_compute", {
    noFiles: true,
    env: {
      OS_API__AUTH_STRATEGY: "noauth2",
      OS_DATABASE__CONNECTION: ":memory:",
      OS_OSLO_POLICY__POLICY_FILE: `${dir}/policy.yaml`,
    },
    log: () => {},
  });
  try {
    const res = await built.handler(
      new Request("http://h/v2.1/limits", { headers: { "X-Auth-Token": "admin:admin" } }),
    );
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), {
      forbidden: {
        code: 403,
        message: "Policy doesn't allow os_compute_api:limits to be performed.",
      },
    });
  } finally {
    built.runtime.close();
    await Deno.remove(dir, { recursive: true });
  }
});
