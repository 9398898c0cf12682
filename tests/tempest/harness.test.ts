/**
 * The Tempest harness's pure parts: the cloud's nova.conf, the accounts and tempest.conf it
 * writes, the expected list's comparison, and the shape of the project's list files.
 */
import assert from "node:assert/strict";
import { cloudConf } from "../../scripts/tempest/cloud.ts";
import {
  accountsYaml,
  type CloudFacts,
  identityUserLine,
  tempestAccounts,
  tempestConf,
  withOverrides,
} from "../../scripts/tempest/conf.ts";
import { bareId, compare, readList, updatedList } from "../../scripts/tempest/lists.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

const FACTS: CloudFacts = {
  identityUri: "http://127.0.0.1:1/identity/v3",
  region: "RegionOne",
  imageRef: "img-1",
  imageRefAlt: "img-2",
  flavorRef: "1",
  flavorRefAlt: "2",
  minMicroversion: "2.1",
  maxMicroversion: "2.104",
  fixedNetworkName: "private",
  computeNodes: 2,
  hasVolume: false,
};

const ADMIN = { username: "ta", password: "tp", project: "tap" };

Deno.test("accounts: members and admins enough for every worker, each user once", () => {
  const accounts = tempestAccounts(2);
  assert.equal(accounts.filter((a) => a.roles.includes("admin")).length, 3);
  assert.equal(accounts.filter((a) => !a.roles.includes("admin")).length, 6);
  assert.equal(new Set(accounts.map((a) => a.username)).size, accounts.length);
  assert.equal(
    identityUserLine(accounts[0]),
    "tempest-user-1:tempest-pw-1:tempest-project-1:member",
  );
});

Deno.test("accountsYaml: admins are typed admin, members are not", () => {
  const yaml = accountsYaml([
    { username: "u", password: "p", project: "pr", roles: ["member"] },
    { username: "a", password: "q", project: "ap", roles: ["admin"] },
  ]);
  assert.equal(
    yaml,
    `- username: "u"\n  password: "p"\n  project_name: "pr"\n  user_domain_name: "Default"\n` +
      `  project_domain_name: "Default"\n  roles: ["member"]\n` +
      `- username: "a"\n  password: "q"\n  project_name: "ap"\n  user_domain_name: "Default"\n` +
      `  project_domain_name: "Default"\n  roles: ["admin"]\n  types: ["admin"]\n`,
  );
});

Deno.test("tempestConf: pre-provisioned accounts, the cloud's refs and microversions", () => {
  const conf = tempestConf(
    FACTS,
    { kind: "accounts", file: "/ws/etc/accounts.yaml", admin: ADMIN },
    "/ws/logs",
  );
  for (
    const line of [
      "use_dynamic_credentials = false",
      "test_accounts_file = /ws/etc/accounts.yaml",
      "admin_username = ta",
      "uri_v3 = http://127.0.0.1:1/identity/v3",
      "image_ref = img-1",
      "image_ref_alt = img-2",
      "flavor_ref_alt = 2",
      "max_microversion = 2.104",
      "fixed_network_name = private",
      "cold_migration = true",
      "cinder = false",
      "volume_backed_live_migration = false",
      "block_migrate_cinder_iscsi = false",
      // No common AZ: this port attaches across zones, as Nova's default cross_az_attach.
      "compute_volume_common_az =",
      "swift = false",
    ]
  ) assert.match(conf, new RegExp(`^${line.replaceAll(".", "\\.")}$`, "m"), line);
});

Deno.test("tempestConf: dynamic credentials as the admin of a real Keystone", () => {
  const conf = tempestConf(FACTS, {
    kind: "dynamic",
    admin: { username: "admin", password: "pw", project: "admin" },
  }, "/l");
  assert.match(conf, /^use_dynamic_credentials = true$/m);
  assert.match(conf, /^admin_password = pw$/m);
  assert.doesNotMatch(conf, /test_accounts_file/);
});

Deno.test("tempestConf: migrations off with one compute node, cinder on with a volume service", () => {
  const conf = tempestConf(
    { ...FACTS, computeNodes: 1, hasVolume: true },
    { kind: "accounts", file: "/a", admin: ADMIN },
    "/l",
  );
  assert.match(conf, /^live_migration = false$/m);
  assert.match(conf, /^cold_migration = false$/m);
  assert.match(conf, /^cinder = true$/m);
  // Volumes move with a live-migrated server (attached or booted from), as the simulated backend
  // moves the attachments.
  assert.match(conf, /^volume_backed_live_migration = true$/m);
  assert.match(conf, /^block_migrate_cinder_iscsi = true$/m);
});

