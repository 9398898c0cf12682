import assert from "node:assert/strict";
import { lazyHandler } from "../../lib/service/lazy.ts";
import type { Handler } from "../../lib/http/types.ts";

function counted(): { load: () => Promise<Handler>; loads: () => number } {
  let loads = 0;
  return {
    load: () => {
      loads++;
      return Promise.resolve((request: Request) =>
        Promise.resolve(new Response(new URL(request.url).pathname))
      );
    },
    loads: () => loads,
  };
}

Deno.test("lazyHandler: loads on the first request, once, however many arrive together", async () => {
  const { load, loads } = counted();
  const handler = lazyHandler(undefined, "test API", load);
  assert.equal(loads(), 0);
  const answers = await Promise.all(
    ["/a", "/b", "/c"].map((p) => handler(new Request(`http://x${p}`)).then((r) => r.text())),
  );
  assert.deepEqual(answers, ["/a", "/b", "/c"]);
  assert.equal(await (await handler(new Request("http://x/d"))).text(), "/d");
  assert.equal(loads(), 1);
});

Deno.test("lazyHandler: a failed load fails the request that waited for it", async () => {
  const handler = lazyHandler(undefined, "test API", () => Promise.reject(new Error("boom")));
  await assert.rejects(handler(new Request("http://x/")), /boom/);
});

Deno.test("lazyHandler: registers a background load that waits, then loads", async () => {
  const tasks: ((signal: AbortSignal) => Promise<void> | void)[] = [];
  const names: string[] = [];
  const { load, loads } = counted();
  lazyHandler({ background: (name, task) => (names.push(name), tasks.push(task)) }, "x API", load);
  assert.deepEqual(names, ["load x API"]);
  // Stopped before its pause ends: nothing is loaded.
  const stopped = new AbortController();
  const early = tasks[0](stopped.signal);
  stopped.abort();
  await early;
  assert.equal(loads(), 0);
  // Left to run: it loads after the pause.
  await tasks[0](new AbortController().signal);
  assert.equal(loads(), 1);
});
