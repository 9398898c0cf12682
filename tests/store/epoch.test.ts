import assert from "node:assert/strict";
import {
  DEFAULT_REFRESH_MS,
  EpochKv,
  EpochsUnsupported,
  openEpochKv,
  purgeOldEpochs,
  ResetInProgress,
  resetStore,
} from "../../lib/store/epoch.ts";
import { keys } from "../../lib/store/keys.ts";
import { transact } from "../../lib/store/transaction.ts";

async function rawKeys(raw: Deno.Kv): Promise<Deno.KvKey[]> {
  const out: Deno.KvKey[] = [];
  for await (const e of raw.list({ prefix: [] })) out.push(e.key);
  return out;
}

/** A view with a clock the test moves. */
async function view(raw: Deno.Kv, clock: { t: number }) {
  return await openEpochKv(raw, { now: () => clock.t, refreshMs: DEFAULT_REFRESH_MS });
}

const seedOne = async (kv: Deno.Kv) => {
  await kv.set(["flavors", "id", "seeded"], "fresh");
};

Deno.test("epoch store: epoch 0 stores keys as they are", async () => {
  const raw = await Deno.openKv(":memory:");
  const kv = await openEpochKv(raw);
  await kv.set(["flavors", "id", "1"], "tiny");
  assert.equal((await raw.get(["flavors", "id", "1"])).value, "tiny");
  const got = await kv.get(["flavors", "id", "1"]);
  assert.deepEqual(got.key, ["flavors", "id", "1"]);
  assert.equal(got.value, "tiny");
  kv.close();
});

Deno.test("epoch store: after a reset keys live under the epoch and come back without it", async () => {
  const raw = await Deno.openKv(":memory:");
  const kv = await openEpochKv(raw);
  await kv.set(["instances", "id", "old"], "old server");
  await kv.set(keys.identitySigningKey(), "signing key");
  assert.equal(await resetStore(kv, seedOne, { purgeDelayMs: 0 }), 1);
  assert.equal(kv.epoch, 1);
  await kv.set(["instances", "id", "a"], "A");
  await kv.set(["instances", "id", "b"], "B");
  assert.deepEqual((await raw.get([1, "instances", "id", "a"])).value, "A");
  // Reads: point, many, lists (prefix, start, end, reverse, limit) all strip the epoch.
  assert.equal((await kv.get(["instances", "id", "old"])).value, null);
  const got = await kv.get(["instances", "id", "a"]);
  assert.deepEqual([got.key, got.value], [["instances", "id", "a"], "A"]);
  const many = await kv.getMany([["instances", "id", "a"], ["flavors", "id", "seeded"]]);
  assert.deepEqual(many.map((e) => [e.key, e.value]), [
    [["instances", "id", "a"], "A"],
    [["flavors", "id", "seeded"], "fresh"],
  ]);
  const listed = async (selector: Deno.KvListSelector, options?: Deno.KvListOptions) => {
    const out: unknown[] = [];
    for await (const e of kv.list(selector, options)) out.push([e.key, e.value]);
    return out;
  };
  assert.deepEqual(await listed({ prefix: ["instances", "id"] }), [
    [["instances", "id", "a"], "A"],
    [["instances", "id", "b"], "B"],
  ]);
  assert.deepEqual(await listed({ prefix: ["instances", "id"] }, { reverse: true, limit: 1 }), [
    [["instances", "id", "b"], "B"],
  ]);
  assert.deepEqual(
    await listed({ prefix: ["instances", "id"], start: ["instances", "id", "b"] }),
    [[["instances", "id", "b"], "B"]],
  );
  assert.deepEqual(
    await listed({ prefix: ["instances", "id"], end: ["instances", "id", "b"] }),
    [[["instances", "id", "a"], "A"]],
  );
  assert.deepEqual(
    await listed({ start: ["instances", "id", "a"], end: ["instances", "id", "z"] }),
    [[["instances", "id", "a"], "A"], [["instances", "id", "b"], "B"]],
  );
  // Global keys are stored as they are and survive.
  assert.equal((await kv.get(keys.identitySigningKey())).value, "signing key");
  assert.equal((await raw.get(keys.identitySigningKey())).value, "signing key");
  // The whole store as the epoch sees it: global keys and its own, never the old epoch's.
  const whole = (await listed({ prefix: [] })).map((e) => (e as unknown[])[0]);
  assert.deepEqual(whole, [
    ["identity", "signing_key"],
    ["meta", "epoch"],
    ["flavors", "id", "seeded"],
    ["instances", "id", "a"],
    ["instances", "id", "b"],
  ]);
  assert.deepEqual(await listed({ prefix: [] }, { limit: 1 }), [
    [["identity", "signing_key"], "signing key"],
  ]);
  // Atomic operations (check, set, delete, sum) map their keys too.
  const entry = await kv.get(["instances", "id", "a"]);
  const ok = await kv.atomic().check(entry).delete(["instances", "id", "a"])
    .sum(["counter"], 2n).commit();
  assert.ok(ok.ok);
  assert.equal((await raw.get([1, "instances", "id", "a"])).value, null);
  assert.equal((await kv.get<Deno.KvU64>(["counter"])).value?.value, 2n);
  await kv.purged();
  assert.equal((await raw.get(["instances", "id", "old"])).value, null);
  kv.close();
});

