/**
 * Nova's `FlavorList.get_all` over records held in memory: who may see what, the filters, the
 * sort on `(sort_key, id)` and marker/limit paging with the SQL semantics Nova gets from
 * `oslo_db.sqlalchemy.utils.paginate_query` (NULL sorts first ascending and never compares
 * greater or smaller than anything).
 *
 * The default order (flavorid ascending) is the store's key order: those pages are read by
 * walking the store from the marker ({@link listFlavors}). Other orders read the whole table and
 * sort it here; flavors are few.
 *
 * @module
 */
import {
  type FlavorRecord,
  flavorsGeneration,
  getFlavor,
  listAllFlavorAccess,
  listFlavorAccess,
  readAllFlavors,
  scanFlavors,
} from "../store/flavors.ts";
import { compareCodePoints } from "../validation/pyrepr.ts";
import { MarkerNotFound } from "./errors.ts";

/** Who is asking. */
export interface Viewer {
  /** Admins see every flavor. */
  isAdmin: boolean;
  /** The caller's project, for private flavors shared with it. */
  projectId: string | null;
}

/** Filters, sort and page of one listing. */
export interface FlavorQuery {
  /** `true`: public plus the viewer's private ones; `false`: private only; `null`: no filter. */
  isPublic: boolean | null;
  /** Only flavors with this `disabled` value. */
  disabled?: boolean;
  /** Only flavors with at least this much RAM (MiB). */
  minMemoryMb?: number;
  /** Only flavors with at least this much root disk (GiB). */
  minRootGb?: number;
  /** Matches anywhere in the name (a regular-expression search, as the database's REGEXP). */
  name?: RegExp;
  /** A record field; ties are broken by the internal id. */
  sortKey: string;
  /** Applies to the sort key and the tie-breaker alike. */
  sortDir: "asc" | "desc";
  /** Page size; `0` yields an empty page, as SQL's `LIMIT 0`. */
  limit: number;
  /** The flavorid after which the page starts. */
  marker?: string;
}

/** Access lists by flavorid. */
export type AccessMap = ReadonlyMap<string, readonly string[]>;

/** Whether the viewer may see a flavor at all (Nova's base flavor query). */
export function canSee(flavor: FlavorRecord, viewer: Viewer, projects: readonly string[]): boolean {
  if (viewer.isAdmin || flavor.is_public) return true;
  return viewer.projectId !== null && projects.includes(viewer.projectId);
}

/** Whether a visible flavor passes a listing's filters (`projects`: those it is shared with). */
export function matchesQuery(
  f: FlavorRecord,
  viewer: Viewer,
  projects: readonly string[],
  query: FlavorQuery,
): boolean {
  if (query.minMemoryMb !== undefined && !(f.memory_mb >= query.minMemoryMb)) return false;
  if (query.minRootGb !== undefined && !(f.root_gb >= query.minRootGb)) return false;
  if (query.disabled !== undefined && f.disabled !== query.disabled) return false;
  if (query.name !== undefined) {
    query.name.lastIndex = 0;
    if (!query.name.test(f.name)) return false;
  }
  if (query.isPublic !== null) {
    const matches = f.is_public === query.isPublic;
    const shared = query.isPublic && viewer.projectId !== null &&
      projects.includes(viewer.projectId);
    if (!matches && !shared) return false;
  }
  return true;
}

/** Whether a listing is in the store's own key order (flavorid ascending), so it can be paged
 * by walking the store from the marker instead of reading every flavor. */
export function inKeyOrder(query: FlavorQuery): boolean {
  return query.sortKey === "flavorid" && query.sortDir === "asc";
}

type SortValue = string | number | null;

/** A column's value as the database would compare it (booleans as 0/1; unknown columns NULL). */
function column(flavor: FlavorRecord, key: string): SortValue {
  const value = (flavor as unknown as Record<string, unknown>)[key];
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string" || typeof value === "number") return value;
  return null;
}

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return compareCodePoints(String(a), String(b));
}

/** ORDER BY with NULL first in ascending order and last in descending order. */
function orderBy(columns: readonly string[], dir: "asc" | "desc") {
  const sign = dir === "asc" ? 1 : -1;
  return (x: FlavorRecord, y: FlavorRecord): number => {
    for (const key of columns) {
      const a = column(x, key);
      const b = column(y, key);
      if (a === b) continue;
      if (a === null) return -sign;
      if (b === null) return sign;
      const d = compareValues(a, b);
      if (d !== 0) return sign * d;
    }
    return 0;
  };
}

