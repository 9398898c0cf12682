import assert from "node:assert/strict";

const MODULE = new URL("../../lib/service/log_lines.ts", import.meta.url).href;

/** Run `code` (with the log_lines module imported as `log`) in a child; its stderr. */
async function stderrOf(code: string): Promise<string> {
  const script = `import * as log from ${JSON.stringify(MODULE)};\n${code}`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", script],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stderr);
}

Deno.test("log lines before batching are written at once, each with its newline", async () => {
  const text = await stderrOf(`
    log.writeLogLine("one");
    Deno.stderr.writeSync(new TextEncoder().encode("direct\\n"));
    log.writeLogLine("two %s");
  `);
  assert.equal(text, "one\ndirect\ntwo %s\n");
});

Deno.test("batched log lines keep their order and are all written by Deno.exit", async () => {
  const text = await stderrOf(`
    log.batchLogLines();
    for (let i = 0; i < 300; i++) log.writeLogLine("line " + i);
    log.writeLogLine("last");
    Deno.exit(0);
  `);
  const want = [...Array.from({ length: 300 }, (_, i) => `line ${i}`), "last"].join("\n") + "\n";
  assert.equal(text, want);
});

Deno.test("batched log lines are written within the event-loop turn, before a line written now", async () => {
  const text = await stderrOf(`
    log.batchLogLines();
    log.writeLogLine("a");
    log.writeLogLine("b");
    log.writeLogLineNow("now");
    log.writeLogLine("c");
    await new Promise((resolve) => setTimeout(resolve, 5));
    Deno.stderr.writeSync(new TextEncoder().encode("after the turn\\n"));
  `);
  assert.equal(text, "a\nb\nnow\nc\nafter the turn\n");
});

Deno.test("after a second of batching, a flush moves the 0 ms timer to setTimeout, lines in order", async () => {
  const text = await stderrOf(`
    log.batchLogLines();
    const pause = (ms) => new Promise((resolve) => AbortSignal.timeout(ms).addEventListener("abort", resolve));
    log.writeLogLine("early");
    await pause(5);
    await pause(1000);
    log.writeLogLine("late 1");
    await pause(5);
    log.writeLogLine("late 2");
    log.writeLogLine("late 3");
    await pause(5);
    Deno.stderr.writeSync(new TextEncoder().encode("after the turn\\n"));
  `);
  assert.equal(text, "early\nlate 1\nlate 2\nlate 3\nafter the turn\n");
});
