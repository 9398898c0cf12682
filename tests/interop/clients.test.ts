/**
 * The client matrix: the stock `openstack` CLI, openstacksdk and python-novaclient's Python API,
 * each at microversion 2.1 and at the newest it speaks, in both auth modes (the compute API's
 * embedded identity and the run's Debian Keystone, `KEYSTONE_URL`), on two clouds started once
 * for the file (`_clouds.ts`). Every scenario covers flavors, keypairs, quotas, limits, the server
 * life cycle by names with every common action, resize and confirm, rebuild, metadata and tags,
 * the console log, delete, and operator calls; each step checks what the cloud reports afterwards,
 * not only that the client succeeded. In each mode cloud-init's readers then read the server the
 * CLI created (its key, user data and properties). The Python clients run
 * `client_scenario.py`; the CLI's steps are below. The three clients run side by side (each on
 * its own quota field, so they do not disturb each other's checks), in both modes at once, and the
 * test prints the matrix (client and microversion × auth mode) before it judges it.
 *
 * Nothing is skipped: a missing client, cloud-init or Keystone fails the test.
 */
import assert from "node:assert/strict";
import { METADATA_SECRET, type ModeCloud, startModeCloud } from "./_clouds.ts";

const HERE = new URL(".", import.meta.url).pathname;
const CLOUDINIT_ROOT = Deno.env.get("CLOUDINIT_ROOT") ?? "/opt/interop/cloud-init";
const KEYSTONE_URL = Deno.env.get("KEYSTONE_URL");
/** The newest microversion the CLI speaks: python-novaclient 18's API_MAX_VERSION. */
const OSC_MAX = "2.92";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE9z8Yk7nXyS5h5rDfXJt4mWbV0QeGQb2b0E8iWJrP9z cli";
const USER_DATA = "#cloud-config\nruncmd:\n  - echo from-the-cli\n";

type Json = Record<string, unknown>;
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