Deno.test("cloudConf: free ports, state in the directory, extra users after nova's", async () => {
  const conf = await Deno.readTextFile(`${ROOT}etc/nova/nova.conf`);
  const text = cloudConf(conf, "/tmp/x", 1234, 1235, { users: ["t:p:tp:member"] });
  assert.match(text, /^osapi_compute_listen_port = 1234$/m);
  assert.match(text, /^metadata_listen_port = 1235$/m);
  assert.match(text, /^connection = \/tmp\/x\/nova\.sqlite$/m);
  assert.match(text, /^users = nova:.*\nusers = t:p:tp:member$/m);
  assert.match(text, /^auth_url = http:\/\/127\.0\.0\.1:1234\/identity\/v3$/m);
  assert.doesNotMatch(text, /^\[images\]$/m);
});

Deno.test("cloudConf: image lines go into an [images] section", async () => {
  const conf = await Deno.readTextFile(`${ROOT}etc/nova/nova.conf`);
  const text = cloudConf(conf, "/tmp/x", 1, 2, { users: [], images: ["name=a", "name=b"] });
  assert.match(text, /^\[images\]\nimage = name=a\nimage = name=b\n/m);
});

Deno.test("cloudConf: with a Keystone, auth_token points at it", async () => {
  const conf = await Deno.readTextFile(`${ROOT}etc/nova/nova.conf`);
  const text = cloudConf(conf, "/tmp/x", 1234, 1235, {
    users: [],
    keystoneUrl: "http://127.0.0.1:5000/",
    keystoneNovaPassword: "secret",
  });
  assert.match(text, /^auth_url = http:\/\/127\.0\.0\.1:5000\/v3$/m);
  assert.match(text, /^www_authenticate_uri = http:\/\/127\.0\.0\.1:5000\/v3$/m);
  assert.match(text, /^password = secret$/m);
});

Deno.test("bareId and readList", () => {
  assert.equal(
    bareId("tempest.api.compute.a.B.test_c[id-1,smoke]"),
    "tempest.api.compute.a.B.test_c",
  );
  assert.equal(bareId("tempest.api.compute.a.B.test_c"), "tempest.api.compute.a.B.test_c");
  assert.deepEqual(readList("# head\na  # why\n\n  b\n"), ["a", "b"]);
});

Deno.test("compare: an expected test that fails, skips or does not run breaks the run", () => {
  const results = [
    { id: "t.a[id-1]", status: "success", why: "" },
    { id: "t.b[id-2]", status: "fail", why: "boom" },
    { id: "t.c", status: "skip", why: "off" },
    { id: "t.n", status: "success", why: "" },
  ];
  const got = compare(results, ["t.a", "t.b", "t.c", "t.d", "x.e"], /^t\./);
  assert.deepEqual([...got.passed], ["t.a", "t.n"]);
  assert.deepEqual(got.broken, [
    { id: "t.b", outcome: "failed" },
    { id: "t.c", outcome: "skipped" },
    { id: "t.d", outcome: "did not run" },
  ]);
  assert.deepEqual(got.fresh, ["t.n"]);
});

Deno.test("updatedList: keeps entries outside the scope, replaces those inside", () => {
  const text = updatedList(["x.e", "t.old"], /^t\./, new Set(["t.b", "t.a"]));
  assert.deepEqual(readList(text), ["t.a", "t.b", "x.e"]);
});

Deno.test("the project's lists: every exclusion has a reason, no expected test is excluded", async () => {
  const exclude = await Deno.readTextFile(`${ROOT}tests/tempest/exclude.txt`);
  const rules = exclude.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
  for (const rule of rules) assert.match(rule, /\S\s+#\s*\S/, `no reason: ${rule}`);
  for (const list of ["expected_pass.txt", "expected_pass_keystone.txt"]) {
    const expected = readList(await Deno.readTextFile(`${ROOT}tests/tempest/${list}`));
    assert.ok(expected.length > 0, `${list} is empty`);
    for (const rule of readList(exclude)) {
      const re = new RegExp(rule);
      for (const id of expected) {
        assert.ok(!re.test(id), `${id} is expected but excluded by ${rule}`);
      }
    }
  }
});

Deno.test("withOverrides: replaces a key in its section, adds missing keys and sections", () => {
  const conf = "[a]\nx = 1\n\n[b]\nx = 1\n";
  assert.equal(withOverrides(conf, ["b.x=2"]), "[a]\nx = 1\n\n[b]\nx = 2\n");
  assert.equal(withOverrides(conf, ["a.y=$1"]), "[a]\ny = $1\nx = 1\n\n[b]\nx = 1\n");
  assert.equal(withOverrides(conf, ["c.z=3"]), conf + "\n[c]\nz = 3\n");
  assert.throws(() => withOverrides(conf, ["nonsense"]), /SECTION\.KEY=VALUE/);
});
