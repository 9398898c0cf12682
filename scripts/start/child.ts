/**
 * One service process of `deno task start`: spawned with the Deno that runs the task, its stderr
 * passed through to ours, and its start-up line awaited. A service is up only when its own
 * process says `<name>: listening on http://HOST:PORT/ (pid N)` with its own pid; whatever else
 * answers on that port (another server holding it) does not count.
 *
 * @module
 */

/** How to start a service process. */
export interface ServiceSpec {
  /** The name its log lines start with (`compute`, `metadata`). */
  name: string;
  /** The entry module, relative to `cwd`. */
  entry: string;
  /** The permission set of deno.json. */
  permissionSet: string;
  /** Extra `deno run` flags (permission lists). */
  flags: string[];
  cwd: string;
  env: Record<string, string>;
}

/** A running service process. */
export interface ServiceChild {
  name: string;
  process: Deno.ChildProcess;
  /** The URL its own start-up line names; undefined when it exited (or its stderr closed) first. */
  listening: Promise<string | undefined>;
}

/** Strip terminal colour codes. */
function plain(line: string): string {
  // deno-lint-ignore no-control-regex
  return line.replace(/\x1b\[[0-9;]*m/g, "");
}

/**
 * The URL of a start-up line of service `name` from process `pid`, or undefined when `line` is
 * no such line.
 *
 * @example
 * ```ts
 * listeningUrl("compute: listening on http://127.0.0.1:8774/ (pid 42)", "compute", 42);
 * // "http://127.0.0.1:8774"
 * ```
 */
export function listeningUrl(line: string, name: string, pid: number): string | undefined {
  const m = /^(\S+): listening on (http:\/\/\S+?)\/? \(pid (\d+)\)$/.exec(plain(line).trim());
  if (!m || m[1] !== name || Number(m[3]) !== pid) return undefined;
  return m[2];
}

async function writeAll(to: { write(p: Uint8Array): Promise<number> }, bytes: Uint8Array) {
  for (let n = 0; n < bytes.length;) n += await to.write(bytes.subarray(n));
}

/** Spawn a service with `execPath run -P=<set> <flags> <entry>`, passing its stderr through. */
export function spawnService(spec: ServiceSpec, execPath = Deno.execPath()): ServiceChild {
  const process = new Deno.Command(execPath, {
    args: ["run", `-P=${spec.permissionSet}`, ...spec.flags, spec.entry],
    cwd: spec.cwd,
    env: spec.env,
    stdin: "null",
    stdout: "inherit",
    stderr: "piped",
  }).spawn();
  let found: (url: string | undefined) => void = () => {};
  const listening = new Promise<string | undefined>((resolve) => found = resolve);
  (async () => {
    const decoder = new TextDecoder();
    let partial = "";
    for await (const chunk of process.stderr) {
      await writeAll(Deno.stderr, chunk);
      partial += decoder.decode(chunk, { stream: true });
      const lines = partial.split("\n");
      partial = lines.pop()!;
      for (const line of lines) {
        const url = listeningUrl(line, spec.name, process.pid);
        if (url) found(url);
      }
    }
    found(undefined);
  })().catch(() => found(undefined));
  return { name: spec.name, process, listening };
}
