import assert from "node:assert/strict";
import { rejected, thrown } from "./_assert.ts";
import {
  boolean,
  type Config,
  ConfigError,
  configFromValues,
  integer,
  list,
  loadConfig,
  OptionRegistry,
  string,
} from "../../lib/config/mod.ts";

/** A reader over in-memory files; absent paths fail as Deno does. */
function memory(files: Record<string, string>) {
  return (path: string): Promise<string> => {
    if (Object.hasOwn(files, path)) return Promise.resolve(files[path]);
    return Promise.reject(new Deno.errors.NotFound(`No such file or directory: ${path}`));
  };
}

/** Loads the given files (in the given order) from memory with the given environment. */
function load(files: Record<string, string>, env: Record<string, string> = {}): Promise<Config> {
  return loadConfig({ env, files: Object.keys(files), readTextFile: memory(files) });
}

Deno.test("defaults apply when nothing is set", async () => {
  const config = await load({ "/e/nova.conf": "" });
  const want: Array<[string, string, unknown]> = [
    ["DEFAULT", "debug", false],
    ["DEFAULT", "osapi_compute_listen", "0.0.0.0"],
    ["DEFAULT", "osapi_compute_listen_port", 8774],
    ["DEFAULT", "osapi_compute_workers", null],
    ["DEFAULT", "metadata_listen_port", 8775],
    ["DEFAULT", "state_path", "."],
    ["wsgi", "api_paste_config", "api-paste.ini"],
    ["api", "auth_strategy", "keystone"],
    ["api", "max_limit", 1000],
    ["api", "vendordata_providers", ["StaticJSON"]],
    ["api", "dhcp_domain", "novalocal"],
    ["oslo_middleware", "max_request_body_size", 114688],
    ["cors", "allowed_origin", null],
    ["cors", "allow_methods", ["GET", "PUT", "POST", "DELETE", "PATCH"]],
    ["quota", "ram", 51200],
    ["oslo_policy", "policy_dirs", ["policy.d"]],
    ["keystone_authtoken", "service_token_roles", ["service"]],
    ["deno", "fake_boot_seconds", 1],
    ["deno", "seed_flavors", false],
  ];
  for (const [group, name, value] of want) {
    assert.deepEqual(config.get(group, name), value, `[${group}] ${name}`);
    assert.deepEqual(config.has(group, name), false, `[${group}] ${name} is not set`);
    assert.deepEqual(config.source(group, name), "default");
  }
  assert.deepEqual(config.files, ["/e/nova.conf"]);
});

Deno.test("values from a file are typed, and later files override earlier ones", async () => {
  const config = await load({
    "/e/a.conf": "[DEFAULT]\ndebug = yes\nmy_ip = 10.0.0.1\n[api]\nmax_limit = 20\n",
    "/e/b.conf": "[api]\nmax_limit = 30\n",
  });
  assert.deepEqual(config.get("DEFAULT", "debug"), true);
  assert.deepEqual(config.get("DEFAULT", "my_ip"), "10.0.0.1");
  assert.deepEqual(config.get("api", "max_limit"), 30);
  assert.deepEqual(config.source("api", "max_limit"), "/e/b.conf:2");
  assert.deepEqual(config.has("api", "max_limit"), true);
});

Deno.test("a repeated key: single-valued options take the last, multi-valued ones take all", async () => {
  const config = await load({
    "/e/a.conf": "[api]\nmax_limit = 1\nmax_limit = 2\n[oslo_policy]\npolicy_dirs = a\n",
    "/e/b.conf": "[oslo_policy]\npolicy_dirs = b\npolicy_dirs = c\n",
  });
  assert.deepEqual(config.get("api", "max_limit"), 2);
  assert.deepEqual(config.get("oslo_policy", "policy_dirs"), ["a", "b", "c"]);
});

Deno.test("section names match groups case-insensitively, except DEFAULT", async () => {
  const config = await load({
    "/e/a.conf":
      "[API]\nmax_limit = 7\n[default]\ndebug = true\n[Oslo_Middleware]\nmax_request_body_size = 9\n",
  });
  assert.deepEqual(config.get("api", "max_limit"), 7);
  assert.deepEqual(config.get("oslo_middleware", "max_request_body_size"), 9);
  assert.deepEqual(config.get("DEFAULT", "debug"), false);
  assert.deepEqual(config.has("DEFAULT", "debug"), false);
});

