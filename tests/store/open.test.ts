import assert from "node:assert/strict";
import { openStore, storeLocation, StoreLocationError } from "../../lib/store/open.ts";

async function withTempDir(body: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "nova-open-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("storeLocation: nothing set means the platform default", () => {
  for (const value of [undefined, null, "", "   ", "\t\n"]) {
    assert.deepEqual(storeLocation(value), { kind: "default", path: undefined }, String(value));
  }
});

Deno.test("storeLocation: :memory: and SQLAlchemy's in-memory spellings", () => {
  for (const value of [":memory:", "sqlite://", "sqlite:///:memory:", "  :memory:  "]) {
    assert.deepEqual(storeLocation(value), { kind: "memory", path: ":memory:" }, value);
  }
});

Deno.test("storeLocation: sqlite:/// URLs and plain paths are files", () => {
  const cases: [string, string][] = [
    ["sqlite:///state/nova.sqlite", "state/nova.sqlite"],
    ["sqlite:////var/lib/nova/nova.sqlite", "/var/lib/nova/nova.sqlite"],
    ["SQLite:///nova.sqlite", "nova.sqlite"],
    ["/var/lib/nova/nova.sqlite", "/var/lib/nova/nova.sqlite"],
    ["state/nova.sqlite", "state/nova.sqlite"],
    [" ./nova.sqlite ", "./nova.sqlite"],
  ];
  for (const [value, path] of cases) {
    assert.deepEqual(storeLocation(value), { kind: "file", path }, value);
  }
});

Deno.test("storeLocation: http(s) URLs are KV Connect", () => {
  for (const value of ["https://api.deno.com/databases/abc/connect", "HTTP://127.0.0.1:4512"]) {
    assert.deepEqual(storeLocation(value), { kind: "remote", path: value });
  }
});

Deno.test("storeLocation: any other URL is refused with one error that leaks nothing", () => {
  for (
    const value of [
      "mysql+pymysql://nova:s3cret@db.example/nova",
      "postgresql://nova:s3cret@db/nova",
      "file:///var/lib/nova/nova.sqlite",
      "sqlite:///",
    ]
  ) {
    assert.throws(() => storeLocation(value), (e: unknown) => {
      assert.ok(e instanceof StoreLocationError, value);
      assert.equal(e.name, "StoreLocationError");
      assert.equal(
        e.message,
        "this port keeps its state in Deno KV: expected a file path, sqlite:///path, :memory:, " +
          "an http(s):// KV Connect URL, or nothing for the platform default",
      );
      assert.ok(!e.message.includes("s3cret"));
      return true;
    });
  }
});

Deno.test("openStore: a file store creates its folder and keeps its data across opens", async () => {
  await withTempDir(async (dir) => {
    const location = storeLocation(`sqlite:///${dir}/a/b/nova.sqlite`);
    assert.deepEqual(location, { kind: "file", path: `${dir}/a/b/nova.sqlite` });
    const first = await openStore(location);
    await first.set(["k"], "kept");
    first.close();
    assert.ok((await Deno.stat(`${dir}/a/b/nova.sqlite`)).isFile);
    const second = await openStore(location);
    try {
      assert.equal((await second.get(["k"])).value, "kept");
    } finally {
      second.close();
    }
  });
});

Deno.test("openStore: each memory store is its own, and creates no file", async () => {
  const a = await openStore(storeLocation(":memory:"));
  const b = await openStore(storeLocation("sqlite://"));
  try {
    await a.set(["k"], 1);
    assert.equal((await b.get(["k"])).versionstamp, null);
    await assert.rejects(Deno.stat(":memory:"), Deno.errors.NotFound);
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("openStore: an unusable path rejects with an error naming it", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/plain`, "not a folder");
    // The parent is a file: the folder cannot be made.
    await assert.rejects(
      openStore(storeLocation(`${dir}/plain/nova.sqlite`)),
      (e: unknown) => e instanceof Error && e.message.includes(`${dir}/plain`),
    );
    // The path is a folder: SQLite cannot open it.
    await assert.rejects(
      openStore(storeLocation(`sqlite:///${dir}`)),
      (e: unknown) => e instanceof Error && e.message.includes(dir),
    );
  });
});

Deno.test("openStore: a store another process is laying out is opened once it is free", async () => {
  let tries = 0;
  const kv = await openStore(storeLocation(":memory:"), {}, (path) => {
    tries++;
    // What Deno.openKv throws while another process holds the new file's write lock.
    if (tries < 3) return Promise.reject(new TypeError("database is locked"));
    return Deno.openKv(path);
  });
  try {
    assert.equal(tries, 3);
    await kv.set(["x"], 1);
    assert.equal((await kv.get(["x"])).value, 1);
  } finally {
    kv.close();
  }
  // Any other failure is not retried.
  let others = 0;
  await assert.rejects(
    openStore(storeLocation(":memory:"), {}, () => {
      others++;
      return Promise.reject(new Error("unable to open database file"));
    }),
    /unable to open database file/,
  );
  assert.equal(others, 1);
});
