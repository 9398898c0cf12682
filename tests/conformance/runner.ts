/**
 * The conformance runner: replay Nova's api_samples (copied under `tests/fixtures/api_samples/`)
 * against the compute API over real HTTP (the paste pipeline with noauth2, an in-memory store and
 * instant builds) and compare each response's structure with the sample.
 *
 * A {@link Row} names a family's response sample by file name; it runs once for every folder of
 * the family that holds that file (the root at 2.1, `vX.Y` at X.Y), with the request sample of the
 * same name from that folder (or the root). A response sample that no row names is "not
 * implemented" (no row yet). Values are compared by shape (see `tests/support/samples.ts`): the
 * `.json` samples carry concrete ids, times, hosts and addresses where Nova's `.tpl` templates have
 * `%(uuid)s`-style placeholders, so every leaf is a wildcard of its JSON type except the keys a row
 * lists in `equal`.
 *
 * @module
 */
import { parseExact, shapeMismatches, type ShapeOptions } from "../support/samples.ts";
import { type Harness, type Persona, startCompute } from "../support/compute.ts";
import type { Setup, Vars } from "./setup.ts";

/** Where the samples are. */
export const SAMPLES = new URL("../fixtures/api_samples/", import.meta.url);

/** One request/response sample pair of a family, replayed in every folder that has it. */
export interface Row {
  /** The family's folder (`servers`, `os-hypervisors`). */
  family: string;
  /** The response sample's file name. */
  sample: string;
  /** The method; GET unless told. */
  method?: "GET" | "POST" | "PUT" | "DELETE";
  /** The path under `/v2.1` (or from the root with `root`), `{name}`s from the setups. */
  path: string;
  /** The path is absolute (version discovery). */
  root?: boolean;
  /** The request sample's file name (same folder, else the family root). */
  request?: string;
  /** Adjust the request sample to this deployment (its ids, hosts, networks). */
  // deno-lint-ignore no-explicit-any
  patch?: (body: any, vars: Vars) => void;
  /** The expected status; 200 unless told. */
  status?: number;
  /** Who asks; admin unless told. */
  as?: Persona;
  /** What to build first, in order. */
  setup?: readonly Setup[];
  /** Relaxed keys (see `tests/support/samples.ts`). */
  shape?: ShapeOptions;
  /** Only these folders (`""` is the root). */
  dirs?: readonly string[];
  /** Only folders at or above this one (`v2.90`). */
  from?: string;
  /** Only folders below this one. */
  below?: string;
  /** Where the sample is a page with `*_links`, ask for one item (`limit=1`); setups make two. */
  paged?: boolean;
  /** Folders (`"*"`: all) where a difference from Nova is known, with what it is. */
  known?: Record<string, string>;
  /** Keys of maps keyed by generated names (host names): their entries are merged, then compared. */
  keyedBy?: readonly string[];
  /** Dotted paths whose values must equal the sample's (not generated values). */
  equal?: readonly string[];
}

/** The outcome of one row in one folder. */
export interface Result {
  family: string;
  dir: string;
  sample: string;
  outcome: "passed" | "failed";
  /** The known difference, when the row is marked. */
  known?: string;
  problems: string[];
}

/** A response sample no row replays. */
export interface Missing {
  family: string;
  dir: string;
  sample: string;
}

/** Builds and deletes take no time unless a setup says otherwise. */
const INSTANT = {
  deno: { fake_boot_seconds: 0 },
  virt: { fake_delete_seconds: 0 },
  // Admin-only step delays (`/os-emulator`) hold a task in progress where a sample needs one.
  emulator: { enabled: true },
};

/** The family's folders: `""` and every `vX.Y`, in microversion order. */
export async function folders(family: string): Promise<string[]> {
  const out = [""];
  for await (const e of Deno.readDir(new URL(`${family}/`, SAMPLES))) {
    if (e.isDirectory && /^v2\.\d+$/.test(e.name)) out.push(e.name);
  }
  return out.sort((a, b) => minor(a) - minor(b));
}

/** The response samples of a folder (what a row may replay). */
export async function responseSamples(family: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(new URL(`${family}/${dir ? dir + "/" : ""}`, SAMPLES))) {
    if (!e.isFile || !e.name.endsWith(".json")) continue;
    if (isResponse(family, e.name)) out.push(e.name);
  }
  return out.sort();
}

/** Is a sample file a response body? Nova names most `*-resp.json`; a few families do not. */
export function isResponse(family: string, name: string): boolean {
  if (name.endsWith("-req.json")) return false;
  if (/resp/.test(name)) return true;
  if (family === "versions") return true;
  return /^(migrations-get|simple-tenant-usage-get|instance-actions-list-with)/.test(name);
}

/** The microversion a folder's samples are at. */
export function microversion(dir: string): string {
  return dir === "" ? "2.1" : dir.slice(1);
}

async function exists(url: URL): Promise<boolean> {
  try {
    await Deno.stat(url);
    return true;
  } catch {
    return false;
  }
}

/** The microversion folders' order: `""` first, then by minor version. */
function minor(dir: string): number {
  return dir === "" ? 0 : Number(dir.slice(3));
}

/** Does a row run in this folder? */
export function runsIn(row: Row, dir: string): boolean {
  if (row.dirs && !row.dirs.includes(dir)) return false;
  if (row.from !== undefined && minor(dir) < minor(row.from)) return false;
  if (row.below !== undefined && minor(dir) >= minor(row.below)) return false;
  return true;
}

/**
 * Values that depend on the state a sample was made in (an image with a kernel, a locked server,
 * a disabled service, a tagged attachment, a service that has reported): null where the sample has a value, or the reverse,
 * is accepted; any other type is still compared.
 */
