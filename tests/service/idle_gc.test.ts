import assert from "node:assert/strict";
import vm from "node:vm";
import { engineCollector, IDLE_GC_QUIET_MS, idleCollection } from "../../lib/service/idle_gc.ts";

Deno.test("engineCollector: a real full collection, and no gc() left for later contexts", async () => {
  const collect = await engineCollector();
  assert.ok(collect, "Deno 2.9.6 offers gc() this way");
  let target: object | null = { big: new Array(1000).fill("x") };
  const ref = new WeakRef(target);
  target = null;
  // A WeakRef's target lives at least until the current job ends.
  await new Promise((r) => setTimeout(r, 0));
  collect();
  assert.equal(ref.deref(), undefined, "the collection freed the unreachable object");
  assert.equal(vm.runInNewContext("typeof gc"), "undefined", "--expose-gc was cleared");
});

/** Drives the task's quiet periods by hand: `tick()` ends the current one. */
function manualClock() {
  let waiting: (() => void) | undefined;
  let periods = 0;
  return {
    pause(ms: number, signal: AbortSignal) {
      assert.equal(ms, 7);
      return new Promise<void>((resolve) => {
        waiting = resolve;
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
    },
    async tick() {
      // Let the task reach its next pause (the collector's promise settles in between).
      for (let i = 0; i < 10 && !waiting; i++) await Promise.resolve();
      const end = waiting;
      waiting = undefined;
      assert.ok(end, "the task waits for a period to end");
      periods++;
      end();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
    get periods() {
      return periods;
    },
  };
}

Deno.test("idleCollection: once after start-up, once after each busy spell, never while serving", async () => {
  const clock = manualClock();
  let loads = 0;
  let runs = 0;
  const idle = idleCollection({
    quietMs: 7,
    pause: clock.pause,
    collector: () => {
      loads++;
      return Promise.resolve(() => void runs++);
    },
  });
  const handler = idle.counting(() => Promise.resolve(new Response("ok")));
  const controller = new AbortController();
  const task = idle.task(controller.signal);

  await clock.tick(); // start-up seen
  assert.equal(idle.collections, 0);
  await clock.tick(); // quiet after it
  assert.equal(idle.collections, 1);
  await clock.tick();
  await clock.tick();
  assert.equal(idle.collections, 1, "quiet and nothing served since: no second collection");

  for (let period = 0; period < 4; period++) {
    assert.equal(await (await handler(new Request("http://x/"))).text(), "ok");
    await clock.tick();
  }
  assert.equal(idle.collections, 1, "a request in every period: no collection");
  await clock.tick();
  assert.equal(idle.collections, 2, "the first quiet period after serving collects");
  await clock.tick();
  assert.equal(idle.collections, 2);
  assert.equal(runs, 2);
  assert.equal(loads, 1, "the collector is asked for once");

  controller.abort();
  await task;
});

Deno.test("idleCollection: without a gc() the task ends at its first collection", async () => {
  const clock = manualClock();
  const idle = idleCollection({
    quietMs: 7,
    pause: clock.pause,
    collector: () => Promise.resolve(null),
  });
  let ended = false;
  const task = idle.task(new AbortController().signal).then(() => ended = true);
  await clock.tick();
  await clock.tick();
  await task;
  assert.ok(ended);
  assert.equal(idle.collections, 0);
  assert.ok(IDLE_GC_QUIET_MS >= 1000, "a quiet period is seconds long");
});
