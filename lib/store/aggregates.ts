/**
 * Stored host aggregates (Nova's `aggregates`, `aggregate_hosts` and `aggregate_metadata` tables
 * in one record), their unique-name index and each host's membership index. The domain
 * (`lib/virt/aggregates.ts`) keeps the three consistent inside one transaction.
 *
 * @module
 */
import { keys, listAll } from "./keys.ts";
import { readValues, retryLocked, type Transaction } from "./transaction.ts";

/** One host aggregate. */
export interface AggregateRecord {
  id: number;
  uuid: string;
  name: string;
  /** Member hosts, in the order they were added. */
  hosts: string[];
  /** Free string metadata; `availability_zone` names the zone of the hosts. */
  metadata: Record<string, string>;
  /** ISO 8601. */
  created_at: string;
  /** ISO 8601, null until the first change. */
  updated_at: string | null;
}

/** An aggregate by id, read through `tx`. */
export function readAggregate(tx: Transaction, id: number): Promise<AggregateRecord | null> {
  return tx.get<AggregateRecord>(keys.aggregate(id));
}

/** Several aggregates by id, read through `tx` (missing ones left out). */
export async function readAggregates(
  tx: Transaction,
  ids: readonly number[],
): Promise<AggregateRecord[]> {
  const values = await tx.getMany<AggregateRecord>(ids.map((id) => keys.aggregate(id)));
  return values.filter((v): v is AggregateRecord => v !== null);
}

/** An aggregate by id, read without a check. */
export async function getAggregate(kv: Deno.Kv, id: number): Promise<AggregateRecord | null> {
  const entry = await retryLocked(() => kv.get<AggregateRecord>(keys.aggregate(id)));
  return entry.value;
}

/** Every aggregate, in id order. */
export async function listAggregates(kv: Deno.Kv): Promise<AggregateRecord[]> {
  const out: AggregateRecord[] = [];
  for await (const e of listAll<AggregateRecord>(kv, keys.aggregates())) out.push(e.value);
  return out;
}

/** The id holding `name`, read through `tx`; null when the name is free. */
export function readAggregateIdByName(tx: Transaction, name: string): Promise<number | null> {
  return tx.get<number>(keys.aggregateName(name));
}

/** Take the next aggregate id (read and bumped through `tx`). */
export async function nextAggregateId(tx: Transaction): Promise<number> {
  const last = (await tx.get<number>(keys.aggregateSeq())) ?? 0;
  tx.set(keys.aggregateSeq(), last + 1);
  return last + 1;
}

/** Stage `after` with its name index (dropping `before`'s name when it changed). */
export function writeAggregate(
  tx: Transaction,
  before: AggregateRecord | null,
  after: AggregateRecord,
): void {
  if (before && before.name !== after.name) tx.delete(keys.aggregateName(before.name));
  tx.set(keys.aggregateName(after.name), after.id);
  tx.set(keys.aggregate(after.id), after);
}

/** Stage removing an aggregate and its name index. */
export function removeAggregate(tx: Transaction, record: AggregateRecord): void {
  tx.delete(keys.aggregateName(record.name));
  tx.delete(keys.aggregate(record.id));
}

/** The aggregate ids of each named host, read through `tx` (each a check); empty when none. */
export async function readHostAggregateIds(
  tx: Transaction,
  hosts: readonly string[],
): Promise<Map<string, number[]>> {
  const values = await tx.getMany<number[]>(hosts.map((h) => keys.aggregateHost(h)));
  return new Map(hosts.map((h, i) => [h, values[i] ?? []]));
}

/** The aggregate ids of each named host, read without checks (for display). */
export async function getHostAggregateIds(
  kv: Deno.Kv,
  hosts: readonly string[],
): Promise<Map<string, number[]>> {
  const values = await readValues<number[]>(kv, hosts.map((h) => keys.aggregateHost(h)));
  return new Map(hosts.map((h, i) => [h, values[i] ?? []]));
}

/** Stage a host's membership (removing the key when it belongs to no aggregate). */
export function writeHostAggregateIds(tx: Transaction, host: string, ids: readonly number[]): void {
  if (ids.length) tx.set(keys.aggregateHost(host), [...ids]);
  else tx.delete(keys.aggregateHost(host));
}
