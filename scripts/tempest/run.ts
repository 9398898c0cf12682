/**
 * `deno task test:tempest`: run Tempest's `tempest.api.compute` against a throw-away cloud and
 * compare with `tests/tempest/expected_pass.txt`. Starts the compute and metadata APIs (see
 * `cloud.ts`) with the pre-provisioned Tempest accounts in the embedded identity, writes
 * tempest.conf and accounts.yaml from what they serve (`conf.ts`), runs `tempest run` in a
 * workspace under a temporary directory, and reads the results with `results.py`.
 *
 * With `--keystone`, a throw-away Debian Keystone (`keystone.ts`) is the identity instead: the
 * compute API validates tokens against it, Tempest makes its own users there as its admin, and
 * the expected list is `tests/tempest/expected_pass_keystone.txt`.
 *
 * Fails when a test of the expected list does not pass; prints passed/failed/skipped counts and
 * how many tests pass that the list does not hold yet. Options: `--update` rewrites the list from
 * this run; `--regex=R` (default `^tempest\.api\.compute`); `--concurrency=N` (default 2);
 * `--keep` leaves the temporary directory; `--set=SECTION.KEY=VALUE` (repeatable) overrides a
 * tempest.conf setting, to try a feature switch (`--set=compute-feature-enabled.personality=true`). The run's output, results and tempest.log are copied
 * to `state/tempest/<mode>/`.
 *
 * @module
 */
import { type Cloud, startCloud } from "./cloud.ts";
import { registerCloud, startKeystone } from "./keystone.ts";
import { compare, readList, type Result, updatedList } from "./lists.ts";
import {
  type Account,
  accountsYaml,
  type CloudFacts,
  type Credentials,
  identityUserLine,
  tempestAccounts,
  tempestConf,
  withOverrides,
} from "./conf.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
/** The expected-pass list of each identity mode. */
const EXPECTED = {
  embedded: "tests/tempest/expected_pass.txt",
  keystone: "tests/tempest/expected_pass_keystone.txt",
} as const;
const EXCLUDE = `${ROOT}/tests/tempest/exclude.txt`;
/** Where a run keeps its output, results, tempest.conf and tempest.log: state/tempest/<mode>. */
let SAVED = `${ROOT}/state/tempest`;
const PYTHON = "/usr/bin/python3";
/** Two public images, so that the tests that rebuild to another image (`image_ref_alt`) run. */
const IMAGES = [
  "name=cirros,os_distro=cirros,os_type=linux,size=21430272",
  "name=cirros-alt,os_distro=cirros,os_type=linux,size=21430272",
];

interface Options {
  /** Whose identity Tempest authenticates against: the embedded one or a Debian Keystone. */
  mode: "embedded" | "keystone";
  update: boolean;
  keep: boolean;
  regex: string;
  concurrency: number;
  /** `SECTION.KEY=VALUE` settings over the written tempest.conf (`--set=`, repeatable). */
  overrides: string[];
}

function parseArgs(args: string[]): Options {
  const options: Options = {
    mode: "embedded",
    update: false,
    keep: false,
    regex: "^tempest\\.api\\.compute",
    concurrency: 2,
    overrides: [],
  };
  for (const arg of args) {
    if (arg === "--update") options.update = true;
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--keystone") options.mode = "keystone";
    else if (arg.startsWith("--regex=")) options.regex = arg.slice(8);
    else if (arg.startsWith("--set=")) options.overrides.push(arg.slice(6));
    else if (/^--concurrency=[1-9][0-9]*$/.test(arg)) options.concurrency = Number(arg.slice(14));
    else {
      console.error(
        `test-tempest: unknown argument ${
          JSON.stringify(arg)
        } (expected --keystone, --update, --keep, --regex=R, --concurrency=N, --set=S.K=V)`,
      );
      Deno.exit(2);
    }
  }
  return options;
}

async function getJson(url: string, token: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: { "X-Auth-Token": token, ...headers } });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return await res.json();
}

interface Catalog {
  type: string;
  endpoints: { interface: string; url: string; region: string }[];
}