Deno.test("option names are matched exactly", async () => {
  const config = await load({ "/e/a.conf": "[api]\nMAX_LIMIT = 7\n" });
  assert.deepEqual(config.get("api", "max_limit"), 1000);
});

Deno.test("environment variables beat every file", async () => {
  const files = {
    "/e/a.conf": "[DEFAULT]\ndebug = false\n[api]\nmax_limit = 20\n",
    "/e/b.conf": "[oslo_middleware]\nmax_request_body_size = 5\n",
  };
  const config = await load(files, {
    OS_DEFAULT__DEBUG: "on",
    OS_API__MAX_LIMIT: "40",
    OS_OSLO_MIDDLEWARE__MAX_REQUEST_BODY_SIZE: "1024",
    OS_OSLO_POLICY__POLICY_DIRS: "only.d",
    OS_DENO__FAKE_BOOT_SECONDS: "0.5",
  });
  assert.deepEqual(config.get("DEFAULT", "debug"), true);
  assert.deepEqual(config.get("api", "max_limit"), 40);
  assert.deepEqual(config.source("api", "max_limit"), "OS_API__MAX_LIMIT");
  assert.deepEqual(config.get("oslo_middleware", "max_request_body_size"), 1024);
  assert.deepEqual(config.get("oslo_policy", "policy_dirs"), ["only.d"]);
  assert.deepEqual(config.get("deno", "fake_boot_seconds"), 0.5);
  assert.deepEqual(config.has("deno", "fake_boot_seconds"), true);
});

Deno.test("environment variable names use the registered group, upper-cased", async () => {
  const config = await load({ "/e/a.conf": "" }, {
    os_api__max_limit: "1",
    OS_api__MAX_LIMIT: "2",
    OS_API_MAX_LIMIT: "3",
  });
  assert.deepEqual(config.get("api", "max_limit"), 1000);
});

Deno.test("in-code overrides beat the environment", async () => {
  const config = await loadConfig({
    env: { OS_API__MAX_LIMIT: "40" },
    files: [],
    overrides: { api: { max_limit: 3 } },
  });
  assert.deepEqual(config.get("api", "max_limit"), 3);
});

Deno.test("substitution: $name, ${name}, ${group.name}, $$ and \\$", async () => {
  const config = await load({
    "/e/a.conf": [
      "[DEFAULT]",
      "my_ip = 192.0.2.1",
      "state_path = /srv/$my_ip/${osapi_compute_listen_port}",
      "[api]",
      "compute_link_prefix = http://${DEFAULT.my_ip}:${DEFAULT.osapi_compute_listen_port}",
      "glance_link_prefix = costs $$5 and \\$6, not $",
      "dhcp_domain = $$my_ip",
      "vendordata_jsonfile_path = ${state_path}/vendor.json",
      "[keystone_authtoken]",
      "region_name = ${api.dhcp_domain}.$interface",
    ].join("\n"),
  });
  assert.deepEqual(config.get("DEFAULT", "state_path"), "/srv/192.0.2.1/8774");
  assert.deepEqual(config.get("api", "compute_link_prefix"), "http://192.0.2.1:8774");
  assert.deepEqual(config.get("api", "glance_link_prefix"), "costs $5 and $6, not $");
  assert.deepEqual(config.get("api", "dhcp_domain"), "$my_ip");
  // A bare name looks in the option's own group first, then in [DEFAULT].
  assert.deepEqual(
    config.get("api", "vendordata_jsonfile_path"),
    "/srv/192.0.2.1/8774/vendor.json",
  );
  assert.deepEqual(config.get("keystone_authtoken", "region_name"), "$my_ip.internal");
});

Deno.test("substitution renders typed values as Python prints them", async () => {
  const config = await load({
    "/e/a.conf":
      "[deno]\nstate_dir = $debug/${api.vendordata_providers}/${deno.fake_boot_seconds}\n",
  });
  assert.deepEqual(config.get("deno", "state_dir"), "False/['StaticJSON']/1.0");
});

Deno.test("substitution reaches defaults and environment values", async () => {
  const config = await load({ "/e/a.conf": "[DEFAULT]\npybasedir = /opt/nova\n" }, {
    OS_API__DHCP_DOMAIN: "${DEFAULT.state_path}.local",
  });
  assert.deepEqual(config.get("DEFAULT", "state_path"), "/opt/nova");
  assert.deepEqual(config.get("api", "dhcp_domain"), "/opt/nova.local");
});

