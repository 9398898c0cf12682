/**
 * Reading servers: one by uuid, or one page through the created_at index; due steps of what is
 * read are applied first (each one atomic, repeatable change), so what a reader sees is the
 * record as the clock says it stands.
 *
 * @module
 */
import {
  getDeletedInstance,
  getInstance,
  getInstances,
  instanceUuids,
  readInstance,
} from "../store/instances.ts";
import { transact } from "../store/transaction.ts";
import type { InstanceDeps } from "./deps.ts";
import { MarkerNotFound } from "./errors.ts";
import { hasDue, settleInTx } from "./settle.ts";
import type { Instance } from "./types.ts";

/** Apply the steps of `instance` due now, if any; null when it turned out deleted. */
async function settle(
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
  /** Keep only servers this accepts (seen after their due steps were applied). */
  filter?: (instance: Instance) => boolean;
}

const BATCH = 10;

/**
 * One page of servers in (created_at, uuid) order, newest first unless `sortDesc` is false,
 * read through the index: a page costs about `limit` reads however many servers exist (plus what
 * `filter` rejects). A marker may name a server deleted since (its last record is kept); an
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
  const desc = q.sortDesc ?? true;
  let after;
  if (q.marker !== undefined) {
    const marker = (await getInstance(kv, q.marker)) ?? (await getDeletedInstance(kv, q.marker));
    if (!marker || (q.projectId !== undefined && marker.project_id !== q.projectId)) {
      throw new MarkerNotFound(q.marker);
    }
    after = { created_at: marker.created_at, uuid: marker.uuid };
  }
  const out: Instance[] = [];
  if (q.limit <= 0) return out;
  const uuids = instanceUuids(kv, {
    projectId: q.projectId,
    desc,
    after,
    batchSize: Math.min(Math.max(q.limit, BATCH), 500),
  });
  let batch: string[] = [];
  const flush = async () => {
    const records = await getInstances(kv, batch);
    batch = [];
    for (const record of records) {
      if (out.length >= q.limit) return;
      if (record === null) continue; // deleted between the index read and this one
      const current = await settle(kv, deps, record);
      if (current === null) continue;
      if (q.filter && !q.filter(current)) continue;
      out.push(current);
    }
  };
  for await (const uuid of uuids) {
    batch.push(uuid);
    if (batch.length >= Math.min(BATCH, q.limit - out.length)) await flush();
    if (out.length >= q.limit) break;
  }
  if (batch.length && out.length < q.limit) await flush();
  return out;
}
