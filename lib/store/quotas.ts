/**
 * Stored quota limits (project, user and quota-class overrides) and usage counters. This module
 * only reads and writes keys; what the numbers mean (resolving limits, checking a change against
 * them, settable ranges) is the quota engine's business (`lib/quota/`), which counts usage through
 * {@link addUsage} and {@link subtractUsage} inside the transaction of the record that consumes it.
 *
 * Reads go through a {@link ValueReader} so the same code serves a plain KV (display) and a
 * transaction (enforcement, where every read becomes a version check).
 *
 * @module
 */
import { keys, listAll } from "./keys.ts";
import { readValues, retryLocked, transact, type Transaction } from "./transaction.ts";

/** Point reads, as both a {@link Transaction} and {@link kvReader} offer them. */
export interface ValueReader {
  get<T>(key: Deno.KvKey): Promise<T | null>;
  getMany<T>(keys: Deno.KvKey[]): Promise<(T | null)[]>;
}

/**
 * Read straight from the store, without version checks.
 *
 * @example
 * ```ts
 * const limit = await kvReader(kv).get<number>(keys.projectQuota("p1", "cores"));
 * ```
 */
export function kvReader(kv: Deno.Kv): ValueReader {
  return {
    async get<T>(key: Deno.KvKey) {
      return (await retryLocked(() => kv.get<T>(key))).value;
    },
    getMany<T>(list: Deno.KvKey[]) {
      return readValues<T>(kv, list);
    },
  };
}

/** Limits by resource name; absent means "not set at this level". */
export type LimitMap = Record<string, number>;

async function pick(reader: ValueReader, list: Deno.KvKey[], names: readonly string[]) {
  const values = await reader.getMany<number>(list);
  const out: LimitMap = {};
  names.forEach((name, i) => {
    const v = values[i];
    if (typeof v === "number") out[name] = v;
  });
  return out;
}

/** A project's own limits for `resources` (only those set). */
export function readProjectLimits(
  reader: ValueReader,
  projectId: string,
  resources: readonly string[],
): Promise<LimitMap> {
  return pick(reader, resources.map((r) => keys.projectQuota(projectId, r)), resources);
}

/** A user's own limits within a project for `resources` (only those set). */
export function readUserLimits(
  reader: ValueReader,
  projectId: string,
  userId: string,
  resources: readonly string[],
): Promise<LimitMap> {
  return pick(reader, resources.map((r) => keys.userQuota(projectId, userId, r)), resources);
}

/** A quota class's limits for `resources` (only those set). */
export function readClassLimits(
  reader: ValueReader,
  className: string,
  resources: readonly string[],
): Promise<LimitMap> {
  return pick(reader, resources.map((r) => keys.classQuota(className, r)), resources);
}

/** Every per-user limit set in a project, summed by resource (for Nova's "remains"). */
export async function sumUserLimits(kv: Deno.Kv, projectId: string): Promise<LimitMap> {
  const sums: LimitMap = {};
  for await (const entry of listAll<number>(kv, keys.projectUserQuotas(projectId))) {
    const resource = String(entry.key[entry.key.length - 1]);
    sums[resource] = (sums[resource] ?? 0) + entry.value;
  }
  return sums;
}

/** Queue setting a project's limit. */
export function writeProjectLimit(
  tx: Transaction,
  projectId: string,
  resource: string,
  limit: number,
): void {
  tx.set(keys.projectQuota(projectId, resource), limit);
}

/** Queue setting a user's limit within a project. */
export function writeUserLimit(
  tx: Transaction,
  projectId: string,
  userId: string,
  resource: string,
  limit: number,
): void {
  tx.set(keys.userQuota(projectId, userId, resource), limit);
}

/** Queue setting a quota class's limit. */
export function writeClassLimit(
  tx: Transaction,
  className: string,
  resource: string,
  limit: number,
): void {
  tx.set(keys.classQuota(className, resource), limit);
}

async function deleteUnder(kv: Deno.Kv, prefixes: Deno.KvKey[]): Promise<number> {
  const found: Deno.KvKey[] = [];
  for (const prefix of prefixes) {
    for await (const entry of listAll(kv, prefix)) found.push(entry.key);
  }
  for (let i = 0; i < found.length; i += 500) {
    const batch = found.slice(i, i + 500);
    await retryLocked(() => {
      const op = kv.atomic();
      for (const key of batch) op.delete(key);
      return op.commit();
    });
  }
  return found.length;
}

function bumpStampNow(kv: Deno.Kv, projectId: string): Promise<void> {
  return transact(kv, (tx) => claimLimitsStamp(tx, projectId, true));
}

