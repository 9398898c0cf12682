/**
 * `deno task manage`: what operators need offline, after Nova's `nova-manage`, on the store that
 * the configuration (`OS_NOVA_CONFIG_DIR`, default `etc/nova`; `OS_<GROUP>__<OPTION>` variables
 * over it) names in `[database] connection`:
 *
 * - `db version`: the store's schema version and the newest this release knows;
 * - `db sync`: apply the migrations the store lacks (what the APIs also do at start-up);
 * - `db export FILE`: every KV entry as one JSON line (`-` for stdout), see `lib/store/dump.ts`;
 * - `db import FILE [--force]`: load such a file; refuses a store that holds anything unless
 *   `--force`, which first empties it;
 * - `host list`: the configured compute hosts, their zones and their compute services' state.
 *
 * Bad input (an unknown command, a missing file, a bad line) prints one `nova-manage:` line and
 * exits 2; a failure of the store itself exits 1. Relative paths are the caller's.
 *
 * @module
 */
import { type Config, loadConfig } from "../lib/config/mod.ts";
import { openStore, storeLocation } from "../lib/store/open.ts";
import { latestSchemaVersion, migrate, readSchemaVersion } from "../lib/store/migrations.ts";
import {
  clearStore,
  type DumpEntry,
  exportLines,
  importEntries,
  parseDumpLine,
  storeIsEmpty,
} from "../lib/store/dump.ts";
import { getServices } from "../lib/store/services.ts";
import { configuredHosts } from "../lib/virt/hosts.ts";
import { effectiveHosts } from "../lib/virt/host_zones.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const USAGE = "usage: nova-manage db version | db sync | db export FILE | " +
  "db import FILE [--force] | host list";

/** Bad input: the message is the whole story. */
class UsageError extends Error {}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function absolute(path: string, base: string): string {
  return path.startsWith("/") ? path : `${base}/${path}`;
}

const callerDir = Deno.env.get("INIT_CWD") ?? Deno.cwd();

async function openConfiguredStore(config: Config): Promise<Deno.Kv> {
  let location;
  try {
    location = storeLocation(config.get<string>("database", "connection"));
  } catch (e) {
    throw new UsageError(`[database] connection: ${message(e)}`);
  }
  return await openStore(location);
}

async function withStore<T>(config: Config, body: (kv: Deno.Kv) => Promise<T>): Promise<T> {
  const kv = await openConfiguredStore(config);
  try {
    return await body(kv);
  } finally {
    kv.close();
  }
}

async function readDump(path: string): Promise<DumpEntry[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new UsageError(`${path}: no such file`);
    throw new UsageError(`${path}: ${message(e)}`);
  }
  const entries: DumpEntry[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    try {
      entries.push(parseDumpLine(lines[i], i + 1));
    } catch (e) {
      throw new UsageError(`${path}: ${message(e)}`);
    }
  }
  return entries;
}

async function dbExport(config: Config, file: string): Promise<void> {
  await withStore(config, async (kv) => {
    const encoder = new TextEncoder();
    const out = file === "-" ? Deno.stdout : await Deno.open(absolute(file, callerDir), {
      write: true,
      create: true,
      truncate: true,
    }).catch((e) => {
      throw new UsageError(`${file}: ${message(e)}`);
    });
    let count = 0;
    try {
      for await (const line of exportLines(kv)) {
        const bytes = encoder.encode(line + "\n");
        for (let at = 0; at < bytes.length;) at += await out.write(bytes.subarray(at));
        count++;
      }
    } finally {
      if (out !== Deno.stdout) out.close();
    }
    if (file !== "-") console.log(`exported ${count} entries to ${file}`);
  });
}

async function dbImport(config: Config, file: string, force: boolean): Promise<void> {
  const entries = await readDump(absolute(file, callerDir));
  await withStore(config, async (kv) => {
    if (!(await storeIsEmpty(kv))) {
      if (!force) {
        throw new UsageError(
          "the store is not empty: import into an empty store, or pass --force to replace " +
            "what it holds",
        );
      }
      await clearStore(kv);
    }
    const count = await importEntries(kv, entries);
    console.log(`imported ${count} entries from ${file}`);
  });
}

async function hostList(config: Config): Promise<void> {
  const configured = configuredHosts(config);
  await withStore(config, async (kv) => {
    const hosts = await effectiveHosts(kv, configured);
    const services = await getServices(kv, hosts.map((h) => h.name));
    const rows = [["host", "zone", "service", "status", "state"]];
    for (const host of hosts) {
      const s = services.get(host.name)!;
      rows.push([
        host.name,
        host.availability_zone,
        "nova-compute",
        s.disabled ? "disabled" : "enabled",
        s.forced_down ? "down" : "up",
      ]);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows) {
      console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
    }
  });
}

async function main(args: string[]): Promise<void> {
  const force = args.includes("--force");
  const words = args.filter((a) => a !== "--force");
  const unknownFlag = words.find((a) => a.startsWith("--"));
  if (unknownFlag) throw new UsageError(`unknown option ${unknownFlag}; ${USAGE}`);
  const [group, command, ...rest] = words;
  const wants = (g: string, c: string, n: number) => {
    if (group !== g || command !== c) return false;
    if (rest.length !== n) {
      throw new UsageError(`${g} ${c} takes ${n ? "one FILE" : "no argument"}; ${USAGE}`);
    }
    if (force && c !== "import") throw new UsageError(`--force is for db import only; ${USAGE}`);
    return true;
  };
  const run = async (body: (config: Config) => Promise<void>) => {
    const envDir = Deno.env.get("OS_NOVA_CONFIG_DIR");
    const configDir = envDir ? absolute(envDir, callerDir) : `${root}/etc/nova`;
    let config: Config;
    try {
      config = await loadConfig({ env: { ...Deno.env.toObject(), OS_NOVA_CONFIG_DIR: configDir } });
    } catch (e) {
      throw new UsageError(message(e));
    }
    // Relative store paths in the configuration are the project's, as for `deno task start`.
    Deno.chdir(root);
    await body(config);
  };
  if (wants("db", "version", 0)) {
    return await run((config) =>
      withStore(config, async (kv) => {
        console.log(`${await readSchemaVersion(kv)} (latest known: ${latestSchemaVersion()})`);
      })
    );
  }
  if (wants("db", "sync", 0)) {
    return await run((config) =>
      withStore(config, async (kv) => {
        console.log(`schema version ${await migrate(kv)}`);
      })
    );
  }
  if (wants("db", "export", 1)) return await run((config) => dbExport(config, rest[0]));
  if (wants("db", "import", 1)) return await run((config) => dbImport(config, rest[0], force));
  if (wants("host", "list", 0)) return await run(hostList);
  const what = words.length ? `unknown command "${words.join(" ")}"` : "no command";
  throw new UsageError(`${what}; ${USAGE}`);
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (e) {
    console.error(`nova-manage: ${message(e)}`);
    Deno.exit(e instanceof UsageError ? 2 : 1);
  }
}
