/**
 * Start-up to the first answer, measured as `deno task bench` does (wall clock from the spawn of
 * `deno run -P=compute compute.ts` / `-P=metadata metadata.ts` until `GET /` answers 200), plus
 * the CPU time the process spent until then (utime + stime from `/proc/<pid>/stat`, and the sum of
 * its threads' `schedstat` run times in nanoseconds), over several runs, against the bare
 * baseline (`scripts/bench/baseline.ts`) measured the same way.
 *
 * The store and configuration are the bench's (`[identity]` users, Neutron's proxy secret,
 * seeded flavors and a few servers, auth_strategy keystone) in a fresh directory under `state/`.
 * `GET /` is tried every 2 ms from the spawn (no waiting for the "listening" line), so the figure
 * is the earliest 200 the process can give. Loopback only.
 *
 * With `--compare=DIR` (another checkout, e.g. `git worktree add /tmp/base HEAD~1`) each run of
 * this checkout alternates with a run of that one on the same store and configuration, so both
 * see the same machine load.
 *
 * With `--built=DIR` (a bundle `scripts/build.ts` made, relative to the checkout) the compute and
 * metadata rows run `DIR/compute.js` and `DIR/metadata.js`, and the rows `compute-modules` and
 * `metadata-modules` run the entry modules, for comparison.
 *
 * With `--store=PATH` (a store under this checkout's `state/`, e.g. the one `deno task bench`
 * seeded and serves) the processes start on that store instead of a freshly seeded one; with
 * `--json=FILE` the medians are also written there, as `{"compute": {"wall_ms", "cpu_ms",
 * "runs"}, …}` (what `deno task bench` reports as start-up).
 *
 * Usage: deno run -A scripts/bench/startup.ts [--runs=10] [--only=compute|metadata|baseline]
 *   [--servers=100] [--compare=DIR] [--keep] [--store=PATH] [--json=FILE] [--built=DIR]
 *
 * @module
 */

const root = new URL("../../", import.meta.url).pathname;
const deno = Deno.execPath();

function arg(name: string, fallback: string): string {
  const a = Deno.args.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : fallback;
}

const runs = Number(arg("runs", "10"));
const only = arg("only", "");
const servers = arg("servers", "100");
const keep = Deno.args.includes("--keep");
const compare = arg("compare", "");
const store = arg("store", "");
const jsonPath = arg("json", "");
const built = arg("built", "");
const trees: [string, string][] = [["", root]];
if (compare) trees.push([" (compare)", compare.endsWith("/") ? compare : `${compare}/`]);

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** utime + stime of a process, in milliseconds (clock ticks of 10 ms). */
function cpuTicksMs(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The sum of the live threads' run time (schedstat), in milliseconds. */
function cpuSchedMs(pid: number): number {
  let ns = 0;
  for (const t of Deno.readDirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(Deno.readTextFileSync(`/proc/${pid}/task/${t.name}/schedstat`).split(" ")[0]);
    } catch { /* the thread ended */ }
  }
  return ns / 1e6;
}

interface Sample {
  wall: number;
  cpu: number;
  sched: number;
}