Deno.test("epoch store: a stale writer's commit fails and transact's retry runs in the new epoch", async () => {
  const raw = await Deno.openKv(":memory:");
  const clock = { t: 0 };
  const resetter = await view(raw, clock);
  const stale = await view(raw, clock);
  await transact(stale, (tx) => Promise.resolve(tx.set(["counter"], 1)));
  // The stale view has read the counter (epoch 0) when another process resets.
  assert.equal((await stale.get(["counter"])).value, 1);
  await resetter.reset(seedOne, { purgeDelayMs: 0 });
  // Within its bound it still reads the old epoch …
  assert.equal(stale.epoch, 0);
  assert.equal((await stale.get(["counter"])).value, 1);
  await resetter.purged();
  // … but cannot write to it: the first commit fails, the epoch is read again, the retry
  // starts from the new epoch (no counter there).
  let attempts = 0;
  const seen = await transact(stale, async (tx) => {
    attempts++;
    const n = await tx.get<number>(["counter"]);
    tx.set(["counter"], (n ?? 0) + 10);
    return n;
  });
  assert.equal(attempts, 2);
  assert.equal(seen, null);
  assert.equal(stale.epoch, 1);
  assert.equal((await raw.get([1, "counter"])).value, 10);
  assert.equal((await raw.get(["counter"])).value, null, "nothing written into the old epoch");
  resetter.close();
});

Deno.test("epoch store: plain set and delete of a stale view land in the new epoch", async () => {
  const raw = await Deno.openKv(":memory:");
  const clock = { t: 0 };
  const resetter = await view(raw, clock);
  const stale = await view(raw, clock);
  await stale.get(["x"]);
  await resetter.reset(() => Promise.resolve(), { purgeDelayMs: 0 });
  await stale.set(["servers", "ghost"], "resurrected?");
  assert.equal((await raw.get(["servers", "ghost"])).value, null);
  assert.equal((await raw.get([1, "servers", "ghost"])).value, "resurrected?");
  await stale.delete(["servers", "ghost"]);
  assert.equal((await raw.get([1, "servers", "ghost"])).value, null);
  await resetter.purged();
  resetter.close();
});

Deno.test("epoch store: a stale view's write of global keys alone belongs to no epoch and commits", async () => {
  const raw = await Deno.openKv(":memory:");
  const clock = { t: 0 };
  const resetter = await view(raw, clock);
  const stale = await view(raw, clock);
  await resetter.reset(() => Promise.resolve(), { purgeDelayMs: 0 });
  const granted = await stale.atomic().set(["identity", "assignment", "u", "p", "r"], 1)
    .set(["identity", "directory_generation"], "g").commit();
  assert.ok(granted.ok);
  assert.equal(stale.epoch, 0, "nothing made it look at the epoch");
  assert.equal((await raw.get(["identity", "assignment", "u", "p", "r"])).value, 1);
  // One key of the epoch among them and the epoch is checked again.
  const mixed = await stale.atomic().set(["identity", "x"], 1).set(["servers", "s"], 1).commit();
  assert.equal(mixed.ok, false);
  assert.equal(stale.epoch, 1);
  await resetter.purged();
  resetter.close();
});

