import assert from "node:assert/strict";
import vm from "node:vm";
import {
  allocatorTrim,
  engineCollector,
  IDLE_GC_QUIET_MS,
  idleCollection,
} from "../../lib/service/idle_gc.ts";

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

Deno.test("allocatorTrim: the C heap hands back what was freed inside it", async () => {
  const collect = await engineCollector();
  assert.ok(collect);
  const rssMiB = () => Deno.memoryUsage().rss / 2 ** 20;
  // ~70 MB of array buffers (malloc'd, under glibc's mmap threshold), each followed by a small
  // one that stays: once the big ones are freed, the free space is all inside the heap, where
  // only malloc_trim returns it.
  const kept: Uint8Array[] = [];
  let freed: Uint8Array[] = [];
  for (let i = 0; i < 3000; i++) {
    freed.push(new Uint8Array(20_000 + (i % 7) * 1000).fill(1));
    kept.push(new Uint8Array(64).fill(2));
  }
  freed = [];
  collect();
  collect();
  const before = rssMiB();
  assert.equal(await allocatorTrim(), true, "the worker came up and was ended");
  // The trim runs on the worker's thread once its isolate is gone: look for a while.
  let after = rssMiB();
  for (let i = 0; i < 50 && before - after < 30; i++) {
    await new Promise((r) => setTimeout(r, 20));
    after = rssMiB();
  }
  assert.ok(
    before - after >= 30,
    `resident memory fell by ${(before - after).toFixed(1)} MiB (${before.toFixed(1)} → ${
      after.toFixed(1)
    })`,
  );
  assert.equal(kept.length + freed.length, 3000);
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
  const order: string[] = [];
  const idle = idleCollection({
    quietMs: 7,
    pause: clock.pause,
    collector: () => {
      loads++;
      return Promise.resolve(() => {
        runs++;
        order.push("collect");
      });
    },
    trim: () => {
      order.push("trim");
      return Promise.resolve(true);
    },
    empty: () => order.push("empty"),
    trimDelayMs: 0,
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
  assert.deepEqual(
    order,
    ["empty", "collect", "trim", "empty", "collect", "trim"],
    "the caches emptied, then each collection, then a trim",
  );

  controller.abort();
  await task;
});

Deno.test("idleCollection: a request served across quiet periods keeps the service busy", async () => {
  const clock = manualClock();
  let runs = 0;
  const idle = idleCollection({
    quietMs: 7,
    pause: clock.pause,
    collector: () => Promise.resolve(() => void runs++),
    trim: () => Promise.resolve(true),
    trimDelayMs: 0,
  });
  let finish!: () => void;
  const slow = idle.counting(async () => {
    await new Promise<void>((resolve) => finish = resolve);
    return new Response("done");
  });
  const controller = new AbortController();
  const task = idle.task(controller.signal);
  await clock.tick(); // start-up seen
  await clock.tick();
  assert.equal(idle.collections, 1);

  const answer = slow(new Request("http://x/servers?status=BUILD"));
  for (let period = 0; period < 4; period++) await clock.tick();
  assert.equal(idle.collections, 1, "no collection while the request is being served");
  finish();
  assert.equal(await (await answer).text(), "done");
  await clock.tick(); // its end seen
  assert.equal(idle.collections, 1);
  await clock.tick();
  assert.equal(idle.collections, 2, "collected once the request had ended and a period passed");
  assert.equal(runs, 2);
  controller.abort();
  await task;
});

Deno.test("idleCollection: without a gc() it still trims; without either the task ends", async () => {
  const clock = manualClock();
  let trims = 0;
  const idle = idleCollection({
    quietMs: 7,
    pause: clock.pause,
    collector: () => Promise.resolve(null),
    trim: () => Promise.resolve(++trims === 1),
    trimDelayMs: 0,
  });
  let ended = false;
  const task = idle.task(new AbortController().signal).then(() => ended = true);
  const handler = idle.counting(() => Promise.resolve(new Response("ok")));
  await clock.tick();
  await clock.tick();
  assert.equal(idle.collections, 1);
  assert.equal(trims, 1);
  assert.equal(ended, false, "the trim worked: the task goes on");
  await (await handler(new Request("http://x/"))).body?.cancel();
  await clock.tick();
  await clock.tick();
  assert.equal(trims, 2, "the second trim fails");
  await (await handler(new Request("http://x/"))).body?.cancel();
  await clock.tick();
  await clock.tick();
  await task;
  assert.equal(trims, 2, "a failed trim is not tried again");
  assert.ok(ended, "no gc() and no trim: nothing left to do");
  assert.ok(IDLE_GC_QUIET_MS >= 1000, "a quiet period is seconds long");
});

Deno.test("idleCollection: a second collection before the trim, unless requests came meanwhile", async () => {
  const clock = manualClock();
  const order: string[] = [];
  const idle = idleCollection({
    quietMs: 7,
    trimDelayMs: 7,
    pause: clock.pause,
    collector: () => Promise.resolve(() => void order.push("collect")),
    trim: () => {
      order.push("trim");
      return Promise.resolve(true);
    },
    empty: () => order.push("empty"),
  });
  const handler = idle.counting(() => Promise.resolve(new Response("ok")));
  const controller = new AbortController();
  const task = idle.task(controller.signal);

  await clock.tick(); // start-up seen
  await clock.tick(); // quiet: the caches emptied and a collection, then the trim's delay
  assert.deepEqual(order, ["empty", "collect"]);
  await clock.tick(); // the delay ends, nothing served: a second collection, then the trim
  assert.deepEqual(order, ["empty", "collect", "collect", "trim"]);

  assert.equal(await (await handler(new Request("http://x/"))).text(), "ok");
  await clock.tick(); // busy
  await clock.tick(); // quiet again
  assert.deepEqual(order.slice(4), ["empty", "collect"]);
  assert.equal(await (await handler(new Request("http://x/"))).text(), "ok");
  await clock.tick(); // the delay ends after a request: no second collection, the trim still
  assert.deepEqual(order.slice(4), ["empty", "collect", "trim"]);

  controller.abort();
  await task;
});
