/**
 * `scripts/nova-manage.ts` (`deno task manage`) run as operators run it, a real process on a file
 * store named by `[database] connection` (set through `OS_DATABASE__CONNECTION`): schema version
 * and sync, an export/import round trip of every entry with its typed value, the import guard,
 * the host list, and one `nova-manage:` line with exit code 2 for each kind of bad input.
 */
import assert from "node:assert/strict";
import { exportLines, parseDumpLine } from "../../lib/store/dump.ts";
import { latestSchemaVersion } from "../../lib/store/migrations.ts";

const SCRIPT = new URL("../../scripts/nova-manage.ts", import.meta.url).pathname;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function manage(store: string, ...args: string[]): Promise<Ran> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SCRIPT, ...args],
    env: { OS_DATABASE__CONNECTION: store, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

async function withDir(body: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "nova-manage-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function entries(path: string): Promise<string[]> {
  const kv = await Deno.openKv(path);
  try {
    const out = [];
    for await (const line of exportLines(kv)) out.push(line);
    return out;
  } finally {
    kv.close();
  }
}

Deno.test("db version reports 0 for a new store, db sync brings it to the latest", async () => {
  await withDir(async (dir) => {
    const store = `${dir}/nova.sqlite`;
    const latest = latestSchemaVersion();
    assert.equal((await manage(store, "db", "version")).stdout, `0 (latest known: ${latest})\n`);
    const sync = await manage(store, "db", "sync");
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal(sync.stdout, `schema version ${latest}\n`);
    assert.equal(
      (await manage(store, "db", "version")).stdout,
      `${latest} (latest known: ${latest})\n`,
    );
  });
});

Deno.test("db export then db import into an empty store gives the same entries, types kept", async () => {
  await withDir(async (dir) => {
    const source = `${dir}/source.sqlite`;
    const kv = await Deno.openKv(source);
    await kv.set(["meta", "schema_version"], 1);
    await kv.set(["instances", "by_id", "abc"], {
      uuid: "abc",
      nested: { list: [1, "two", null, true], $weird: "dollar key" },
      created: new Date("2026-12-04T10:00:00.000Z"),
    });
    await kv.set(["counter", 7n, true], new Deno.KvU64(42n));
    await kv.set(["bytes", new Uint8Array([0, 1, 255])], new Uint8Array([9, 8, 7]));
    await kv.set(["misc"], { big: -12n, nan: NaN, map: new Map([["k", 1]]), set: new Set([2]) });
    kv.close();
    const file = `${dir}/dump.jsonl`;
    const exported = await manage(source, "db", "export", file);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(exported.stdout, `exported 5 entries to ${file}\n`);
    const lines = (await Deno.readTextFile(file)).trimEnd().split("\n");
    assert.equal(lines.length, 5);
    assert.deepEqual(
      parseDumpLine(lines.find((l) => l.includes('"counter"'))!, 1),
      { key: ["counter", 7n, true], value: new Deno.KvU64(42n) },
    );

    const target = `${dir}/target.sqlite`;
    const imported = await manage(target, "db", "import", file);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(imported.stdout, `imported 5 entries from ${file}\n`);
    assert.deepEqual(await entries(target), await entries(source));
    const back = await Deno.openKv(target);
    try {
      const misc = (await back.get<Record<string, unknown>>(["misc"])).value!;
      assert.equal(misc.big, -12n);
      assert.ok(Number.isNaN(misc.nan));
      assert.deepEqual(misc.map, new Map([["k", 1]]));
      const instance = (await back.get<Record<string, unknown>>(["instances", "by_id", "abc"]))
        .value!;
      assert.deepEqual(instance.created, new Date("2026-12-04T10:00:00.000Z"));
      assert.deepEqual((instance.nested as Record<string, unknown>).$weird, "dollar key");
    } finally {
      back.close();
    }

    // A store that holds anything is refused without --force, replaced with it.
    const refused = await manage(target, "db", "import", file);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^nova-manage: the store is not empty: .*--force.*\n$/);
    const extra = await Deno.openKv(target);
    await extra.set(["stray"], 1);
    extra.close();
    const forced = await manage(target, "db", "import", file, "--force");
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(await entries(target), await entries(source));
  });
});

Deno.test("host list shows the configured hosts with their zones and service state", async () => {
  await withDir(async (dir) => {
    const store = `${dir}/nova.sqlite`;
    const ran = await manage(store, "host", "list");
    assert.equal(ran.code, 0, ran.stderr);
    const rows = ran.stdout.trimEnd().split("\n").map((l) => l.split(/\s+/));
    assert.deepEqual(rows[0], ["host", "zone", "service", "status", "state"]);
    assert.deepEqual(rows.slice(1).map((r) => r[0]), ["compute-1", "compute-2"]);
    for (const row of rows.slice(1)) {
      assert.deepEqual(row.slice(2), ["nova-compute", "enabled", "up"]);
    }
  });
});

Deno.test("bad input gives one nova-manage line and exit code 2", async () => {
  await withDir(async (dir) => {
    const store = `${dir}/nova.sqlite`;
    await Deno.writeTextFile(`${dir}/bad.jsonl`, '{"key":["a"],"value":1}\n{not json\n');
    await Deno.writeTextFile(`${dir}/badtag.jsonl`, '{"key":["a"],"value":{"$bigint":"x"}}\n');
    await Deno.writeTextFile(`${dir}/nokey.jsonl`, '{"value":1}\n');
    const cases: [string[], RegExp][] = [
      [[], /no command; usage: /],
      [["db"], /unknown command "db"; usage: /],
      [["frobnicate"], /unknown command "frobnicate"/],
      [["db", "version", "extra"], /db version takes no argument/],
      [["db", "export"], /db export takes one FILE/],
      [["db", "sync", "--force"], /--force is for db import only/],
      [["host", "list", "--verbose"], /unknown option --verbose/],
      [["db", "import", `${dir}/missing.jsonl`], /missing\.jsonl: no such file$/m],
      [["db", "import", `${dir}/bad.jsonl`], /bad\.jsonl: line 2: not JSON/],
      [["db", "import", `${dir}/badtag.jsonl`], /line 1: bad \$bigint value "x"/],
      [["db", "import", `${dir}/nokey.jsonl`], /line 1: expected a non-empty "key" array/],
      [["db", "export", `${dir}/no/such/dir/out.jsonl`], /out\.jsonl: /],
    ];
    const runs = await Promise.all(cases.map(([args]) => manage(store, ...args)));
    for (const [i, [args, expected]] of cases.entries()) {
      const ran = runs[i];
      assert.equal(ran.code, 2, `${args.join(" ")}: ${ran.stderr}`);
      assert.equal(ran.stdout, "", args.join(" "));
      assert.match(ran.stderr, /^nova-manage: [^\n]*\n$/, args.join(" "));
      assert.match(ran.stderr, expected, args.join(" "));
    }
    // Nothing was imported from the bad files.
    assert.deepEqual(await entries(store), []);
  });
});