async function python(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command("/usr/bin/python3", {
    args,
    env: { PATH: "/usr/bin:/bin", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { ok: out.success, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** Every client and reader the matrix drives, or the first one missing. */
async function missingClient(): Promise<string | null> {
  const probes: [string, string[]][] = [
    ["the openstack CLI", ["-c", "import shutil, sys; sys.exit(not shutil.which('openstack'))"]],
    ["openstacksdk", ["-c", "import openstack"]],
    ["python-novaclient", ["-c", "import novaclient.client"]],
    ["cloud-init", [
      "-c",
      `import sys; sys.path.insert(0, "${CLOUDINIT_ROOT}/usr/lib/python3/dist-packages"); ` +
      "import cloudinit.sources.DataSourceOpenStack",
    ]],
  ];
  for (const [name, args] of probes) {
    if (!(await python(args)).ok) return `${name} (run scripts/install-clients.sh)`;
  }
  return KEYSTONE_URL ? null : "a Keystone: KEYSTONE_URL is not set (run deno task test:interop)";
}

/** A GET of the compute API with an admin token, at `mv`, outside any client. */
async function observe(cloud: ModeCloud, path: string, mv = OSC_MAX): Promise<Json> {
  const res = await fetch(`${cloud.base}/v2.1${path}`, {
    headers: {
      "x-auth-token": await cloud.adminToken(),
      "x-openstack-nova-api-version": mv,
      accept: "application/json",
    },
  });
  const text = await res.text();
  return { _status: res.status, ...(text ? JSON.parse(text) : {}) };
}

/** The MD5 fingerprint Nova gives a public key (`aa:bb:…`). */
async function md5Fingerprint(key: string): Promise<string> {
  const out = await python([
    "-c",
    "import base64, hashlib, sys; d = hashlib.md5(base64.b64decode(sys.argv[1].split()[1]))" +
    ".hexdigest(); print(':'.join(d[i:i+2] for i in range(0, 32, 2)))",
    key,
  ]);
  return out.stdout.trim();
}

/** The Python clients' scenario (client_scenario.py) in one mode at one microversion. */
async function pythonScenario(
  cloud: ModeCloud,
  client: "sdk" | "novaclient",
  mv: "2.1" | "max",
): Promise<string> {
  const prefix = `${client}-${cloud.mode}-${mv.replace(".", "")}`;
  const out = await python(
    [`${HERE}client_scenario.py`, client, mv, prefix, cloud.metadataBase, METADATA_SECRET],
    { OS_CLIENT_CONFIG_FILE: cloud.cloudsYaml, HOME: cloud.dir },
  );
  const last = out.stdout.trim().split("\n").at(-1) ?? "";
  assert.ok(
    out.ok && /^\d+ passed, 0 failed$/.test(last),
    `${client} ${mv} (${cloud.mode}):\n${out.stdout}\n${out.stderr.slice(-3000)}`,
  );
  const [passed] = last.split(" ");
  return `${passed} steps ok`;
}

/**
 * The CLI's scenario in one mode at one microversion, by names, each command followed by a check
 * of what the compute API reports (read with an admin token, not through the CLI). At the newest
 * microversion cloud-init's readers also read the server the CLI created.
 */
async function cliScenario(cloud: ModeCloud, mv: "2.1" | typeof OSC_MAX): Promise<string> {
  const p = `cli-${cloud.mode}-${mv.replace(".", "")}`;
  const env = { OS_CLIENT_CONFIG_FILE: cloud.cloudsYaml, PATH: "/usr/bin:/bin", HOME: cloud.dir };
  let commands = 0;
  const run = async (as: string, ...args: string[]): Promise<string> => {
    commands++;
    const out = await new Deno.Command("openstack", {
      args: ["--os-cloud", as, "--os-compute-api-version", mv, ...args],
      env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = decode(out.stdout);
    assert.ok(
      out.success,
      `[${cloud.mode} ${mv}] openstack ${args.join(" ")}: ${decode(out.stderr)}`,
    );
    return stdout;
  };
  const json = async (as: string, ...args: string[]) =>
    JSON.parse(await run(as, ...args, "-f", "json"));
  let id = "";
  const server = async () => (await observe(cloud, `/servers/${id}`)).server as Json;
  /** Poll the server until `status` with no task. */
  const settled = async (status: string): Promise<Json> => {
    let s: Json = {};
    for (let i = 0; i < 120; i++) {
      s = await server();
      if (s.status === status && s["OS-EXT-STS:task_state"] === null) return s;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.fail(`[${cloud.mode} ${mv}] ${p}-vm never ${status}: ${JSON.stringify(s)}`);
  };
  const files = `${cloud.dir}/${p}`;
  await Deno.mkdir(files, { recursive: true });
  await Deno.writeTextFile(`${files}/key.pub`, `${KEY}-${p}\n`);
  await Deno.writeTextFile(`${files}/user-data`, USER_DATA);

  // flavors
  // The other lanes create and delete public flavors on this cloud at the same time, and the CLI
  // lists flavors then reads each one's extra specs: a flavor deleted in between is a 404 for the
  // whole command (as with Nova). Such a listing is taken again; any other failure is not.
  let flavors: Json[] = [];
  for (let attempt = 1;; attempt++) {
    try {
      flavors = await json("demo", "flavor", "list");
      break;
    } catch (e) {
      if (attempt === 3 || !/os-extra_specs, Flavor \S+ could not be found/.test(String(e))) {
        throw e;
      }
    }
  }
  assert.ok(flavors.some((f: Json) => f.Name === "m1.tiny"), JSON.stringify(flavors));
  const flavor = await json(
    "admin",
    ..."flavor create --ram 128 --vcpus 1 --disk 1 --property hw:cpu_policy=shared".split(" "),
    `${p}-flavor`,
  );
  const specs = await observe(cloud, `/flavors/${flavor.id}/os-extra_specs`);
  assert.deepEqual(specs.extra_specs, { "hw:cpu_policy": "shared" });
  await run("admin", "flavor", "delete", `${p}-flavor`);
  assert.equal((await observe(cloud, `/flavors/${flavor.id}`))._status, 404);

  // keypairs
  const key = await json(
    "demo",
    "keypair",
    "create",
    "--public-key",
    `${files}/key.pub`,
    `${p}-key`,
  );
  assert.equal(key.fingerprint, await md5Fingerprint(`${KEY}-${p}`));
  const listed = await json("demo", "keypair", "list");
  assert.ok(listed.some((k: Json) => k.Name === `${p}-key`));

  // quotas (the CLI's own field: instances) and limits
  const quota = await json("demo", "quota", "show");
  const projectId = quota.project as string;
  const instances = quota.instances as number;
  assert.ok(instances > 0, JSON.stringify(quota));
  await run("admin", "quota", "set", "--instances", String(instances + 3), projectId);
  const raised = await observe(cloud, `/os-quota-sets/${projectId}`);
  assert.equal((raised.quota_set as Json).instances, instances + 3);
  await run("admin", "quota", "set", "--instances", String(instances), projectId);
  assert.equal(
    ((await observe(cloud, `/os-quota-sets/${projectId}`)).quota_set as Json).instances,
    instances,
  );
  const limits = await json("demo", "limits", "show", "--absolute");
  const limit = (name: string) => limits.find((l: Json) => l.Name === name)?.Value;
  assert.equal(limit("maxTotalInstances"), instances);
  assert.equal(limit("maxTotalKeypairs"), quota["key-pairs"]);

  // the life cycle by names
  const created = await json(
    "demo",
    ..."server create --image cirros --flavor m1.tiny --network private --wait".split(" "),
    "--key-name",
    `${p}-key`,
    "--property",
    "purpose=interop",
    "--user-data",
    `${files}/user-data`,
    `${p}-vm`,
  );
  id = created.id;
  assert.equal(created.status, "ACTIVE");
  let s = await settled("ACTIVE");
  assert.equal(s.key_name, `${p}-key`);
  assert.deepEqual(s.metadata, { purpose: "interop" });
  assert.deepEqual(Object.keys(s.addresses as Json), ["private"]);
  assert.ok(
    ((await json("demo", "limits", "show", "--absolute")).find((l: Json) =>
      l.Name === "totalInstancesUsed"
    )?.Value as number) >= 1,
  );

  if (mv === OSC_MAX) {
    // cloud-init's OpenStack and EC2 readers, through the metadata API, read what the CLI made
    const out = await python(
      [`${HERE}cloudinit_reader.py`, cloud.metadataBase, id, projectId, METADATA_SECRET],
      { CLOUDINIT_ROOT },
    );
    assert.ok(out.ok, out.stderr);
    const read = JSON.parse(out.stdout);
    assert.equal(read.found, true);
    assert.equal(read.uuid, id);
    assert.equal(read.project_id, projectId);
    assert.deepEqual(read.keys.map((k: string) => k.trimEnd()), [`${KEY}-${p}`]);
    assert.deepEqual(read.ec2_keys.map((k: string) => k.trimEnd()), [`${KEY}-${p}`]);
    assert.equal(atob(read.user_data), USER_DATA);
    assert.equal(atob(read.ec2_user_data), USER_DATA);
    assert.deepEqual(read.meta, { purpose: "interop" });
    assert.equal(read.hostname, s["OS-EXT-SRV-ATTR:hostname"]);
    assert.equal(read.ec2["instance-id"], `i-${id.slice(0, 8)}`);
  }

  const vm = `${p}-vm`;
  await run("demo", "server", "stop", vm);
  await settled("SHUTOFF");
  await run("demo", "server", "start", vm);
  await settled("ACTIVE");
  await run("demo", "server", "reboot", "--hard", "--wait", vm);
  await settled("ACTIVE");
  await run("demo", "server", "pause", vm);
  await settled("PAUSED");
  await run("demo", "server", "unpause", vm);
  await settled("ACTIVE");
  await run("demo", "server", "suspend", vm);
  await settled("SUSPENDED");
  await run("demo", "server", "resume", vm);
  await settled("ACTIVE");
  await run("demo", "server", "lock", vm);
  assert.equal((await server()).locked, true);
  await run("demo", "server", "unlock", vm);
  assert.equal((await server()).locked, false);
  await run("demo", "server", "rescue", vm);
  await settled("RESCUE");
  await run("demo", "server", "unrescue", vm);
  await settled("ACTIVE");
  await run("demo", "server", "shelve", vm);
  for (let i = 0; i < 120; i++) {
    s = await server();
    if (String(s.status).startsWith("SHELVED") && s["OS-EXT-STS:task_state"] === null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.match(String(s.status), /^SHELVED/);
  await run("demo", "server", "unshelve", vm);
  await settled("ACTIVE");
  await run("demo", "server", "resize", "--flavor", "m1.small", "--wait", vm);
  await settled("VERIFY_RESIZE");
  await run("demo", "server", "resize", "confirm", vm);
  s = await settled("ACTIVE");
  assert.equal((s.flavor as Json).original_name, "m1.small");
  await run("demo", "server", "rebuild", "--image", "cirros", "--wait", vm);
  s = await settled("ACTIVE");
  assert.equal((s.image as Json).id !== undefined, true);
  await run("demo", "server", "set", "--property", "role=web", "--property", "tier=1", vm);
  assert.deepEqual((await server()).metadata, { purpose: "interop", role: "web", tier: "1" });
  await run("demo", "server", "unset", "--property", "tier", vm);
  assert.deepEqual((await server()).metadata, { purpose: "interop", role: "web" });
  if (mv === OSC_MAX) {
    await run("demo", "server", "set", "--tag", "blue", "--tag", "green", vm);
    assert.deepEqual(((await server()).tags as string[]).toSorted(), ["blue", "green"]);
    await run("demo", "server", "unset", "--tag", "blue", vm);
    assert.deepEqual((await server()).tags, ["green"]);
  } else {
    // tags came with 2.26: at 2.1 the server answers without them
    assert.equal("tags" in ((await observe(cloud, `/servers/${id}`, "2.1")).server as Json), false);
  }
  const log = await run("demo", "console", "log", "show", vm);
  assert.ok(log.trim().length > 0, "empty console log");

  // operator commands
  const services = await json("admin", "compute", "service", "list");
  assert.deepEqual(
    services.filter((x: Json) => x.Binary === "nova-compute" && x.State === "up")
      .map((x: Json) => x.Host).toSorted(),
    ["compute-1", "compute-2"],
  );
  const hypervisors = await json("admin", "hypervisor", "list");
  assert.equal(hypervisors.length, 2, JSON.stringify(hypervisors));
  const before = s["OS-EXT-SRV-ATTR:host"];
  // an admin names another project's server by id (a name is looked up in the admin's project)
  await run("admin", "server", "migrate", "--live-migration", "--wait", id);
  s = await settled("ACTIVE");
  assert.notEqual(s["OS-EXT-SRV-ATTR:host"], before);
  const migrations = await observe(cloud, `/os-migrations?instance_uuid=${id}`);
  assert.ok(
    (migrations.migrations as Json[]).some((m) => m.migration_type === "resize"),
    JSON.stringify(migrations),
  );

  await run("demo", "server", "delete", "--wait", vm);
  assert.equal((await observe(cloud, `/servers/${id}`))._status, 404);
  await run("demo", "keypair", "delete", `${p}-key`);
  return `${commands} commands ok`;
}

/** The matrix as a table: one row per client and microversion, one column per auth mode. */
function coverageTable(table: Map<string, string>): string {
  const rows = new Map<string, Record<string, string>>();
  for (const [key, outcome] of table) {
    const [client, mode, mv] = key.split("|");
    const row = rows.get(`${client} ${mv}`) ?? {};
    row[mode] = outcome;
    rows.set(`${client} ${mv}`, row);
  }
  const lines = [...rows].toSorted(([a], [b]) => a.localeCompare(b)).map(([name, row]) =>
    `| ${name.padEnd(26)} | ${(row.embedded ?? "-").padEnd(24)} | ${
      (row.keystone ?? "-").padEnd(24)
    } |`
  );
  return [
    "client matrix (tests/interop/clients.test.ts):",
    `| ${"client, microversion".padEnd(26)} | ${"embedded identity".padEnd(24)} | ${
      "Debian Keystone".padEnd(24)
    } |`,
    ...lines,
  ].join("\n");
}

Deno.test({
  name: "clients × auth modes × microversions: openstack CLI, openstacksdk, novaclient, cloud-init",
  async fn() {
    const missing = await missingClient();
    assert.equal(missing, null, `missing: ${missing}`);
    const clouds: ModeCloud[] = [];
    try {
      clouds.push(await startModeCloud("embedded"));
      clouds.push(await startModeCloud("keystone", KEYSTONE_URL));
      // Six lanes side by side (each client in each mode; both clouds are apart, and in one
      // cloud each client keeps to a quota field of its own); inside a lane 2.1, then the newest.
      const table = new Map<string, string>();
      const failures: string[] = [];
      /** Run one cell of the matrix; a failure is recorded and the lane goes on. */
      const cell = async (
        client: string,
        cloud: ModeCloud,
        mv: string,
        run: () => Promise<string>,
      ) => {
        const key = `${client}|${cloud.mode}|${mv}`;
        try {
          table.set(key, await run());
        } catch (e) {
          table.set(key, "FAILED");
          failures.push(`${key}: ${(e as Error)?.stack ?? e}`);
        }
      };
      const lanes = clouds.flatMap((cloud) => [
        async () => {
          await cell("openstack CLI", cloud, "2.1", () => cliScenario(cloud, "2.1"));
          await cell("openstack CLI", cloud, OSC_MAX, () => cliScenario(cloud, OSC_MAX));
          // the CLI's run at its newest includes cloud-init's readers on its server
          table.set(
            `cloud-init|${cloud.mode}|2018-08-27`,
            table.get(`openstack CLI|${cloud.mode}|${OSC_MAX}`) === "FAILED"
              ? "FAILED"
              : "read the CLI's server ok",
          );
        },
        async () => {
          await cell("openstacksdk", cloud, "2.1", () => pythonScenario(cloud, "sdk", "2.1"));
          await cell("openstacksdk", cloud, "max", () => pythonScenario(cloud, "sdk", "max"));
        },
        async () => {
          await cell("novaclient", cloud, "2.1", () => pythonScenario(cloud, "novaclient", "2.1"));
          await cell("novaclient", cloud, "max", () => pythonScenario(cloud, "novaclient", "max"));
        },
      ]);
      await Promise.all(lanes.map((lane) => lane()));
      console.log(coverageTable(table));
      assert.deepEqual(failures, []);
    } finally {
      for (const cloud of clouds) await cloud.stop();
    }
  },
});
