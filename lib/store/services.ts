/**
 * Stored compute service states (the mutable part of Nova's `services` table): per compute host,
 * whether an operator disabled it (and why) and whether it was forced down. A host with no record
 * is enabled and up, so a fresh deployment needs no seeding.
 *
 * @module
 */
import { keys } from "./keys.ts";
import { readValues, retryLocked, type Transaction } from "./transaction.ts";

/** The state of one host's compute service. */
export interface ServiceRecord {
  /** Whether the scheduler may place new servers on the host (false: Nova's `enabled`). */
  disabled: boolean;
  /** Why it was disabled, null when not given. */
  disabled_reason: string | null;
  /** Whether an operator declared the service down (Nova's `forced_down`, 2.11). */
  forced_down: boolean;
  /** ISO 8601: the last change, null for a service never changed. */
  updated_at: string | null;
}

/** The state of a host nobody changed: enabled and up. */
export const DEFAULT_SERVICE: Readonly<ServiceRecord> = Object.freeze({
  disabled: false,
  disabled_reason: null,
  forced_down: false,
  updated_at: null,
});

/** The state of each named host, read through `tx` (each a version check). */
export async function readServices(
  tx: Transaction,
  hosts: readonly string[],
): Promise<Map<string, ServiceRecord>> {
  const values = await tx.getMany<ServiceRecord>(hosts.map((h) => keys.service(h)));
  return new Map(hosts.map((h, i) => [h, values[i] ?? { ...DEFAULT_SERVICE }]));
}

/** The state of each named host, read without checks (for display). */
export async function getServices(
  kv: Deno.Kv,
  hosts: readonly string[],
): Promise<Map<string, ServiceRecord>> {
  const values = await readValues<ServiceRecord>(kv, hosts.map((h) => keys.service(h)));
  return new Map(hosts.map((h, i) => [h, values[i] ?? { ...DEFAULT_SERVICE }]));
}

/** One host's state, or the default when it has none. */
export async function getService(kv: Deno.Kv, host: string): Promise<ServiceRecord> {
  const entry = await retryLocked(() => kv.get<ServiceRecord>(keys.service(host)));
  return entry.value ?? { ...DEFAULT_SERVICE };
}

/** Stage a host's new state (computed from what was read through the same `tx`). */
export function writeService(tx: Transaction, host: string, record: ServiceRecord): void {
  tx.set(keys.service(host), record);
}

/** A service by its binary and host (the services table's unique pair). */
export interface ServiceRef {
  binary: string;
  host: string;
}

/** Whether each service was deleted, read through `tx` (each a version check). */
export async function readDeletedServices(
  tx: Transaction,
  refs: readonly ServiceRef[],
): Promise<boolean[]> {
  const values = await tx.getMany<string>(refs.map((r) => keys.deletedService(r.binary, r.host)));
  return values.map((v) => v !== null && v !== undefined);
}

/** Whether each service was deleted, read without checks (for display). */
export async function getDeletedServices(
  kv: Deno.Kv,
  refs: readonly ServiceRef[],
): Promise<boolean[]> {
  const values = await readValues<string>(
    kv,
    refs.map((r) => keys.deletedService(r.binary, r.host)),
  );
  return values.map((v) => v !== null && v !== undefined);
}

/** Stage the deletion of a service at `at` (ISO 8601). */
export function writeServiceDeleted(tx: Transaction, ref: ServiceRef, at: string): void {
  tx.set(keys.deletedService(ref.binary, ref.host), at);
}