export const STATE_DEPENDENT = new Set([
  "OS-EXT-SRV-ATTR:kernel_id",
  "OS-EXT-SRV-ATTR:ramdisk_id",
  "OS-EXT-SRV-ATTR:user_data",
  "locked_reason",
  "pinned_availability_zone",
  "trusted_image_certificates",
  "disabled_reason",
  "uptime",
  "tag",
  "updated_at",
]);

/** Copy the sample's value into `actual` where a state-dependent key is null on one side. */
function relaxNulls(actual: unknown, template: unknown): void {
  if (Array.isArray(actual) && Array.isArray(template) && template.length) {
    actual.forEach((a, i) => relaxNulls(a, template[Math.min(i, template.length - 1)]));
    return;
  }
  if (!actual || !template || typeof actual !== "object" || typeof template !== "object") return;
  const a = actual as Record<string, unknown>;
  const t = template as Record<string, unknown>;
  for (const k of Object.keys(a)) {
    if (!Object.hasOwn(t, k)) continue;
    if (STATE_DEPENDENT.has(k) && (a[k] === null) !== (t[k] === null)) a[k] = t[k];
    else relaxNulls(a[k], t[k]);
  }
}

/**
 * Where a map's keys are generated (`hosts` keyed by host name), merge its entries into one under
 * `*`, in place, so the sample's and the response's maps compare by what they hold.
 */
export function mergeKeyed(value: unknown, keys: readonly string[]): void {
  if (Array.isArray(value)) {
    for (const v of value) mergeKeyed(v, keys);
    return;
  }
  if (!value || typeof value !== "object") return;
  const o = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (keys.includes(k) && v && typeof v === "object" && !Array.isArray(v)) {
      const merged: Record<string, unknown> = {};
      for (const entry of Object.values(v)) Object.assign(merged, entry);
      o[k] = Object.keys(merged).length ? { "*": merged } : {};
    } else mergeKeyed(v, keys);
  }
}

function fill(text: string, vars: Vars): string {
  return text.replace(/\{(\w+)\}/g, (m, k) => vars[k] ?? m);
}

function valueAt(body: unknown, path: string): unknown {
  let v = body as Record<string, unknown> | undefined;
  for (const k of path.split(".")) v = v?.[k] as Record<string, unknown> | undefined;
  return v;
}

/** Replay one row in one folder on a fresh deployment; return the problems (none: passed). */
export async function replay(row: Row, dir: string): Promise<string[]> {
  const at = (name: string) => new URL(`${row.family}/${dir ? dir + "/" : ""}${name}`, SAMPLES);
  const h: Harness = await startCompute({ pipeline: "paste", config: INSTANT });
  try {
    const as = row.as ?? "admin";
    const vars: Vars = { version: microversion(dir) };
    for (const step of row.setup ?? []) Object.assign(vars, await step(h, as, vars));
    let json: unknown = undefined;
    if (row.request) {
      const own = at(row.request);
      const file = await exists(own) ? own : new URL(`${row.family}/${row.request}`, SAMPLES);
      json = JSON.parse(await Deno.readTextFile(file));
      row.patch?.(json, vars);
    }
    const version = microversion(dir);
    const template = parseExact(await Deno.readTextFile(at(row.sample)));
    let path = (row.root ? "" : "/v2.1") + fill(row.path, vars);
    const pageLinks = Object.keys(template as object).some((k) => k.endsWith("_links"));
    if (row.paged && pageLinks) path += (path.includes("?") ? "&" : "?") + "limit=1";
    const res = await h.json(path, {
      as,
      version,
      method: row.method ?? (json === undefined ? "GET" : "POST"),
      json,
    });
    const want = row.status ?? 200;
    if (res.status !== want) return [`status ${res.status} (want ${want}): ${res.text}`];
    const actual = parseExact(res.text);
    if (row.keyedBy) {
      mergeKeyed(actual, row.keyedBy);
      mergeKeyed(template, row.keyedBy);
    }
    relaxNulls(actual, template);
    const problems = shapeMismatches(actual, template, {
      ...row.shape,
      exact: true,
    });
    for (const p of row.equal ?? []) {
      const got = JSON.stringify(valueAt(res.body, p));
      const exp = JSON.stringify(valueAt(JSON.parse(await Deno.readTextFile(at(row.sample))), p));
      if (got !== exp) problems.push(`${p}: expected ${exp}, got ${got}`);
    }
    return problems;
  } catch (e) {
    return [`error: ${e instanceof Error ? e.message : String(e)}`];
  } finally {
    await h.close();
  }
}

/** Run every row in every folder that has its sample; list the samples no row covers. */
export async function runAll(
  rows: readonly Row[],
  onResult: (r: Result) => void = () => {},
): Promise<{ results: Result[]; missing: Missing[] }> {
  const results: Result[] = [];
  const missing: Missing[] = [];
  const families = [...new Set(rows.map((r) => r.family))];
  for (const family of families) {
    const mine = rows.filter((r) => r.family === family);
    for (const dir of await folders(family)) {
      for (const sample of await responseSamples(family, dir)) {
        const row = mine.find((r) => r.sample === sample && runsIn(r, dir));
        if (!row) {
          missing.push({ family, dir, sample });
          continue;
        }
        const problems = await replay(row, dir);
        const known = row.known?.[dir] ?? row.known?.["*"];
        const result: Result = {
          family,
          dir,
          sample,
          outcome: problems.length ? "failed" : "passed",
          known,
          problems,
        };
        results.push(result);
        onResult(result);
      }
    }
  }
  return { results, missing };
}