Deno.test("substituted text is then parsed by the option's type", async () => {
  const config = await load({
    "/e/a.conf": "[DEFAULT]\nmetadata_listen_port = $osapi_compute_listen_port\n",
  });
  assert.deepEqual(config.get("DEFAULT", "metadata_listen_port"), 8774);
});

const substitutionErrors: Array<{ name: string; text: string; message: string }> = [
  {
    name: "an unknown bare name",
    text: "[DEFAULT]\nstate_path = /x/$nope\n",
    message:
      '/e/a.conf:2: [DEFAULT] state_path = "/x/$nope": cannot substitute $nope: no option nope in [DEFAULT]',
  },
  {
    name: "an unknown bare name outside DEFAULT",
    text: "[api]\ndhcp_domain = ${nope}\n",
    message:
      '/e/a.conf:2: [api] dhcp_domain = "${nope}": cannot substitute $nope: no option nope in [api] or [DEFAULT]',
  },
  {
    name: "an unknown group",
    text: "[api]\ndhcp_domain = ${nogroup.x}\n",
    message:
      '/e/a.conf:2: [api] dhcp_domain = "${nogroup.x}": cannot substitute $nogroup.x: no option [nogroup] x is registered',
  },
  {
    name: "an unbraced name runs into a following dot",
    text: "[api]\ndhcp_domain = $my_ip.example\n",
    message:
      '/e/a.conf:2: [api] dhcp_domain = "$my_ip.example": cannot substitute $my_ip.example: no option [my_ip] example is registered',
  },
  {
    name: "an option that refers to itself",
    text: "[DEFAULT]\nmy_ip = x$my_ip\n",
    message:
      '/e/a.conf:2: [DEFAULT] my_ip = "x$my_ip": cannot substitute $my_ip: it refers back to itself',
  },
  {
    name: "a name that is not an option at all",
    text: "[DEFAULT]\nmy_ip = $host_ip\n",
    message:
      '/e/a.conf:2: [DEFAULT] my_ip = "$host_ip": cannot substitute $host_ip: no option host_ip in [DEFAULT]',
  },

  {
    name: "an option that refers to itself through another",
    text: "[DEFAULT]\nmy_ip = $state_path\nstate_path = $my_ip\n",
    message:
      '/e/a.conf:3: [DEFAULT] state_path = "$my_ip": cannot substitute $my_ip: it refers back to itself',
  },
];

for (const c of substitutionErrors) {
  Deno.test(`substitution fails the load for ${c.name}`, async () => {
    const err = await rejected(() => load({ "/e/a.conf": c.text }), ConfigError);
    assert.deepEqual(err.message, c.message);
  });
}

Deno.test("deprecated names and groups are honoured, the new name wins", async () => {
  const config = await load({
    "/e/a.conf": [
      "[DEFAULT]",
      "quota_instances = 4",
      "quota_cores = 8",
      "osapi_max_request_body_size = 2048",
      "api_paste_config = paste.ini",
      "use_forwarded_for = true",
      "[quota]",
      "cores = 16",
      "[keystone_authtoken]",
      "auth_uri = http://old:5000",
      "auth_plugin = password",
    ].join("\n"),
  });
  assert.deepEqual(config.get("quota", "instances"), 4);
  assert.deepEqual(config.get("quota", "cores"), 16);
  assert.deepEqual(config.get("oslo_middleware", "max_request_body_size"), 2048);
  assert.deepEqual(config.get("wsgi", "api_paste_config"), "paste.ini");
  assert.deepEqual(config.get("api", "use_forwarded_for"), true);
  assert.deepEqual(config.get("keystone_authtoken", "www_authenticate_uri"), "http://old:5000");
  assert.deepEqual(config.get("keystone_authtoken", "auth_type"), "password");
  assert.deepEqual(config.has("quota", "instances"), true);
  assert.deepEqual(config.source("quota", "instances"), "/e/a.conf:2");
  assert.deepEqual(
    config.warnings.includes(
      "/e/a.conf:2: [DEFAULT] quota_instances is deprecated; use [quota] instances",
    ),
    true,
  );
});

Deno.test("a later file's deprecated name beats an earlier file's new name", async () => {
  const config = await load({
    "/e/a.conf": "[quota]\ninstances = 1\n",
    "/e/b.conf": "[DEFAULT]\nquota_instances = 2\n",
  });
  assert.deepEqual(config.get("quota", "instances"), 2);
});

