/**
 * Views of `/os-simple-tenant-usage` (Nova's `SimpleTenantUsageController` results as its JSON
 * serializer writes them): hours and totals as Python floats, times as naive datetimes with six
 * fractional digits, server usages only in detailed reports.
 *
 * @module
 */
import { pyFloat } from "../../http/pyfloat.ts";
import type { ServerUsage, TenantUsage } from "../../instances/usage.ts";
import { pyDatetimeStr } from "../../validation/strptime.ts";
import { novaTimestamp, novaTimestampOrNull } from "../timestamps.ts";

/** A period bound (microseconds since the epoch) as Nova writes a naive datetime. */
function periodTime(micros: number): string {
  const text = pyDatetimeStr(micros, "T");
  return text.includes(".") ? text : `${text}.000000`;
}

/** One server's usage. */
export function serverUsageView(u: ServerUsage): Record<string, unknown> {
  return {
    ended_at: novaTimestampOrNull(u.ended_at),
    flavor: u.flavor,
    hours: pyFloat(u.hours),
    instance_id: u.instance_id,
    local_gb: u.local_gb,
    memory_mb: u.memory_mb,
    name: u.name,
    started_at: novaTimestamp(u.started_at),
    state: u.state,
    tenant_id: u.tenant_id,
    uptime: u.uptime,
    vcpus: u.vcpus,
  };
}

/** One project's usage, with its servers' when `detailed`. */
export function tenantUsageView(t: TenantUsage, detailed: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    start: periodTime(t.start),
    stop: periodTime(t.stop),
    tenant_id: t.tenant_id,
    total_hours: pyFloat(t.total_hours),
    total_local_gb_usage: pyFloat(t.total_local_gb_usage),
    total_memory_mb_usage: pyFloat(t.total_memory_mb_usage),
    total_vcpus_usage: pyFloat(t.total_vcpus_usage),
  };
  if (detailed) view.server_usages = t.server_usages.map(serverUsageView);
  return view;
}
