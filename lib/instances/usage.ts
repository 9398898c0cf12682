/**
 * Usage over a period (Nova's `os-simple-tenant-usage`): the servers active at some time in the
 * period, live or deleted (Nova's `instance_get_active_by_window_joined`: launched before the
 * period's end and not terminated before its start), paged in (project_id, uuid) order, and the
 * hours each ran within it, added up per project with its flavor's vCPUs, RAM and disk.
 *
 * Times are microseconds since the epoch (a period's bounds carry microseconds; stored times
 * have milliseconds).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import {
  getDeletedInstance,
  getDeletedInstances,
  getInstance,
  getInstances,
  instanceUuids,
  terminatedInstanceUuids,
} from "../store/instances.ts";
import { compareCodePoints } from "../validation/pyrepr.ts";
import type { InstanceDeps } from "./deps.ts";
import { settle } from "./read.ts";
import type { Instance } from "./types.ts";

/** A usage marker that names no server, live or deleted (Nova's `MarkerNotFound`, 400). */
export class UsageMarkerNotFound extends DomainError {
  constructor(marker: string) {
    super("invalid", `Marker ${marker} could not be found.`);
  }
}

/**
 * A stored ISO 8601 UTC time as microseconds since the epoch (the digits it has, up to six).
 *
 * @example
 * ```ts
 * isoMicros("2024-05-01T12:00:04.250Z"); // 1714564804250000
 * ```
 */
export function isoMicros(iso: string): number {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(iso);
  if (!m) return Date.parse(iso) * 1000;
  const whole = Date.parse(`${m[1]}Z`);
  return whole * 1000 + Number((m[2] ?? "").padEnd(6, "0").slice(0, 6));
}

/** Which servers a usage report reads. */
export interface UsageWindow {
  /** The period, microseconds since the epoch (`start` < `stop`). */
  start: number;
  stop: number;
  /** One project's servers; every project's when absent. */
  projectId?: string;
  /** The most servers to return. */
  limit: number;
  /** The uuid of a server (live or deleted, any project) the page starts after. */
  marker?: string;
}

/** Whether a server ran at some time in [start, stop) (Nova's window query). */
export function activeIn(instance: Instance, start: number, stop: number): boolean {
  if (instance.launched_at === null || isoMicros(instance.launched_at) >= stop) return false;
  return instance.terminated_at === null || isoMicros(instance.terminated_at) > start;
}

function byProjectThenUuid(a: Instance, b: Instance): number {
  return compareCodePoints(a.project_id, b.project_id) || compareCodePoints(a.uuid, b.uuid);
}

const BATCH = 100;

/**
 * The servers active in the window, in (project_id, uuid) order after the marker, at most
 * `limit` (Nova pages usage this way). Live servers of the scope are read (brought up to the
 * clock) and deleted ones only if they ended after the period started, through the index by end
 * time; memory is bounded by `limit`. Throws {@link UsageMarkerNotFound} for an unknown marker.
 *
 * @example
 * ```ts
 * const servers = await instancesActiveInWindow(kv, deps, { start, stop, limit: 1000 });
 * ```
 */
export async function instancesActiveInWindow(
  kv: Deno.Kv,
  deps: InstanceDeps,
  w: UsageWindow,
): Promise<Instance[]> {
  let marker: Instance | null = null;
  if (w.marker !== undefined) {
    marker = (await getInstance(kv, w.marker)) ?? (await getDeletedInstance(kv, w.marker));
    if (!marker) throw new UsageMarkerNotFound(w.marker);
  }
  const best: Instance[] = [];
  if (w.limit <= 0) return best;
  const seen = new Set<string>();
  const consider = (i: Instance) => {
    if (seen.has(i.uuid)) return;
    seen.add(i.uuid);
    if (!activeIn(i, w.start, w.stop)) return;
    if (marker && byProjectThenUuid(i, marker) <= 0) return;
    if (best.length >= w.limit && byProjectThenUuid(i, best[best.length - 1]) >= 0) return;
    let lo = 0, hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byProjectThenUuid(best[mid], i) < 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, i);
    if (best.length > w.limit) best.pop();
  };
  const scan = async (
    uuids: AsyncGenerator<string>,
    read: (batch: string[]) => Promise<(Instance | null)[]>,
    live: boolean,
  ) => {
    let batch: string[] = [];
    const flush = async () => {
      const records = await read(batch);
      for (const [n, record] of records.entries()) {
        if (record === null) continue;
        // A server whose delete came due as it was read: count its last record.
        const current = live
          ? (await settle(kv, deps, record)) ?? (await getDeletedInstance(kv, batch[n]))
          : record;
        if (current) consider(current);
      }
      batch = [];
    };
    for await (const uuid of uuids) {
      batch.push(uuid);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
  };
  const projectId = w.projectId;
  await scan(
    instanceUuids(kv, { projectId, desc: false, batchSize: BATCH }),
    (b) => getInstances(kv, b),
    true,
  );
  // Stored end times have milliseconds: start from the millisecond the period starts in.
  const from = new Date(Math.floor(w.start / 1000)).toISOString();
  await scan(
    terminatedInstanceUuids(kv, { projectId, from, batchSize: BATCH }),
    (b) => getDeletedInstances(kv, b),
    false,
  );
  return best;
}