/**
 * paginate_query's marker criterion: `(k1 > m1) or (k1 = m1 and k2 > m2)`, where a NULL marker
 * value drops its term (and its equality in later terms) and a NULL row value fails every
 * comparison.
 */
function after(columns: readonly string[], dir: "asc" | "desc", marker: FlavorRecord) {
  const sign = dir === "asc" ? 1 : -1;
  const markerValues = columns.map((k) => column(marker, k));
  return (row: FlavorRecord): boolean =>
    columns.some((key, i) => {
      const m = markerValues[i];
      if (m === null) return false;
      for (let j = 0; j < i; j++) {
        const mj = markerValues[j];
        if (mj === null) continue;
        const v = column(row, columns[j]);
        if (v === null || compareValues(v, mj) !== 0) return false;
      }
      const v = column(row, key);
      return v !== null && sign * compareValues(v, m) > 0;
    });
}

/**
 * Pick, sort and page flavors for a viewer. Throws {@link MarkerNotFound} when the marker is not
 * among the flavors the viewer can see.
 *
 * @example
 * ```ts
 * selectFlavors(all, access, { isAdmin: false, projectId: "p1" },
 *   { isPublic: true, disabled: false, sortKey: "flavorid", sortDir: "asc", limit: 1000 });
 * ```
 */
export function selectFlavors(
  all: readonly FlavorRecord[],
  access: AccessMap,
  viewer: Viewer,
  query: FlavorQuery,
): FlavorRecord[] {
  const projectsOf = (f: FlavorRecord) => access.get(f.flavorid) ?? [];
  const visible = all.filter((f) => canSee(f, viewer, projectsOf(f)));
  const rows = visible.filter((f) => matchesQuery(f, viewer, projectsOf(f), query));
  const columns = [query.sortKey, "id"];
  rows.sort(orderBy(columns, query.sortDir));
  let page = rows;
  if (query.marker !== undefined) {
    const marker = visible.find((f) => f.flavorid === query.marker);
    if (!marker) throw new MarkerNotFound(query.marker);
    page = rows.filter(after(columns, query.sortDir, marker));
  }
  return page.slice(0, Math.max(0, query.limit));
}

const NO_PROJECTS: readonly string[] = [];

/** One page in flavorid order, read by walking the store from the marker. */
async function pageInKeyOrder(
  kv: Deno.Kv,
  viewer: Viewer,
  query: FlavorQuery,
): Promise<FlavorRecord[]> {
  const sharedWith = async (f: FlavorRecord) =>
    f.is_public ? [] : await listFlavorAccess(kv, f.flavorid);
  const marker = query.marker;
  if (marker !== undefined) {
    const m = await getFlavor(kv, marker);
    if (!m || !canSee(m, viewer, await sharedWith(m))) throw new MarkerNotFound(marker);
  }
  const page: FlavorRecord[] = [];
  if (query.limit <= 0) return page;
  // The marker row is skipped, so read one more than a page in the first batch.
  const batch = Math.min(query.limit + 1, 500);
  for await (const f of scanFlavors(kv, marker, batch)) {
    const projects = f.is_public ? NO_PROJECTS : await sharedWith(f);
    if (!canSee(f, viewer, projects) || !matchesQuery(f, viewer, projects, query)) continue;
    page.push(f);
    if (page.length >= query.limit) break;
  }
  return page;
}

/**
 * Nova's `FlavorList.get_all` over the store: the page of flavors `query` asks for, as `viewer`
 * may see them. The default order walks the store from the marker; other orders read every
 * flavor and sort in memory. Throws {@link MarkerNotFound}.
 *
 * @example
 * ```ts
 * await listFlavors(kv, { isAdmin: false, projectId: "p1" },
 *   { isPublic: true, disabled: false, sortKey: "flavorid", sortDir: "asc", limit: 1000 });
 * ```
 */
export async function listFlavors(
  kv: Deno.Kv,
  viewer: Viewer,
  query: FlavorQuery,
): Promise<FlavorRecord[]> {
  if (inKeyOrder(query)) return await pageInKeyOrder(kv, viewer, query);
  const [all, access] = await Promise.all([readAllFlavors(kv), listAllFlavorAccess(kv)]);
  return selectFlavors(all, access, viewer, query);
}

/**
 * A token that changes whenever any flavor, access row or extra spec changes (through any
 * process), or null when the store cannot tell (then nothing derived may be kept). Read it before
 * reading the flavors a result is derived from, and keep the result under it.
 *
 * @example
 * ```ts
 * const version = await flavorsVersion(kv);
 * ```
 */
export async function flavorsVersion(kv: Deno.Kv): Promise<string | null> {
  return await flavorsGeneration(kv);
}