Deno.test("deprecated names are not read from the environment", async () => {
  const config = await load({ "/e/a.conf": "" }, { OS_DEFAULT__QUOTA_INSTANCES: "3" });
  assert.deepEqual(config.get("quota", "instances"), 10);
});

Deno.test("raw() reads keys nobody registered; paste sections load as unknown groups", async () => {
  const config = await load({
    "/e/api-paste.ini": "[composite:osapi_compute]\n/: versions\n/v2.1/+: api\n",
    "/e/nova.conf": "[keystone_authtoken]\nauth_type = v3password\nextra = $not_substituted\n" +
      "[KEYSTONE_AUTHTOKEN]\nextra2 = x\n",
    "/e/more.conf": "[keystone_authtoken]\nauth_type = password\n",
  });
  assert.deepEqual(config.raw("keystone_authtoken"), {
    auth_type: "password",
    extra: "$not_substituted",
    extra2: "x",
  });
  assert.deepEqual(config.raw("composite:osapi_compute"), { "/": "versions", "/v2.1/+": "api" });
  assert.deepEqual(config.has("keystone_authtoken", "extra"), true);
  assert.deepEqual(config.has("keystone_authtoken", "absent"), false);
  assert.deepEqual(config.raw("nothing_here"), {});
});

Deno.test("get() on an unregistered option is a programming error", async () => {
  const config = await load({ "/e/a.conf": "[api]\nbogus = 1\n" });
  const err = thrown(() => config.get("api", "bogus"), Error);
  assert.deepEqual(err.message, "no option [api] bogus is registered");
  assert.deepEqual(err instanceof ConfigError, false);
});

Deno.test("loadConfig reads OS_NOVA_CONFIG_DIR and OS_NOVA_CONFIG_FILES", async () => {
  const read: string[] = [];
  const files: Record<string, string> = {
    "/srv/nova/api-paste.ini": "[composite:metadata]\n/: meta\n",
    "/srv/nova/nova.conf": "[api]\nmax_limit = 12\n",
    "/srv/nova/local.conf": "[api]\nmax_limit = 13\n",
  };
  const reader = (path: string) => {
    read.push(path);
    return memory(files)(path);
  };
  const byDefault = await loadConfig({
    env: { OS_NOVA_CONFIG_DIR: " /srv/nova " },
    readTextFile: reader,
  });
  assert.deepEqual(read, ["/srv/nova/api-paste.ini", "/srv/nova/nova.conf"]);
  assert.deepEqual(byDefault.dir, "/srv/nova");
  assert.deepEqual(byDefault.files, ["/srv/nova/api-paste.ini", "/srv/nova/nova.conf"]);
  assert.deepEqual(byDefault.get("api", "max_limit"), 12);

  const listed = await loadConfig({
    env: { OS_NOVA_CONFIG_DIR: "/srv/nova", OS_NOVA_CONFIG_FILES: "nova.conf;local.conf" },
    readTextFile: reader,
  });
  assert.deepEqual(listed.get("api", "max_limit"), 13);
});

Deno.test("loadConfig reads real files with Deno.readTextFile by default", async () => {
  const dir = new URL("../fixtures/config", import.meta.url).pathname;
  const config = await loadConfig({ env: { OS_NOVA_CONFIG_DIR: dir } });
  assert.deepEqual(config.files, [`${dir}/api-paste.ini`, `${dir}/nova.conf`]);
  assert.deepEqual(config.get("DEFAULT", "debug"), true);
  assert.deepEqual(config.get("DEFAULT", "osapi_compute_listen_port"), 18774);
  assert.deepEqual(config.get("api", "max_limit"), 500);
  assert.deepEqual(config.get("api", "compute_link_prefix"), "http://192.0.2.10:18774");
  assert.deepEqual(config.get("keystone_authtoken", "password"), "s3cr3t");
  assert.deepEqual(config.get("oslo_policy", "policy_dirs"), [
    "policy.d",
    "/etc/nova/more-policy.d",
  ]);
  assert.deepEqual(config.raw("keystone_authtoken").extra_plugin_option, "kept raw");
  assert.deepEqual(config.raw("composite:osapi_compute")["/v2.1/+"], "openstack_compute_api_v21");
});