/** One server's usage in a period (Nova's `server_usages` item). */
export interface ServerUsage {
  instance_id: string;
  name: string;
  tenant_id: string;
  /** The flavor's name. */
  flavor: string;
  /** Hours it ran within the period. */
  hours: number;
  memory_mb: number;
  /** Root plus ephemeral disk, GiB. */
  local_gb: number;
  vcpus: number;
  /** ISO 8601 as stored: when it (last) launched, and when it was terminated (or null). */
  started_at: string;
  ended_at: string | null;
  /** `terminated` once it ended, else its vm_state. */
  state: string;
  /** Whole seconds from launch to its end, or to now. */
  uptime: number;
}

/** One project's usage in a period (Nova's `tenant_usages` item). */
export interface TenantUsage {
  tenant_id: string;
  /** The period, microseconds since the epoch. */
  start: number;
  stop: number;
  total_hours: number;
  total_vcpus_usage: number;
  total_memory_mb_usage: number;
  total_local_gb_usage: number;
  /** Its servers, in page order. */
  server_usages: ServerUsage[];
}

/**
 * The hours `instance` ran within [start, stop] (Nova's `_hours_for`): from the later of its
 * launch and the start to the earlier of its termination and the stop; 0 when it never launched
 * or ran entirely outside the period.
 *
 * @example
 * ```ts
 * hoursIn(server, start, start + 3_600_000_000); // 1 if it ran all that hour
 * ```
 */
export function hoursIn(instance: Instance, start: number, stop: number): number {
  const launched = instance.launched_at === null ? null : isoMicros(instance.launched_at);
  const terminated = instance.terminated_at === null ? null : isoMicros(instance.terminated_at);
  if (terminated !== null && terminated < start) return 0;
  if (launched === null || launched > stop) return 0;
  const from = Math.max(launched, start);
  const to = terminated !== null ? Math.min(stop, terminated) : stop;
  return (to - from) / 1_000_000 / 3600;
}

/**
 * The usage of `instances` (in page order) over [start, stop], per project in order of first
 * appearance, with every server's usage; `now` (microseconds) gives live servers' uptime.
 *
 * @example
 * ```ts
 * const { tenants, servers } = tenantUsages(page, start, stop, nowMicros);
 * ```
 */
export function tenantUsages(
  instances: readonly Instance[],
  start: number,
  stop: number,
  now: number,
): { tenants: TenantUsage[]; servers: ServerUsage[] } {
  const tenants = new Map<string, TenantUsage>();
  const servers: ServerUsage[] = [];
  for (const i of instances) {
    if (i.launched_at === null) continue;
    const hours = hoursIn(i, start, stop);
    const started = isoMicros(i.launched_at);
    const ended = i.terminated_at === null ? null : isoMicros(i.terminated_at);
    const usage: ServerUsage = {
      instance_id: i.uuid,
      name: i.name,
      tenant_id: i.project_id,
      flavor: i.flavor.name,
      hours,
      memory_mb: i.flavor.memory_mb,
      local_gb: i.flavor.root_gb + i.flavor.ephemeral_gb,
      vcpus: i.flavor.vcpus,
      started_at: i.launched_at,
      ended_at: i.terminated_at,
      state: ended !== null ? "terminated" : i.vm_state,
      uptime: Math.trunc(((ended ?? now) - started) / 1_000_000),
    };
    let tenant = tenants.get(i.project_id);
    if (!tenant) {
      tenant = {
        tenant_id: i.project_id,
        start,
        stop,
        total_hours: 0,
        total_vcpus_usage: 0,
        total_memory_mb_usage: 0,
        total_local_gb_usage: 0,
        server_usages: [],
      };
      tenants.set(i.project_id, tenant);
    }
    tenant.total_local_gb_usage += usage.local_gb * hours;
    tenant.total_vcpus_usage += usage.vcpus * hours;
    tenant.total_memory_mb_usage += usage.memory_mb * hours;
    tenant.total_hours += hours;
    tenant.server_usages.push(usage);
    servers.push(usage);
  }
  return { tenants: [...tenants.values()], servers };
}
