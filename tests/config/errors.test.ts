import assert from "node:assert/strict";
import { rejected } from "./_assert.ts";
import { ConfigError, loadConfig } from "../../lib/config/mod.ts";

/** A reader over in-memory files; absent paths fail as Deno does. */
function memory(files: Record<string, string>) {
  return (path: string): Promise<string> =>
    Object.hasOwn(files, path)
      ? Promise.resolve(files[path])
      : Promise.reject(new Deno.errors.NotFound(`No such file or directory: ${path}`));
}

const NOVA_CONF = "/etc/nova/nova.conf";
const PASTE = "/etc/nova/api-paste.ini";
const FILES_ENV = { OS_NOVA_CONFIG_FILES: "nova.conf" };

const cases: Array<{
  name: string;
  env?: Record<string, string>;
  files?: Record<string, string>;
  message: string;
}> = [
  {
    name: "bad integer in a file",
    env: FILES_ENV,
    files: {
      [NOVA_CONF]: "[DEFAULT]\n# listen here\n\nosapi_compute_listen_port = abc\n",
    },
    message:
      '/etc/nova/nova.conf:4: [DEFAULT] osapi_compute_listen_port = "abc": expected an integer between 0 and 65535',
  },
  {
    name: "integer out of range",
    env: FILES_ENV,
    files: { [NOVA_CONF]: "[api]\nmax_limit = -1\n" },
    message:
      '/etc/nova/nova.conf:2: [api] max_limit = "-1": expected an integer greater than or equal to 0',
  },
  {
    name: "bad boolean in a file",
    env: FILES_ENV,
    files: { [NOVA_CONF]: "[neutron]\nservice_metadata_proxy = maybe\n" },
    message:
      '/etc/nova/nova.conf:2: [neutron] service_metadata_proxy = "maybe": expected a boolean (true/false, yes/no, on/off or 1/0)',
  },
  {
    name: "bad boolean in the environment names the variable",
    env: { ...FILES_ENV, OS_DEFAULT__DEBUG: "verbose" },
    files: { [NOVA_CONF]: "" },
    message:
      'OS_DEFAULT__DEBUG: [DEFAULT] debug = "verbose": expected a boolean (true/false, yes/no, on/off or 1/0)',
  },
  {
    name: "unknown choice",
    env: FILES_ENV,
    files: { [NOVA_CONF]: "[api]\nauth_strategy = noauth\n" },
    message:
      '/etc/nova/nova.conf:2: [api] auth_strategy = "noauth": expected one of: keystone, noauth2',
  },
  {
    name: "unknown list item choice",
    env: FILES_ENV,
    files: { [NOVA_CONF]: "[api]\nvendordata_providers = StaticJSON, Dynamic\n" },
    message:
      '/etc/nova/nova.conf:2: [api] vendordata_providers = "StaticJSON, Dynamic": list item "Dynamic": expected one of: StaticJSON, DynamicJSON',
  },
  {
    name: "the section and key are named as written, deprecated name included",
    env: FILES_ENV,
    files: { [NOVA_CONF]: "[DEFAULT]\nquota_cores = many\n" },
    message:
      '/etc/nova/nova.conf:2: [DEFAULT] quota_cores = "many": expected an integer greater than or equal to -1',
  },
  {
    name: "section case as written",
    env: FILES_ENV,
    files: { [NOVA_CONF]: "[API]\nmax_limit = lots\n" },
    message:
      '/etc/nova/nova.conf:2: [API] max_limit = "lots": expected an integer greater than or equal to 0',
  },
  {
    name: "a secret value is masked",
    env: FILES_ENV,
    files: { [NOVA_CONF]: "[neutron]\nmetadata_proxy_shared_secret = ${DEFAULT.nothing}\n" },
    message:
      '/etc/nova/nova.conf:2: [neutron] metadata_proxy_shared_secret = "****": cannot substitute $DEFAULT.nothing: no option [DEFAULT] nothing is registered',
  },
  {
    name: "a multi-line value stays on one line",
    env: FILES_ENV,
    files: { [NOVA_CONF]: "[api]\nmax_limit = 1\n  2\n" },
    message:
      '/etc/nova/nova.conf:2: [api] max_limit = "1\\n2": expected an integer greater than or equal to 0',
  },
  {
    name: "missing default files",
    files: {},
    message:
      "missing config files /etc/nova/api-paste.ini, /etc/nova/nova.conf (default of OS_NOVA_CONFIG_FILES)",
  },
  {
    name: "one missing default file",
    files: { [PASTE]: "" },
    message: "missing config file /etc/nova/nova.conf (default of OS_NOVA_CONFIG_FILES)",
  },
  {
    name: "a missing listed file",
    env: { OS_NOVA_CONFIG_FILES: "api-paste.ini;nova.conf" },
    files: { [PASTE]: "" },
    message: "missing config file /etc/nova/nova.conf (from OS_NOVA_CONFIG_FILES)",
  },
];

for (const c of cases) {
  Deno.test(`error text: ${c.name}`, async () => {
    const err = await rejected(
      () => loadConfig({ env: c.env ?? {}, readTextFile: memory(c.files ?? {}) }),
      ConfigError,
    );
    assert.deepEqual(err.message, c.message);
    assert.deepEqual(err.message.includes("\n"), false);
  });
}

Deno.test("a bad value's error carries its place, group and option", async () => {
  const err = await rejected(
    () =>
      loadConfig({
        env: FILES_ENV,
        readTextFile: memory({ [NOVA_CONF]: "[api]\nmax_limit = x\n" }),
      }),
    ConfigError,
  );
  assert.deepEqual([err.where, err.group, err.option], [
    "/etc/nova/nova.conf:2",
    "api",
    "max_limit",
  ]);
});
