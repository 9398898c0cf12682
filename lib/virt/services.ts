/**
 * The compute services of the simulated hypervisor: one per configured host, enabled and up
 * unless an operator disabled it or forced it down. The scheduler skips hosts whose service is
 * disabled or down (Nova's ComputeFilter); an evacuation needs its source's service down; a live
 * migration needs both ends up. Nova also counts a service down when its heartbeat is stale;
 * here nothing misses a heartbeat, so only `forced_down` makes a service down.
 *
 * @module
 */
import { getService, readServices, type ServiceRecord, writeService } from "../store/services.ts";
import { readDeletedServices } from "../store/services.ts";
import { transact, type Transaction } from "../store/transaction.ts";

export type { ServiceRecord } from "../store/services.ts";

/** Whether a service in state `record` is up (Nova's `servicegroup_api.service_is_up`). */
export function serviceIsUp(record: Pick<ServiceRecord, "forced_down">): boolean {
  return !record.forced_down;
}

/** Whether the compute service of `host` is up (a host with no record is). */
export async function isServiceUp(kv: Deno.Kv, host: string): Promise<boolean> {
  return serviceIsUp(await getService(kv, host));
}

/** The state of `host`'s compute service (the default when nobody changed it). */
export function serviceState(kv: Deno.Kv, host: string): Promise<ServiceRecord> {
  return getService(kv, host);
}

/** The states of `hosts`' services, read through `tx` (each a version check). */
export function readServiceStates(
  tx: Transaction,
  hosts: readonly string[],
): Promise<Map<string, ServiceRecord>> {
  return readServices(tx, hosts);
}

/**
 * The hosts among `hosts` the scheduler must skip, read through `tx`: those whose service is
 * disabled or down (Nova's ComputeFilter), or deleted (Nova has no host state without one).
 */
export async function unavailableHosts(
  tx: Transaction,
  hosts: readonly { name: string }[],
): Promise<string[]> {
  const names = hosts.map((h) => h.name);
  const [states, deleted] = await Promise.all([
    readServices(tx, names),
    readDeletedServices(tx, names.map((host) => ({ binary: "nova-compute", host }))),
  ]);
  return [...states].filter(([, s], i) => deleted[i] || s.disabled || !serviceIsUp(s))
    .map(([name]) => name);
}

async function change(
  kv: Deno.Kv,
  host: string,
  now: Date,
  edit: (record: ServiceRecord) => ServiceRecord,
): Promise<ServiceRecord> {
  return await transact(kv, async (tx) => {
    const [current] = (await readServices(tx, [host])).values();
    const next = { ...edit(current), updated_at: now.toISOString() };
    writeService(tx, host, next);
    return next;
  });
}

/** Force `host`'s compute service down (true) or let it be up again (false); the new state. */
export function setServiceForcedDown(
  kv: Deno.Kv,
  host: string,
  forcedDown: boolean,
  now: Date = new Date(),
): Promise<ServiceRecord> {
  return change(kv, host, now, (r) => ({ ...r, forced_down: forcedDown }));
}

/**
 * Disable `host`'s compute service (with an optional reason) or enable it again (the reason is
 * cleared, as Nova's enable does); the new state.
 */
export function setServiceDisabled(
  kv: Deno.Kv,
  host: string,
  disabled: boolean,
  reason: string | null = null,
  now: Date = new Date(),
): Promise<ServiceRecord> {
  return change(kv, host, now, (r) => ({
    ...r,
    disabled,
    disabled_reason: disabled ? reason : null,
  }));
}

/** The fields of a compute service an operator changes in one update (2.53's PUT). */
export type ServiceChange = Partial<
  Pick<ServiceRecord, "disabled" | "disabled_reason" | "forced_down">
>;

/** Apply `patch` to `host`'s compute service in one transaction; the new state. */
export function updateService(
  kv: Deno.Kv,
  host: string,
  patch: ServiceChange,
  now: Date = new Date(),
): Promise<ServiceRecord> {
  return change(kv, host, now, (r) => ({ ...r, ...patch }));
}
