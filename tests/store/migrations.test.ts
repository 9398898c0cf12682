import assert from "node:assert/strict";
import { keys } from "../../lib/store/keys.ts";
import { migrate, type Migration, MIGRATIONS, SchemaTooNew } from "../../lib/store/migrations.ts";
import { withKv } from "../support/kv.ts";

const schemaVersion = async (kv: Deno.Kv) => (await kv.get<number>(keys.schemaVersion())).value;

/** Migrations 1..n that log each run with the schema version the store had when it ran. */
function logged(n: number, log: string[]): Migration[] {
  return Array.from({ length: n }, (_, i) => ({
    version: i + 1,
    description: `step ${i + 1}`,
    async apply(kv: Deno.Kv) {
      log.push(`${i + 1} at ${await schemaVersion(kv) ?? 0}`);
      await kv.set(["migrated", i + 1], true);
    },
  }));
}

Deno.test("the shipped migrations are numbered 1, 2, 3... oldest first", () => {
  assert.ok(MIGRATIONS.length > 0);
  MIGRATIONS.forEach((m, i) => {
    assert.equal(m.version, i + 1);
    assert.ok(m.description.length > 0);
  });
});

Deno.test("a fresh store gets the current schema version", async () => {
  await withKv(async (kv) => {
    const latest = MIGRATIONS.at(-1)!.version;
    assert.equal(await migrate(kv), latest);
    assert.equal(await schemaVersion(kv), latest);
  });
});

Deno.test("migrating again is a no-op: nothing runs, nothing is written", async () => {
  await withKv(async (kv) => {
    const log: string[] = [];
    const steps = logged(3, log);
    assert.equal(await migrate(kv, steps), 3);
    const before = await kv.get(keys.schemaVersion());
    log.length = 0;
    assert.equal(await migrate(kv, steps), 3);
    assert.deepEqual(log, []);
    assert.equal((await kv.get(keys.schemaVersion())).versionstamp, before.versionstamp);
  });
});

Deno.test("migrations run in order, each once, and each is recorded before the next", async () => {
  await withKv(async (kv) => {
    const log: string[] = [];
    assert.equal(await migrate(kv, logged(4, log)), 4);
    assert.deepEqual(log, ["1 at 0", "2 at 1", "3 at 2", "4 at 3"]);
    assert.equal(await schemaVersion(kv), 4);
  });
});

Deno.test("a store part way up runs only the migrations it lacks", async () => {
  await withKv(async (kv) => {
    await kv.set(keys.schemaVersion(), 2);
    const log: string[] = [];
    assert.equal(await migrate(kv, logged(4, log)), 4);
    assert.deepEqual(log, ["3 at 2", "4 at 3"]);
    assert.equal((await kv.get(["migrated", 1])).versionstamp, null);
  });
});

Deno.test("a failing migration stops there; the steps before it stay recorded", async () => {
  await withKv(async (kv) => {
    const log: string[] = [];
    const steps = logged(3, log);
    const broken = [steps[0], { ...steps[1], apply: () => Promise.reject(new Error("disk full")) }];
    await assert.rejects(migrate(kv, [...broken, steps[2]]), { message: "disk full" });
    assert.deepEqual(log, ["1 at 0"]);
    assert.equal(await schemaVersion(kv), 1);

    // Fixed and run again: resumes at 2.
    assert.equal(await migrate(kv, steps), 3);
    assert.deepEqual(log, ["1 at 0", "2 at 1", "3 at 2"]);
  });
});

Deno.test("a store newer than this code is refused with a clear error and left alone", async () => {
  await withKv(async (kv) => {
    const latest = MIGRATIONS.at(-1)!.version;
    await kv.set(keys.schemaVersion(), latest + 1);
    const before = await kv.get(keys.schemaVersion());
    const error = await migrate(kv).then(() => assert.fail("migrate resolved"), (e: unknown) => e);
    assert.ok(error instanceof SchemaTooNew);
    assert.equal(error.name, "SchemaTooNew");
    assert.equal(
      error.message,
      `the store is at schema version ${latest + 1}, this release knows up to ${latest}`,
    );
    assert.equal((await kv.get(keys.schemaVersion())).versionstamp, before.versionstamp);

    // Also before running any of its own steps.
    const log: string[] = [];
    await kv.set(keys.schemaVersion(), 5);
    await assert.rejects(migrate(kv, logged(4, log)), SchemaTooNew);
    assert.deepEqual(log, []);
  });
});

Deno.test("two migrators racing on one store both end at the newest version", async () => {
  await withKv(async (kv) => {
    const log: string[] = [];
    const steps = logged(3, log);
    assert.deepEqual(await Promise.all([migrate(kv, steps), migrate(kv, steps)]), [3, 3]);
    assert.equal(await schemaVersion(kv), 3);
  });
});

Deno.test("a migrator waits while another holds the lease, and no step runs twice", async () => {
  await withKv(async (kv) => {
    const log: string[] = [];
    let entered!: () => void;
    let open!: () => void;
    const inside = new Promise<void>((r) => entered = r);
    const gate = new Promise<void>((r) => open = r);
    const slow = logged(3, log);
    slow[0] = {
      ...slow[0],
      async apply() {
        log.push("slow 1");
        entered();
        await gate;
      },
    };
    const first = migrate(kv, slow); // takes the lease, then waits inside step 1
    await inside;
    const second = migrate(kv, logged(3, log));
    // The second cannot run step 1 while the lease is held.
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(log, ["slow 1"]);
    open();
    assert.deepEqual(await Promise.all([first, second]), [3, 3]);
    assert.equal(log.filter((l) => l.startsWith("2")).length, 1);
    assert.equal(log.filter((l) => l.startsWith("3")).length, 1);
    assert.equal(await schemaVersion(kv), 3);
  });
});

// Two migrators racing: the lease lets only one run each step.
Deno.test({
  name: "two migrators racing on one store run each step once",
  fn: async () => {
    await withKv(async (kv) => {
      const log: string[] = [];
      const steps = logged(3, log);
      await Promise.all([migrate(kv, steps), migrate(kv, steps)]);
      assert.deepEqual(log, ["1 at 0", "2 at 1", "3 at 2"]);
    });
  },
});
