import assert from "node:assert/strict";
import { configFromValues } from "../../lib/config/mod.ts";
import { configuredPaths, permissionFlags } from "../../scripts/start/permissions.ts";
import { listeningUrl } from "../../scripts/start/child.ts";

const root = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const BANNER_END = "Ctrl-C stops both.";

/** `deno task start` as a process: scripts/start.ts under the Deno running the tests. */
interface Start {
  child: Deno.ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Settles once the banner is complete or the process has exited. */
  settled: Promise<void>;
  stop(): Promise<Deno.CommandStatus>;
}

function collect(
  stream: ReadableStream<Uint8Array>,
  onText: () => void,
): [() => string, Promise<void>] {
  let text = "";
  const done = (async () => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      onText();
    }
  })();
  return [() => text, done];
}

function runStart(configDir: string, cloudsYaml: string): Start {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/start.ts", `--clouds-yaml=${cloudsYaml}`],
    cwd: root,
    // No deno on this PATH: start must run its services with the Deno that runs it.
    clearEnv: true,
    env: {
      PATH: "/usr/bin:/bin",
      HOME: Deno.env.get("HOME") ?? "/",
      NO_COLOR: "1",
      OS_NOVA_CONFIG_DIR: configDir,
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let bannerSeen!: () => void;
  const banner = new Promise<void>((r) => bannerSeen = r);
  const [stdout, outDone] = collect(child.stdout, () => {
    if (stdout().includes(BANNER_END)) bannerSeen();
  });
  const [stderr, errDone] = collect(child.stderr, () => {});
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const settled = Promise.race([
    banner,
    child.status.then(() => {}),
    new Promise<void>((r) => deadline = setTimeout(r, 60_000)),
  ]).finally(() => clearTimeout(deadline));
  return {
    child,
    stdout,
    stderr,
    settled,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* already exited */ }
      const status = await child.status;
      await Promise.all([outDone, errDone]);
      return status;
    },
  };
}

/** A config dir, store and signing key under /tmp: outside every permission set's lists. */
async function outsideConfig(computePort = 0, metadataPort = 0): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "nova-deno-start-" });
  await Deno.writeTextFile(
    `${dir}/nova.conf`,
    `[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = ${computePort}
metadata_listen = 127.0.0.1
metadata_listen_port = ${metadataPort}
[api]
auth_strategy = noauth2
[database]
connection = sqlite:///${dir}/store/nova.sqlite
[identity]
users = admin:admin:admin:admin
signing_key_file = ${dir}/keys/identity-signing.key
`,
  );
  await Deno.copyFile(`${root}/etc/nova/api-paste.ini`, `${dir}/api-paste.ini`);
  return dir;
}

Deno.test("start: a config dir, store and key outside ./etc and ./state work in both services", async () => {
  const dir = await outsideConfig();
  const start = runStart(dir, `${dir}/clouds.yaml`);
  try {
    await start.settled;
    const out = start.stdout();
    assert.ok(out.includes(BANNER_END), `no banner:\n${out}\n${start.stderr()}`);
    const compute = /compute API: +(http:\/\/\S+)\/v2\.1\//.exec(out)?.[1];
    const metadata = /metadata API: +(http:\/\/\S+)\//.exec(out)?.[1];
    assert.ok(compute && metadata, out);
    const versions = await fetch(`${compute}/v2.1/`);
    assert.equal((await versions.json()).version.id, "v2.1");
    const listing = await fetch(`${metadata}/`);
    assert.equal((await listing.text()).split("\n")[0], "1.0");
    const clouds = await Deno.readTextFile(`${dir}/clouds.yaml`);
    assert.ok(clouds.includes(`auth_url: "${compute}/identity"`), clouds);
    await Deno.stat(`${dir}/store/nova.sqlite`);
    // Each service process runs with the arena limit (scripts/start/service_env.ts): this
    // caller set none.
    const pids = [...start.stderr().matchAll(/: listening on \S+ \(pid (\d+)\)/g)].map((m) => m[1]);
    assert.equal(pids.length, 2, start.stderr());
    for (const pid of pids) {
      // (Deno wants every permission to read /proc/*/environ itself; cat needs only run.)
      const out = await new Deno.Command("cat", { args: [`/proc/${pid}/environ`] }).output();
      const environ = new TextDecoder().decode(out.stdout).split("\0");
      assert.ok(environ.includes("MALLOC_ARENA_MAX=2"), `pid ${pid}: ${environ.join(" ")}`);
    }
  } finally {
    const status = await start.stop();
    await Deno.remove(dir, { recursive: true });
    assert.equal(status.code, 0, start.stderr());
  }
  const lines = start.stderr().split("\n");
  assert.ok(lines.includes("compute: stopped"), start.stderr());
  assert.ok(lines.includes("metadata: stopped"), start.stderr());
});

