/**
 * Reading servers: one by uuid, or one page through the created_at index; due steps of what is
 * read are applied first (each one atomic, repeatable change), so what a reader sees is the
 * record as the clock says it stands.
 *
 * @module
 */
import {
  deletedInstanceUuids,
  getDeletedInstance,
  getDeletedInstances,
  getInstance,
  instanceRecords,
  instancesGeneration,
  readInstance,
} from "../store/instances.ts";
import { firstDue, keepPage, keptPage } from "./page_cache.ts";
import { currentEpoch } from "../store/epoch.ts";
import { transact } from "../store/transaction.ts";
import type { InstanceDeps } from "./deps.ts";
import { MarkerNotFound } from "./errors.ts";
import { compareBy, indexDirection, type SortTerm } from "./order.ts";
import { hasDue, settleInTx } from "./settle.ts";
import type { Instance } from "./types.ts";

/** Apply the steps of `instance` due now, if any; null when it turned out deleted. */
export async function settle(
  kv: Deno.Kv,
  deps: InstanceDeps,
  instance: Instance,
): Promise<Instance | null> {
  const now = deps.clock();
  if (!hasDue(instance, now)) return instance;
  return await transact(kv, async (tx) => {
    const current = await readInstance(tx, instance.uuid);
    if (current === null) return null;
    return await settleInTx(tx, deps, current, now);
  });
}

/**
 * A live server by uuid, brought up to the clock, or null when there is none (or its delete has
 * just finished).
 *
 * @example
 * ```ts
 * const server = await getServer(kv, uuid, deps);
 * if (!server) throw new InstanceNotFound(uuid);
 * ```
 */
export async function getServer(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
): Promise<Instance | null> {
  const found = await getInstance(kv, uuid);
  return found === null ? null : await settle(kv, deps, found);
}

/**
 * A live server (brought up to the clock) or, when there is none and `deleted` is set, the last
 * record of a deleted one (Nova's `read_deleted='yes'`); null when neither exists.
 */
export async function getServerOrDeleted(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
  options: { deleted: boolean },
): Promise<Instance | null> {
  const live = await getServer(kv, uuid, deps);
  if (live || !options.deleted) return live;
  return await getDeletedInstance(kv, uuid);
}

/** A page request of {@link listServers}. */
export interface ListQuery {
  /** One project's servers; undefined for every project's (admins' all_tenants). */
  projectId?: string;
  /** The most servers to return (the caller applies `[api] max_limit`). */
  limit: number;
  /** The uuid of the last server of the previous page. */
  marker?: string;
  /** Newest first (Nova's default `created_at desc`); false for oldest first. Default true. */
  sortDesc?: boolean;
  /**
   * The full order (see `effectiveOrder` in `order.ts`); overrides `sortDesc`. An order other
   * than created_at then uuid is served by a scan.
   */
  order?: readonly SortTerm[];
  /**
   * Which servers: live ones (`exclude`, the default), deleted and soft-deleted ones (`only`,
   * Nova's `deleted=true`) or both (`include`, Nova's changes-since without `deleted`).
   */
  deleted?: "exclude" | "only" | "include";
  /** Keep only servers this accepts (seen after their due steps were applied). */
  filter?: (instance: Instance) => boolean;
  /**
   * Everything `filter` depends on, as text: given, a page in index order may be served again
   * from this process's pages while the store's servers are unchanged (see `page_cache.ts`).
   */
  cacheKey?: string;
}

const BATCH = 10;

/**
 * One page of servers in (created_at, uuid) order, newest first unless `sortDesc` is false,
 * read from the copies the index holds: a page is one range read of about `limit` entries however
 * many servers exist (plus what `filter` rejects). Another `order`, or deleted servers, scan the
 * scope (see `scanServers`). A marker may name a server deleted since (its last record is kept); an
 * unknown marker, or another project's, is a {@link MarkerNotFound} (400).
 *
 * @example
 * ```ts
 * const page = await listServers(kv, { projectId: "p1", limit: 100 }, deps);
 * const next = await listServers(kv, { projectId: "p1", limit: 100, marker: page.at(-1)!.uuid }, deps);
 * ```
 */