Deno.test("unreadable files other than missing ones are reported with their reason", async () => {
  const err = await rejected(
    () =>
      loadConfig({
        env: {},
        files: ["/e/a.conf"],
        readTextFile: () => Promise.reject(new Deno.errors.PermissionDenied("read access denied")),
      }),
    ConfigError,
  );
  assert.deepEqual(
    err.message,
    "cannot read config file /e/a.conf (passed to loadConfig): read access denied",
  );
});

Deno.test("a parse error in a file fails the load with its line", async () => {
  const err = await rejected(
    () => load({ "/e/a.conf": "[api]\nmax_limit = 1\nnonsense\n" }),
    ConfigError,
  );
  assert.deepEqual(
    err.message,
    '/e/a.conf:3: expected "key = value", "key: value", a [section] header or a comment, got "nonsense"',
  );
});

Deno.test("every registered option is validated at load, even ones nobody reads", async () => {
  await rejected(
    () => load({ "/e/a.conf": "[deno]\nseed_flavors = sometimes\n" }),
    ConfigError,
  );
  await rejected(() => load({ "/e/a.conf": "" }, { OS_QUOTA__RAM: "lots" }), ConfigError);
});

Deno.test("configFromValues: typed values, strings parsed, raw keys kept, defaults otherwise", () => {
  const config = configFromValues({
    api: { max_limit: 50, dhcp_domain: "${DEFAULT.my_ip}.example" },
    DEFAULT: { debug: "yes" },
    deno: { seed_flavors: true },
    keystone_authtoken: { auth_type: "password", custom_thing: 1 },
    oslo_policy: { policy_dirs: ["a", "b"] },
  });
  assert.deepEqual(config.get("api", "max_limit"), 50);
  assert.deepEqual(config.get("api", "dhcp_domain"), "127.0.0.1.example");
  assert.deepEqual(config.get("DEFAULT", "debug"), true);
  assert.deepEqual(config.get("deno", "seed_flavors"), true);
  assert.deepEqual(config.get("oslo_policy", "policy_dirs"), ["a", "b"]);
  assert.deepEqual(config.get("quota", "instances"), 10);
  assert.deepEqual(config.raw("keystone_authtoken"), { auth_type: "password", custom_thing: "1" });
  assert.deepEqual(config.has("api", "max_limit"), true);
  assert.deepEqual(config.has("api", "dhcp_domain"), true);
  assert.deepEqual(config.has("api", "glance_link_prefix"), false);
  assert.deepEqual(config.files, []);
  assert.deepEqual(config.dir, "/etc/nova");
});

Deno.test("configFromValues checks typed values too", () => {
  const err = thrown(() => configFromValues({ api: { max_limit: -5 } }), ConfigError);
  assert.deepEqual(
    err.message,
    "in-code value: [api] max_limit = -5: expected an integer greater than or equal to 0",
  );
});

Deno.test("a separate registry: groups can be added without touching the shared one", () => {
  const registry = new OptionRegistry().register("extra", [
    { name: "flag", type: boolean(), default: false, help: "A flag." },
    { name: "count-max", type: integer({ min: 0 }), default: "$limit", help: "Dashed name." },
    { name: "limit", type: integer(), default: 3, help: "A limit." },
    { name: "names", type: list(), default: null, help: "Names." },
    { name: "token", type: string(), default: null, secret: true, help: "A secret." },
  ]);
  const config = configFromValues({ extra: { flag: "1" } }, { registry });
  assert.deepEqual(config.get("extra", "flag"), true);
  assert.deepEqual(config.get("extra", "count-max"), 3);
  assert.deepEqual(config.get("extra", "count_max"), 3);
  assert.deepEqual(config.get("extra", "names"), null);
  thrown(() => config.get("api", "max_limit"), Error);

  const fromEnv = configFromValues({}, { registry, env: { OS_EXTRA__COUNT_MAX: "9" } });
  assert.deepEqual(fromEnv.get("extra", "count-max"), 9);
});

Deno.test("registering a different option under a taken name is refused", () => {
  const registry = new OptionRegistry().register("g", [
    { name: "a", type: string(), help: "A." },
  ]);
  assert.throws(
    () => registry.register("g", [{ name: "a", type: integer(), help: "Another A." }]),
    /option \[g\] a is already registered/,
  );
  const clone = registry.clone().register("h", [{ name: "b", type: string(), help: "B." }]);
  assert.deepEqual(registry.hasGroup("h"), false);
  assert.deepEqual(clone.groups(), ["g", "h"]);
});