for (const taken of ["compute", "metadata"] as const) {
  Deno.test(`start: a ${taken} port another server answers on fails start-up and writes nothing`, async () => {
    const other = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () => new Response("not nova"),
    );
    const port = other.addr.port;
    const dir = await outsideConfig(
      taken === "compute" ? port : 0,
      taken === "metadata" ? port : 0,
    );
    const start = runStart(dir, `${dir}/clouds.yaml`);
    try {
      const status = await start.child.status;
      await start.stop();
      assert.equal(status.code, 1, start.stdout() + start.stderr());
      const lines = start.stderr().split("\n");
      assert.ok(
        lines.includes(`${taken}: cannot listen on 127.0.0.1:${port}: address in use`),
        start.stderr(),
      );
      const failure = lines.filter((l) => l.startsWith("start:"));
      assert.equal(failure.length, 1, start.stderr());
      assert.match(
        failure[0],
        new RegExp(`^start: ${taken} did not start \\(exit code 1\\).*wrote nothing`),
      );
      assert.doesNotMatch(start.stderr(), /uncaught|AddrInUse/i);
      assert.doesNotMatch(start.stdout(), /API:|Ctrl-C/, "no success banner");
      await assert.rejects(Deno.stat(`${dir}/clouds.yaml`), Deno.errors.NotFound);
    } finally {
      await start.stop();
      await other.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("start: a start-up line counts only from the service's own process", () => {
  const line = "compute: listening on http://127.0.0.1:8774/ (pid 42)";
  assert.equal(listeningUrl(line, "compute", 42), "http://127.0.0.1:8774");
  assert.equal(listeningUrl(`\x1b[0m${line}`, "compute", 42), "http://127.0.0.1:8774");
  assert.equal(listeningUrl(line, "compute", 43), undefined, "another pid");
  assert.equal(listeningUrl(line, "metadata", 42), undefined, "another service");
  assert.equal(
    listeningUrl("compute: listening on http://127.0.0.1:8774/", "compute", 42),
    undefined,
  );
});

Deno.test("start: paths outside a permission set's list are added to the whole list", () => {
  const metadata = { read: ["./etc", "/etc/nova", "./state"], write: ["./state"], net: true };
  assert.deepEqual(
    permissionFlags(
      metadata,
      { read: ["/tmp/x", "/repo/etc/nova"], write: ["/srv/nova"] },
      "/repo",
    ),
    ["--allow-read=/repo/etc,/etc/nova,/repo/state,/tmp/x", "--allow-write=/repo/state,/srv/nova"],
  );
  assert.deepEqual(
    permissionFlags(
      metadata,
      { read: ["etc/nova", "/repo/state/a/../b"], write: ["state/x"] },
      "/repo",
    ),
    [],
    "nothing to add: no flag, the set alone",
  );
  assert.deepEqual(
    permissionFlags({ read: true, write: ["./state"] }, { read: ["/tmp/x"], write: [] }, "/repo"),
    [],
    "a set that reads everything needs no read flag",
  );
  assert.deepEqual(
    permissionFlags({ read: ["./etc"] }, { read: ["/repo/etcetera"], write: [] }, "/repo"),
    ["--allow-read=/repo/etc,/repo/etcetera"],
    "a sibling with a common prefix is not inside",
  );
});

Deno.test("start: the paths a service needs come from its configuration", () => {
  const config = configFromValues({
    database: { connection: "sqlite:////srv/nova/db/nova.sqlite" },
    identity: { users: ["admin:admin:admin:admin"], signing_key_file: "keys/signing.key" },
    api: { vendordata_jsonfile_path: "/opt/vendor/data.json" },
  }, { dir: "/tmp/conf" });
  assert.deepEqual(configuredPaths(config, "compute", "/repo"), {
    read: ["/tmp/conf", "/srv/nova/db", "/repo/keys"],
    write: ["/srv/nova/db", "/repo/keys"],
  });
  assert.deepEqual(configuredPaths(config, "metadata", "/repo"), {
    read: ["/tmp/conf", "/opt/vendor/data.json", "/srv/nova/db"],
    write: ["/srv/nova/db"],
    net: ["0.0.0.0:8775"],
  });
});

Deno.test("start: the metadata process may reach only where it listens, its targets and store", () => {
  const config = configFromValues({
    DEFAULT: { metadata_listen: "127.0.0.1", metadata_listen_port: 9775 },
    api: { vendordata_dynamic_targets: ["web@http://vendor.example:8080/v", "tls@https://v2"] },
    database: { connection: "https://kv.example/db" },
  }, { dir: "/tmp/conf" });
  const needed = configuredPaths(config, "metadata", "/repo");
  assert.deepEqual(needed.net, [
    "127.0.0.1:9775",
    "vendor.example:8080",
    "v2:443",
    "kv.example:443",
  ]);
  const set = { read: ["./etc"], write: ["./state"], net: ["127.0.0.1", "localhost", "[::1]"] };
  const flags = permissionFlags(set, needed, "/repo");
  assert.deepEqual(
    flags.filter((f) => f.startsWith("--allow-net")),
    ["--allow-net=127.0.0.1,localhost,[::1],vendor.example:8080,v2:443,kv.example:443"],
    "loopback is in the set already; the rest is added",
  );
  assert.deepEqual(
    permissionFlags({ net: true }, { read: [], write: [], net: ["x:1"] }, "/repo"),
    [],
    "a set that reaches everything needs no flag",
  );
});
