/**
 * Run `scripts/start.ts` (what `deno task start` runs) on a configuration directory as a child of
 * the running Deno, collecting what it prints, until it says where the compute API is. Used by the
 * interop tests' quick start and the Tempest harness's cloud.
 *
 * @module
 */

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** A running `start.ts`. */
export interface StartedProcess {
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** Whether it has exited. */
  exited(): boolean;
  /** SIGTERM (both APIs stop), then wait for it and its output. */
  stop(): Promise<void>;
}

async function drain(stream: ReadableStream<Uint8Array>, sink: (text: string) => void) {
  const decoder = new TextDecoder();
  for await (const chunk of stream) sink(decoder.decode(chunk, { stream: true }));
}

/**
 * Start `start.ts` with `OS_NOVA_CONFIG_DIR=configDir`, writing its clouds.yaml to `cloudsYaml`;
 * resolves once it prints `compute API:`. Throws (after stopping it) when it exits first or does
 * not come up within a minute; the error names `what` and carries its output.
 */
export async function spawnStart(
  configDir: string,
  cloudsYaml: string,
  what: string,
): Promise<StartedProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "scripts/start.ts",
      `--clouds-yaml=${cloudsYaml}`,
      // The bundle instead of the modules (`.ci/run` builds it and sets this for the suites).
      ...(Deno.env.get("NOVA_TEST_BUILT") ? ["--built"] : []),
    ],
    cwd: ROOT,
    env: { OS_NOVA_CONFIG_DIR: configDir, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  const drained = Promise.all([
    drain(child.stdout, (t) => out += t),
    drain(child.stderr, (t) => out += t),
  ]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const stop = async () => {
    if (!exited) {
      try {
        child.kill("SIGTERM");
      } catch { /* gone */ }
    }
    await status;
    await drained;
  };
  for (let waited = 0; !out.includes("compute API:"); waited += 100) {
    if (exited || waited > 60_000) {
      await stop();
      throw new Error(`${what} did not come up:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { output: () => out, exited: () => exited, stop };
}
