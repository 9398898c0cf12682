import assert from "node:assert/strict";
import { configFromValues } from "../../lib/config/mod.ts";
import { createServiceRuntime } from "../../lib/service/runtime.ts";

// Deno 2.9.6 runs tests with the op and resource sanitizers off unless told: these tests turn
// them on, so a timer or a store left behind by close() fails them.
const sanitized = { sanitizeOps: true, sanitizeResources: true };

function runtime(lines: string[] = []) {
  const config = configFromValues({}, { env: { OS_DATABASE__CONNECTION: ":memory:" } });
  return createServiceRuntime(config, (line) => lines.push(line));
}

/** A promise and its resolver. */
function latch<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => resolve = r);
  return { promise, resolve };
}

Deno.test({
  name: "a ticker ticks once the runtime starts and stops, timer and all, when it closes",
  ...sanitized,
  async fn() {
    const rt = runtime();
    let ticks = 0;
    const third = latch<AbortSignal>();
    rt.every("tick", 1, (signal) => {
      if (++ticks === 3) third.resolve(signal);
    });
    rt.start();
    const signal = await third.promise;
    assert.equal(signal.aborted, false);
    await rt.close();
    assert.equal(signal.aborted, true, "the ticker's signal aborts on close");
    // A tick only ever comes from a timer, and the op sanitizer fails this test if close() left
    // one pending: so no tick can follow.
  },
});

Deno.test({
  name: "closing a runtime clears the timer of a ticker that is waiting for its next tick",
  ...sanitized,
  async fn() {
    const rt = runtime();
    let ticks = 0;
    rt.every("hourly", 3_600_000, () => {
      ticks++;
    });
    rt.start();
    await rt.close(); // the op sanitizer fails the test on an hour-long timer left pending
    assert.equal(ticks, 0);
  },
});

Deno.test({
  name: "nothing registered runs before start()",
  ...sanitized,
  async fn() {
    const rt = runtime();
    let calls = 0;
    rt.background("watch", () => {
      calls++;
    });
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(calls, 0);
    rt.start();
    assert.equal(calls, 1);
    rt.start();
    assert.equal(calls, 1, "start() starts each task once");
    await rt.close();
  },
});

Deno.test({
  name: "close() aborts a running tick and waits until it has settled",
  ...sanitized,
  async fn() {
    const rt = runtime();
    const inTick = latch<AbortSignal>();
    const release = latch();
    let finished = false;
    rt.every("slow", 1, async (signal) => {
      inTick.resolve(signal);
      await release.promise;
      finished = true;
    });
    rt.start();
    const signal = await inTick.promise;
    let closed = false;
    const closing = rt.close().then(() => closed = true);
    assert.equal(signal.aborted, true);
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(closed, false, "close waits for the tick in progress");
    release.resolve();
    await closing;
    assert.equal(finished, true);
  },
});

Deno.test({
  name: "a failing tick is logged and the ticker goes on",
  ...sanitized,
  async fn() {
    const lines: string[] = [];
    const rt = runtime(lines);
    let ticks = 0;
    const second = latch();
    rt.every("flaky", 1, () => {
      if (++ticks === 1) throw new Error("boom");
      second.resolve();
    });
    rt.start();
    await second.promise;
    await rt.close();
    assert.deepEqual(lines, ["flaky: boom"]);
  },
});

Deno.test({
  name: "a background task runs until its signal aborts; a failure is logged, never thrown",
  ...sanitized,
  async fn() {
    const lines: string[] = [];
    const rt = runtime(lines);
    const started = latch();
    let stopped = false;
    rt.background("watch", async (signal) => {
      started.resolve();
      await new Promise((r) => signal.addEventListener("abort", r));
      stopped = true;
    });
    rt.background("broken", () => Promise.reject(new Error("no luck")));
    rt.start();
    await started.promise;
    await rt.close();
    assert.equal(stopped, true);
    assert.deepEqual(lines, ["broken: background task failed: no luck"]);
  },
});

Deno.test({
  name: "work registered after start() starts at once; after close() it is refused",
  ...sanitized,
  async fn() {
    const rt = runtime();
    rt.start();
    let calls = 0;
    rt.background("late", () => {
      calls++;
    });
    assert.equal(calls, 1);
    await rt.close();
    assert.throws(() => rt.every("later", 10, () => {}), /later: cannot start background work/);
    assert.throws(() => runtime().every("zero", 0, () => {}), RangeError);
  },
});

Deno.test({
  name: "close() closes the store (the resource sanitizer fails the test otherwise)",
  ...sanitized,
  async fn() {
    const rt = runtime();
    await rt.kv();
    await rt.close();
  },
});

Deno.test({
  name: "close() while the store is still opening waits for it and closes it (sanitizers on)",
  ...sanitized,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const config = configFromValues({}, {
        env: { OS_DATABASE__CONNECTION: `sqlite:///${dir}/nova.sqlite` },
      });
      const rt = createServiceRuntime(config, () => {});
      // As start-up does: the open starts, and a pipeline that fails closes the runtime at once.
      let settled = false;
      rt.kv().then(() => settled = true, () => settled = true);
      await rt.close();
      // Nothing of the open may still be running when close() has returned (a test, or a
      // start-up that failed, ends there).
      assert.equal(settled, true);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "close() twice is one close",
  ...sanitized,
  async fn() {
    const rt = runtime();
    await rt.kv();
    const first = rt.close();
    assert.equal(rt.close(), first);
    await first;
  },
});