export async function listServers(
  kv: Deno.Kv,
  q: ListQuery,
  deps: InstanceDeps,
): Promise<Instance[]> {
  let marker: Instance | undefined;
  if (q.marker !== undefined) {
    const found = (await getInstance(kv, q.marker)) ?? (await getDeletedInstance(kv, q.marker));
    if (!found || (q.projectId !== undefined && found.project_id !== q.projectId)) {
      throw new MarkerNotFound(q.marker);
    }
    marker = found;
  }
  const direction = q.order ? indexDirection(q.order) : (q.sortDesc ?? true) ? "desc" : "asc";
  if (direction === null || (q.deleted ?? "exclude") !== "exclude") {
    const order = q.order ?? [
      { key: "created_at", dir: direction ?? "desc" },
      { key: "uuid", dir: direction ?? "desc" },
    ];
    return await scanServers(kv, q, order, marker, deps);
  }
  const desc = direction === "desc";
  const tiesDesc = q.order ? q.order[1].dir === "desc" : desc;
  const after = marker && { created_at: marker.created_at, uuid: marker.uuid };
  const out: Instance[] = [];
  if (q.limit <= 0) return out;
  const key = q.cacheKey === undefined ? undefined : JSON.stringify([
    q.cacheKey,
    q.projectId ?? null,
    q.limit,
    desc,
    tiesDesc,
    after ?? null,
  ]);
  // A store no server write has touched yet has no generation: its pages are kept under the
  // epoch alone, which any later write (or a reset, which moves the epoch) leaves behind.
  const stamp = key === undefined
    ? null
    : `${await currentEpoch(kv)}:${await instancesGeneration(kv) ?? "none"}`;
  if (key !== undefined) {
    const kept = keptPage(kv, key, stamp, deps.clock());
    if (kept) return kept;
  }
  let validUntil = Infinity;
  const records = instanceRecords(kv, {
    projectId: q.projectId,
    desc,
    tiesDesc,
    after,
    batchSize: Math.min(Math.max(q.limit, BATCH), 500),
  });
  for await (const record of records) {
    const current = await settle(kv, deps, record);
    if (current === null) continue;
    validUntil = Math.min(validUntil, firstDue(current));
    if (q.filter && !q.filter(current)) continue;
    out.push(current);
    if (out.length >= q.limit) break;
  }
  if (key !== undefined) keepPage(kv, key, stamp, validUntil, out);
  return out;
}

/**
 * The most servers a scan keeps in memory is the page size: each server of the scope (one
 * project's, or all) is read once, in batches of {@link SCAN_BATCH}, and only the best `limit`
 * that come after the marker are kept.
 */
const SCAN_BATCH = 100;

/**
 * A page in any order: every server of the scope (live, deleted or both) is read once, streamed
 * in batches, and the first `limit` after `marker` in `order` are kept (memory bounded by
 * `limit`). The order ends with uuid, so it is total: pages have no gap and no duplicate.
 */
async function scanServers(
  kv: Deno.Kv,
  q: ListQuery,
  order: readonly SortTerm[],
  marker: Instance | undefined,
  deps: InstanceDeps,
): Promise<Instance[]> {
  const best: Instance[] = [];
  if (q.limit <= 0) return best;
  const compare = compareBy(order);
  const deleted = q.deleted ?? "exclude";
  const consider = (i: Instance) => {
    if (marker && compare(i, marker) <= 0) return;
    if (q.filter && !q.filter(i)) return;
    if (best.length >= q.limit && compare(i, best[best.length - 1]) >= 0) return;
    // A server deleted during the scan may be met live and then deleted: keep one.
    if (deleted === "include" && best.some((b) => b.uuid === i.uuid)) return;
    let lo = 0, hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(best[mid], i) < 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, i);
    if (best.length > q.limit) best.pop();
  };
  const projectId = q.projectId;
  for await (
    const record of instanceRecords(kv, { projectId, desc: false, batchSize: SCAN_BATCH })
  ) {
    const current = await settle(kv, deps, record);
    if (current === null) continue;
    // Nova's deleted=true lists soft-deleted servers with the deleted ones.
    if (deleted === "only" && current.vm_state !== "soft-delete") continue;
    consider(current);
  }
  if (deleted !== "exclude") {
    let batch: string[] = [];
    const flush = async () => {
      for (const record of await getDeletedInstances(kv, batch)) if (record) consider(record);
      batch = [];
    };
    for await (const uuid of deletedInstanceUuids(kv, { projectId, batchSize: SCAN_BATCH })) {
      batch.push(uuid);
      if (batch.length >= SCAN_BATCH) await flush();
    }
    if (batch.length) await flush();
  }
  return best;
}