/**
 * Remove a project's limits and every per-user limit within it (Nova's
 * `destroy_all_by_project`). Returns how many were removed.
 */
export async function deleteProjectLimits(kv: Deno.Kv, projectId: string): Promise<number> {
  const removed = await deleteUnder(kv, [
    keys.projectQuotas(projectId),
    keys.projectUserQuotas(projectId),
  ]);
  await bumpStampNow(kv, projectId);
  return removed;
}

/** Remove one user's limits within a project. Returns how many were removed. */
export async function deleteUserLimits(
  kv: Deno.Kv,
  projectId: string,
  userId: string,
): Promise<number> {
  const removed = await deleteUnder(kv, [keys.userQuotas(projectId, userId)]);
  await bumpStampNow(kv, projectId);
  return removed;
}

/**
 * Take part in the version of a project's limits inside `tx`: read its stamp (so the commit fails
 * and runs again if any project or user limit of the project changed meanwhile) and, when
 * `bump`, queue moving it on. Callers that check ranges before writing limits read it first.
 */
export async function claimLimitsStamp(
  tx: Transaction,
  projectId: string,
  bump: boolean,
): Promise<void> {
  const key = keys.quotaStamp(projectId);
  const stamp = await tx.get<number>(key);
  if (bump) tx.set(key, (typeof stamp === "number" ? stamp : 0) + 1);
}

/** Usage counters by resource name; missing counters read as 0. */
export type UsageMap = Record<string, number>;

async function counters(reader: ValueReader, list: Deno.KvKey[], names: readonly string[]) {
  const values = await reader.getMany<number>(list);
  const out: UsageMap = {};
  names.forEach((name, i) => out[name] = typeof values[i] === "number" ? values[i]! : 0);
  return out;
}

/** A project's counted usage of `resources`. */
export function readProjectUsage(
  reader: ValueReader,
  projectId: string,
  resources: readonly string[],
): Promise<UsageMap> {
  return counters(reader, resources.map((r) => keys.projectUsage(projectId, r)), resources);
}

/** A user's counted usage of `resources` within a project. */
export function readUserUsage(
  reader: ValueReader,
  projectId: string,
  userId: string,
  resources: readonly string[],
): Promise<UsageMap> {
  return counters(reader, resources.map((r) => keys.userUsage(projectId, userId, r)), resources);
}

/** How many keypairs a user owns. */
export async function readKeypairCount(reader: ValueReader, userId: string): Promise<number> {
  return (await reader.get<number>(keys.keypairUsage(userId))) ?? 0;
}

/**
 * Queue counting `deltas` for a project and its user inside `tx`, on top of the counters `before`
 * (as read through the same `tx`, so a concurrent change makes the commit run again).
 */
export function addUsage(
  tx: Transaction,
  projectId: string,
  userId: string,
  before: { project: UsageMap; user: UsageMap },
  deltas: UsageMap,
): void {
  for (const [resource, delta] of Object.entries(deltas)) {
    tx.set(keys.projectUsage(projectId, resource), (before.project[resource] ?? 0) + delta);
    tx.set(keys.userUsage(projectId, userId, resource), (before.user[resource] ?? 0) + delta);
  }
}

/** Queue counting `delta` more keypairs for a user, on top of `before` (read through `tx`). */
export function addKeypairCount(
  tx: Transaction,
  userId: string,
  before: number,
  delta: number,
): void {
  tx.set(keys.keypairUsage(userId), before + delta);
}

/**
 * Uncount `deltas` for a project and its user inside `tx` (a deleted record); counters never go
 * below zero.
 */
export async function subtractUsage(
  tx: Transaction,
  projectId: string,
  userId: string,
  deltas: UsageMap,
): Promise<void> {
  for (const [resource, delta] of Object.entries(deltas)) {
    const pKey = keys.projectUsage(projectId, resource);
    const uKey = keys.userUsage(projectId, userId, resource);
    const [p, u] = await tx.getMany<number>([pKey, uKey]);
    tx.set(pKey, Math.max(0, (p ?? 0) - delta));
    tx.set(uKey, Math.max(0, (u ?? 0) - delta));
  }
}

/** Uncount `delta` keypairs of a user inside `tx`; the counter never goes below zero. */
export async function subtractKeypairCount(
  tx: Transaction,
  userId: string,
  delta: number,
): Promise<void> {
  const key = keys.keypairUsage(userId);
  tx.set(key, Math.max(0, ((await tx.get<number>(key)) ?? 0) - delta));
}