/** Read what Tempest needs to know from the running cloud, as an admin account. */
async function readFacts(identityUri: string, admin: {
  username: string;
  password: string;
  project: string;
}): Promise<CloudFacts> {
  const res = await fetch(`${identityUri}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: {
            user: { name: admin.username, domain: { id: "default" }, password: admin.password },
          },
        },
        scope: { project: { name: admin.project, domain: { id: "default" } } },
      },
    }),
  });
  if (!res.ok) throw new Error(`cannot get a token as ${admin.username}: ${res.status}`);
  const token = res.headers.get("X-Subject-Token")!;
  const catalog: Catalog[] = (await res.json()).token.catalog;
  const url = (type: string) => {
    const service = catalog.find((s) => s.type === type);
    const endpoint = service?.endpoints.find((e) => e.interface === "public");
    if (!endpoint) throw new Error(`the catalog has no public ${type} endpoint`);
    return { url: endpoint.url.replace(/\/$/, ""), region: endpoint.region };
  };
  const compute = url("compute");
  const image = url("image");
  const network = url("network");
  const version = (await getJson(`${compute.url}/`, token)).version;
  const flavors = (await getJson(`${compute.url}/flavors/detail`, token)).flavors as {
    id: string;
    ram: number;
  }[];
  flavors.sort((a, b) => a.ram - b.ram);
  const images = (await getJson(`${image.url}/v2/images`, token)).images as {
    id: string;
    status: string;
    min_disk: number;
  }[];
  const active = images.filter((i) => i.status === "active");
  if (active.length === 0 || flavors.length < 2) {
    throw new Error("the cloud needs an active image and two flavors");
  }
  const networks = (await getJson(`${network.url}/v2.0/networks`, token)).networks as {
    name: string;
    shared: boolean;
  }[];
  const services = (await getJson(`${compute.url}/os-services`, token)).services as {
    binary: string;
    status: string;
  }[];
  return {
    identityUri,
    region: compute.region,
    imageRef: active[0].id,
    imageRefAlt: (active[1] ?? active[0]).id,
    flavorRef: flavors[0].id,
    flavorRefAlt: flavors[1].id,
    minMicroversion: version.min_version,
    maxMicroversion: version.version,
    fixedNetworkName: (networks.find((n) => n.shared) ?? networks[0])?.name ?? "",
    computeNodes: services.filter((s) => s.binary === "nova-compute" && s.status === "enabled")
      .length,
    hasVolume: catalog.some((s) => s.type === "volumev3" || s.type === "block-storage"),
  };
}

async function run(cmd: string, args: string[], cwd: string, env: Record<string, string>) {
  const out = await new Deno.Command(cmd, { args, cwd, env, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { ok: out.success, text, stdout: out.stdout };
}

async function main() {
  const options = parseArgs(Deno.args);
  SAVED = `${SAVED}/${options.mode}`;
  const started = Date.now();
  const dir = await Deno.makeTempDir({ prefix: "nova-deno-tempest-" });
  const accounts = tempestAccounts(options.concurrency);
  await Deno.mkdir(`${dir}/cloud`);
  const stops: (() => Promise<void>)[] = [];
  let status = 1;
  try {
    let creds: Credentials;
    let identityUri: string;
    let admin: { username: string; password: string; project: string };
    let cloud: Cloud;
    if (options.mode === "keystone") {
      const keystone = await startKeystone(`${dir}/keystone`);
      stops.push(keystone.stop);
      cloud = await startCloud(`${dir}/cloud`, {
        users: [],
        images: IMAGES,
        keystoneUrl: keystone.url,
        keystoneNovaPassword: keystone.novaPassword,
      });
      stops.unshift(() => saveOutput(cloud));
      await registerCloud(keystone, cloud.base);
      identityUri = `${keystone.url}/v3`;
      admin = { username: "admin", password: keystone.adminPassword, project: "admin" };
      creds = { kind: "dynamic", admin };
    } else {
      cloud = await startCloud(`${dir}/cloud`, {
        users: accounts.map(identityUserLine),
        images: IMAGES,
      });
      stops.unshift(() => saveOutput(cloud));
      identityUri = `${cloud.base}/identity/v3`;
      admin = accounts.find((a) => a.roles.includes("admin"))!;
      creds = { kind: "accounts", file: `${dir}/workspace/etc/accounts.yaml`, admin };
    }
    const facts = await readFacts(identityUri, admin);
    status = await runTempest(dir, cloud.base, facts, creds, accounts, options, started);
    if (cloud.exited()) {
      console.log(
        "test-tempest: the cloud stopped during the run (something signalled it or it crashed; " +
          `see state/tempest/${options.mode}/cloud-output.txt): the results above are not its own`,
      );
      status = 1;
    }
  } finally {
    for (const stop of stops) await stop();
    if (!options.keep) await Deno.remove(dir, { recursive: true }).catch(() => {});
    else console.log(`test-tempest: kept ${dir}`);
  }
  Deno.exit(status);
}

/** Stop the cloud and keep what it printed. */
async function saveOutput(cloud: Cloud) {
  await cloud.stop();
  await Deno.mkdir(SAVED, { recursive: true });
  await Deno.writeTextFile(`${SAVED}/cloud-output.txt`, cloud.output());
}

async function runTempest(
  dir: string,
  base: string,
  facts: CloudFacts,
  creds: Credentials,
  accounts: Account[],
  options: Options,
  started: number,
): Promise<number> {
  const ws = `${dir}/workspace`;
  const env = {
    HOME: dir,
    PATH: "/usr/bin:/bin:/usr/sbin:/sbin",
    LANG: "C.UTF-8",
    OS_TEST_TIMEOUT: "300",
  };
  const init = await run(
    "tempest",
    ["init", "--workspace-path", `${dir}/workspaces.yaml`, ws],
    dir,
    env,
  );
  if (!init.ok) throw new Error(`tempest init failed:\n${init.text}`);
  if (creds.kind === "accounts") await Deno.writeTextFile(creds.file, accountsYaml(accounts));
  await Deno.writeTextFile(
    `${ws}/etc/tempest.conf`,
    withOverrides(tempestConf(facts, creds, ws), options.overrides),
  );
  console.log(
    `test-tempest: ${options.mode} identity, cloud at ${base} ` +
      `(microversions ${facts.minMicroversion}-${facts.maxMicroversion}); ` +
      `running ${options.regex} with concurrency ${options.concurrency}`,
  );
  const child = new Deno.Command("tempest", {
    args: [
      "run",
      "--workspace-path",
      `${dir}/workspaces.yaml`,
      "--regex",
      options.regex,
      "--exclude-list",
      EXCLUDE,
      "--concurrency",
      String(options.concurrency),
    ],
    cwd: ws,
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  await Deno.mkdir(SAVED, { recursive: true });
  const log = await Deno.open(`${SAVED}/tempest-output.txt`, {
    write: true,
    create: true,
    truncate: true,
  });
  const progress = new TransformStream<Uint8Array, Uint8Array>();
  const writer = progress.writable.getWriter();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) await writer.write(chunk);
  };
  const writing = progress.readable.pipeTo(log.writable);
  await Promise.all([pump(child.stdout), pump(child.stderr)]);
  await writer.close();
  await writing;
  await child.status;
  await Deno.copyFile(`${ws}/etc/tempest.conf`, `${SAVED}/tempest.conf`);
  await Deno.copyFile(`${ws}/tempest.log`, `${SAVED}/tempest.log`).catch(() => {});

  const last = await run("stestr", ["last", "--subunit"], ws, env);
  await Deno.writeFile(`${SAVED}/results.subunit`, last.stdout);
  const out = await new Deno.Command(PYTHON, {
    args: [`${ROOT}/scripts/tempest/results.py`, `${SAVED}/results.subunit`],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`results.py failed:\n${new TextDecoder().decode(out.stderr)}`);
  const lines = new TextDecoder().decode(out.stdout).split("\n").filter((l) => l !== "");
  await Deno.writeTextFile(`${SAVED}/results.jsonl`, lines.join("\n") + "\n");
  const results: Result[] = lines.map((l) => JSON.parse(l));
  return report(results, options, started);
}

async function report(results: Result[], options: Options, started: number): Promise<number> {
  const listFile = EXPECTED[options.mode];
  const expected = readList(await Deno.readTextFile(`${ROOT}/${listFile}`).catch(() => ""));
  const scope = new RegExp(options.regex);
  const { passed, failed, skipped, broken, fresh } = compare(results, expected, scope);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  for (const { id, outcome } of broken) console.log(`EXPECTED TO PASS, ${outcome}: ${id}`);
  console.log(
    `test-tempest: ${passed.size} passed, ${failed.size} failed, ${skipped.size} skipped ` +
      `in ${minutes} min; ${fresh.length} newly passing (not in ${listFile})` +
      `; ${broken.length} expected but not passing. Output, results and tempest.log: state/tempest/${options.mode}/`,
  );
  if (results.length === 0) {
    console.log("test-tempest: Tempest ran no test");
    return 1;
  }
  if (options.update) {
    const text = updatedList(expected, scope, passed);
    await Deno.writeTextFile(`${ROOT}/${listFile}`, text);
    console.log(
      `test-tempest: wrote ${readList(text).length} ids to ${listFile}`,
    );
    return 0;
  }
  return broken.length === 0 ? 0 : 1;
}

if (import.meta.main) await main();
