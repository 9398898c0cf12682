import assert from "node:assert/strict";

// The tasks that run shell scripts must use the Deno that runs the task, which need not be on
// PATH (`npx -y deno@2.9.6 task …` runs a Deno from npm's cache).
const root = new URL("../../", import.meta.url).pathname;
const NO_DENO_PATH = "/usr/bin:/bin";

async function run(command: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(command, {
    args,
    cwd: root,
    clearEnv: true,
    env: { PATH: NO_DENO_PATH, HOME: Deno.env.get("HOME") ?? "/", NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes).trim();
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("the test PATH has no deno on it", async () => {
  for (const dir of NO_DENO_PATH.split(":")) {
    await assert.rejects(Deno.stat(`${dir}/deno`), Deno.errors.NotFound, `${dir}/deno exists`);
  }
});

for (const task of ["test:interop", "bench:wrk", "bench"]) {
  Deno.test(`deno task ${task} runs its script with the Deno that runs the task`, async () => {
    const out = await run(Deno.execPath(), ["task", task, "--print-deno"]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.split("\n").at(-1), Deno.execPath());
  });
}

for (
  const script of [
    "scripts/test-interop.sh",
    "scripts/bench/wrk.sh",
    "scripts/bench/run.sh",
    "scripts/keystone/run-tests.sh",
  ]
) {
  Deno.test(`${script} without a Deno says how to run it, in one line`, async () => {
    const out = await run("/bin/bash", [script, "--print-deno"]);
    assert.equal(out.code, 1);
    assert.equal(out.stdout, "");
    assert.match(
      out.stderr,
      new RegExp(
        `^${script}: no Deno: run it as 'deno task [\\w:]+' or 'npx -y deno@2\\.9\\.6 task [\\w:]+', or set DENO to a deno executable$`,
      ),
    );
  });

  Deno.test(`${script} takes the Deno named in DENO`, async () => {
    const out = await run("/bin/bash", [script, "--print-deno"], { DENO: Deno.execPath() });
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, Deno.execPath());
  });
}