Deno.test("epoch store: readers re-read the epoch once their bound has passed", async () => {
  const raw = await Deno.openKv(":memory:");
  const clock = { t: 0 };
  const resetter = await view(raw, clock);
  const reader = await view(raw, clock);
  await resetter.set(["servers", "old"], "old");
  assert.equal((await reader.get(["servers", "old"])).value, "old");
  await resetter.reset(seedOne, { purgeDelayMs: 0 });
  clock.t += DEFAULT_REFRESH_MS - 1;
  assert.equal((await reader.get(["servers", "old"])).value, "old");
  clock.t += 1;
  assert.equal((await reader.get(["servers", "old"])).value, null);
  assert.equal((await reader.get(["flavors", "id", "seeded"])).value, "fresh");
  assert.equal(reader.epoch, 1);
  // Lists and getMany refresh the same way.
  await resetter.reset(() => Promise.resolve(), { purgeDelayMs: 0 });
  clock.t += DEFAULT_REFRESH_MS;
  const listed = [];
  for await (const e of reader.list({ prefix: ["flavors"] })) listed.push(e.key);
  assert.deepEqual(listed, []);
  assert.equal(reader.epoch, 2);
  await resetter.purged();
  assert.deepEqual(await rawKeys(raw), [["meta", "epoch"]]);
  resetter.close();
});

Deno.test("epoch store: the reset seeds first, then flips; old epochs are purged, global keys kept", async () => {
  const raw = await Deno.openKv(":memory:");
  const kv = await openEpochKv(raw);
  for (let i = 0; i < 1200; i++) await raw.set(["instances", "id", `s${i}`], i);
  await kv.set(keys.identityRevoked("audit"), 1);
  let seenDuringSeed: unknown = "unset";
  await kv.reset(async (fresh) => {
    // While seeding, the store still serves the old epoch.
    seenDuringSeed = (await kv.get(["instances", "id", "s0"])).value;
    await fresh.set(["flavors", "id", "1"], "m1.tiny");
  }, { purgeDelayMs: 0 });
  assert.equal(seenDuringSeed, 0);
  await kv.purged();
  assert.deepEqual(await rawKeys(raw), [
    ["identity", "revoked", "audit"],
    ["meta", "epoch"],
    [1, "flavors", "id", "1"],
  ]);
  // Running the purge again finds nothing left.
  assert.equal(await purgeOldEpochs(raw, 1), 0);
  kv.close();
});

Deno.test("epoch store: one reset at a time; a failed seed leaves the epoch as it was", async () => {
  const raw = await Deno.openKv(":memory:");
  const kv = await openEpochKv(raw);
  const other = await openEpochKv(raw);
  let release!: () => void;
  const held = new Promise<void>((r) => release = r);
  let entered!: () => void;
  const inSeed = new Promise<void>((r) => entered = r);
  const first = kv.reset(async () => {
    entered();
    await held;
  }, { purgeDelayMs: 0 });
  await inSeed;
  await assert.rejects(other.reset(() => Promise.resolve()), ResetInProgress);
  release();
  assert.equal(await first, 1);
  await assert.rejects(kv.reset(() => Promise.reject(new Error("seed broke"))), /seed broke/);
  assert.equal((await raw.get(keys.storeEpoch())).value, 1);
  assert.equal((await raw.get(keys.resetLease())).value, null, "the lease is given back");
  assert.equal(await kv.reset(seedOne, { purgeDelayMs: 0 }), 2);
  await kv.purged();
  await assert.rejects(resetStore(raw, seedOne), EpochsUnsupported);
  assert.ok(kv instanceof EpochKv);
  kv.close();
});
