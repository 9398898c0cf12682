/**
 * Start `compute.ts` / `metadata.ts` as real processes under their permission sets, with a
 * throw-away config directory, and find the port they listen on from their start-up line.
 *
 * @module
 */

const root = new URL("../../", import.meta.url).pathname;

/**
 * A nova.conf for both services on free loopback ports with `noauth2`; `STATE` stands for the
 * folder of the store (replace it per test).
 */
export const NOAUTH_CONF_TEMPLATE = `[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 0
metadata_listen = 127.0.0.1
metadata_listen_port = 0
[api]
auth_strategy = noauth2
[database]
connection = STATE/nova.sqlite
`;

/** A running service process. */
export interface ServiceProcess {
  url: string;
  child: Deno.ChildProcess;
  /** Everything the process wrote to stderr so far (after it exits: all of it). */
  stderr(): string;
  stop(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
}

/** Write a config dir with `nova.conf` text and the given (or quick-start) api-paste.ini. */
export async function configDir(novaConf: string, pasteIni?: string): Promise<string> {
  // Under ./state: the metadata permission set reads ./etc, /etc/nova and ./state only (an
  // --allow-read flag would replace that list rather than add to it).
  await Deno.mkdir(`${root}state`, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: `${root}state`, prefix: "e2e-config-" });
  await Deno.writeTextFile(`${dir}/nova.conf`, novaConf);
  await Deno.writeTextFile(
    `${dir}/api-paste.ini`,
    pasteIni ?? await Deno.readTextFile(`${root}etc/nova/api-paste.ini`),
  );
  return dir;
}

/**
 * The file `startService` runs for an entry: the module itself, or, when `NOVA_TEST_BUILT` is set
 * (`.ci/run` sets it for the real-client suites after `deno task build`), the bundle's
 * `dist/<name>.js`.
 */
export function entryFile(entry: "compute.ts" | "metadata.ts"): string {
  return Deno.env.get("NOVA_TEST_BUILT") ? `dist/${entry.replace(/\.ts$/, ".js")}` : entry;
}

/**
 * Run an entry module (or its bundle, see {@link entryFile}; or `file`, relative to the checkout)
 * and wait until it listens.
 */
export async function startService(
  entry: "compute.ts" | "metadata.ts",
  env: Record<string, string>,
  args: string[] = ["run", `-P=${entry === "compute.ts" ? "compute" : "metadata"}`],
  file: string = entryFile(entry),
): Promise<ServiceProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [...args, file],
    cwd: root,
    env: { NO_COLOR: "1", ...env },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let text = "";
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += value;
    }
  })();
  const deadline = Date.now() + 20000;
  let url = "";
  while (Date.now() < deadline) {
    const m = /listening on (http:\/\/[^\s/]+)/.exec(text);
    if (m) {
      url = m[1].replace("0.0.0.0", "127.0.0.1");
      break;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const exited = await Promise.race([
      child.status.then(() => true),
      new Promise<false>((r) => timer = setTimeout(() => r(false), 50)),
    ]);
    clearTimeout(timer);
    if (exited) break;
  }
  return {
    url,
    child,
    stderr: () => text,
    async stop(signal: Deno.Signal = "SIGTERM") {
      try {
        child.kill(signal);
      } catch { /* already exited */ }
      const status = await child.status;
      await pump;
      return status;
    },
  };
}