async function once(
  cwd: string,
  args: string[],
  env: Record<string, string>,
  port: number,
): Promise<Sample> {
  const started = performance.now();
  const child = new Deno.Command(deno, {
    args,
    env: { NO_COLOR: "1", ...env },
    cwd,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const errText = new Response(child.stderr).text();
  let sample: Sample | undefined;
  const deadline = started + 30_000;
  while (performance.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/`);
      await r.body?.cancel();
      if (r.status === 200) {
        const wall = performance.now() - started;
        sample = { wall, cpu: cpuTicksMs(child.pid), sched: cpuSchedMs(child.pid) };
        break;
      }
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 2));
  }
  child.kill("SIGTERM");
  await child.status;
  if (!sample) throw new Error(`no answer: ${await errText}`);
  await errText;
  return sample;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const confTemplate = Deno.readTextFileSync(new URL("./nova.conf.in", import.meta.url));

/** The bench's nova.conf (`nova.conf.in`, as scripts/bench/run.sh fills it) for `state/NAME`. */
function novaConf(name: string, computePort: number, metadataPort: number): string {
  // sqlite:///relative/to/the/checkout or sqlite:////absolute, as SQLAlchemy reads them.
  const connection = `sqlite:///${store || `state/${name}/nova.sqlite`}`;
  return confTemplate.replaceAll("@COMPUTE_PORT@", String(computePort))
    .replaceAll("@METADATA_PORT@", String(metadataPort))
    .replaceAll("@CONNECTION@", connection)
    .replaceAll("@STATE@", `state/${name}`)
    .replaceAll("@SECRET@", "bench-metadata-secret");
}

await Deno.mkdir(`${root}state`, { recursive: true });
const run = await Deno.makeTempDir({ dir: `${root}state`, prefix: "startup-run-" });
const name = run.slice(run.lastIndexOf("/") + 1);
try {
  const seed = store ? { success: true } : await new Deno.Command(deno, {
    args: [
      "run",
      "-P=test",
      "scripts/bench/seed.ts",
      `--store=${run}/nova.sqlite`,
      `--lua=${run}/metadata.lua`,
      "--secret=bench-metadata-secret",
      `--servers=${servers}`,
      "--projects=2",
    ],
    cwd: root,
    stdout: "null",
    stderr: "inherit",
  }).output();
  if (!seed.success) throw new Error("seeding failed");
  await Deno.copyFile(`${root}etc/nova/api-paste.ini`, `${run}/api-paste.ini`);
  // Each tree gets its own copy of the run directory under its own state/ (the metadata
  // permission set reads ./state of the checkout it runs in; the store path is relative).
  for (const [, tree] of trees.slice(1)) {
    await Deno.mkdir(`${tree}state/${name}`, { recursive: true });
    for await (const e of Deno.readDir(run)) {
      if (e.isFile) await Deno.copyFile(`${run}/${e.name}`, `${tree}state/${name}/${e.name}`);
    }
  }
  const cases: [string, string[], (port: number) => [number, number]][] = [
    ["baseline", ["run", "--allow-net=127.0.0.1", "scripts/bench/baseline.ts"], () => [0, 0]],
    ["compute", ["run", "-P=compute", built ? `${built}/compute.js` : "compute.ts"], (p) => [p, 0]],
    [
      "metadata",
      ["run", "-P=metadata", built ? `${built}/metadata.js` : "metadata.ts"],
      (p) => [0, p],
    ],
  ];
  if (built) {
    cases.push(
      ["compute-modules", ["run", "-P=compute", "compute.ts"], (p) => [p, 0]],
      ["metadata-modules", ["run", "-P=metadata", "metadata.ts"], (p) => [0, p]],
    );
  }
  console.log(`load ${Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ")}`);
  const medians: Record<string, { wall_ms: number; cpu_ms: number; runs: number }> = {};
  for (const [label, args, ports] of cases) {
    if (only && only !== label.replace(/-modules$/, "")) continue;
    const samples: Sample[][] = trees.map(() => []);
    for (let i = 0; i < runs; i++) {
      for (const [t, [, tree]] of trees.entries()) {
        const port = freePort();
        const dir = `${tree}state/${name}`;
        await Deno.writeTextFile(`${dir}/nova.conf`, novaConf(name, ...ports(port)));
        const extra = label === "baseline" ? [`--port=${port}`] : [];
        samples[t].push(
          await once(
            tree,
            [...args, ...extra],
            { OS_NOVA_CONFIG_DIR: dir },
            port,
          ),
        );
      }
    }
    medians[label] = {
      wall_ms: Math.round(median(samples[0].map((s) => s.wall))),
      cpu_ms: Math.round(median(samples[0].map((s) => s.cpu))),
      runs,
    };
    const f = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(" ");
    for (const [t, [suffix]] of trees.entries()) {
      const got = samples[t];
      console.log(
        `${(label + suffix).padEnd(18)} wall median ${
          median(got.map((s) => s.wall)).toFixed(0)
        } ms ` +
          `(first ${got[0].wall.toFixed(0)}; ${f(got.map((s) => s.wall))}), ` +
          `cpu median ${median(got.map((s) => s.cpu)).toFixed(0)} ms, ` +
          `threads' run time median ${median(got.map((s) => s.sched)).toFixed(0)} ms`,
      );
    }
  }
  if (jsonPath) await Deno.writeTextFile(jsonPath, JSON.stringify(medians) + "\n");
} finally {
  if (keep) console.log(`kept ${run}`);
  else {
    for (const [, tree] of trees) await Deno.remove(`${tree}state/${name}`, { recursive: true });
  }
}
