/**
 * The instance usage audit log (Nova's `os-instance_usage_audit_log`): for the audit period most
 * recently completed before a time (`[DEFAULT] instance_usage_audit_period`), which compute hosts
 * ran their usage audit. The simulated hosts run no periodic audit task, so there are no task log
 * rows: every compute service nobody deleted (disabled ones too, as Nova counts them) has not run.
 *
 * @module
 */
import { COMPUTE_BINARY, listServices, type ServiceOptions } from "./service_list.ts";
import type { HostSpec } from "./types.ts";

/** What one host's audit task logged (none here; the shape Nova returns). */
export interface AuditTaskLog {
  state: "RUNNING" | "DONE";
  instances: number;
  errors: number;
  message: string;
}

/** The audit report of one period. */
export interface UsageAuditReport {
  /** The period, milliseconds since the epoch (whole seconds). */
  begin: number;
  end: number;
  num_hosts: number;
  num_hosts_done: number;
  num_hosts_running: number;
  num_hosts_not_run: number;
  hosts_not_run: string[];
  total_instances: number;
  total_errors: number;
  overall_status: string;
  log: Record<string, AuditTaskLog>;
}

/** An audit period setting that cannot be computed for the time asked about. */
export class AuditPeriodOutOfRange extends RangeError {}

function utc(year: number, month: number, day: number, hour = 0): number {
  // Python's datetime() refuses what does not exist rather than rolling over.
  if (year < 1 || year > 9999 || month < 1 || month > 12) throw new AuditPeriodOutOfRange();
  const days = new Date(0);
  days.setUTCFullYear(year, month, 0);
  if (day < 1 || day > days.getUTCDate() || hour > 23) throw new AuditPeriodOutOfRange();
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(hour, 0, 0, 0);
  return at.getTime();
}

/**
 * Nova's `last_completed_audit_period`: the period (`hour`, `day`, `month` or `year`, optionally
 * `@offset`) most recently completed before `before` (microseconds since the epoch), as
 * [begin, end) in milliseconds.
 * Throws {@link AuditPeriodOutOfRange} where Python's datetime would refuse a date.
 *
 * @example
 * ```ts
 * lastCompletedAuditPeriod("month", Date.UTC(2012, 6, 15) * 1000); // [Date.UTC(2012, 5, 1), Date.UTC(2012, 6, 1)]
 * ```
 */
export function lastCompletedAuditPeriod(unit: string, beforeMicros: number): [number, number] {
  const [name, offsetText] = unit.split("@", 2);
  let offset = offsetText === undefined ? 0 : Number(offsetText);
  // Compare in ms, a time with microseconds past a whole millisecond being after it.
  const before = beforeMicros / 1000;
  const now = new Date(Math.floor(before));
  const y = now.getUTCFullYear(), mo = now.getUTCMonth() + 1;
  const prevMonth = (year: number, month: number): [number, number] =>
    month <= 1 ? [year - 1, 12 + (month - 1)] : [year, month - 1];
  if (name === "month") {
    if (offset === 0) offset = 1;
    let end = utc(y, mo, offset);
    let endY = y, endM = mo;
    if (end >= before) {
      [endY, endM] = prevMonth(y, mo);
      end = utc(endY, endM, offset);
    }
    const [bY, bM] = prevMonth(endY, endM);
    return [utc(bY, bM, offset), end];
  }
  if (name === "year") {
    if (offset === 0) offset = 1;
    const end = utc(y, offset, 1);
    if (end >= before) return [utc(y - 2, offset, 1), utc(y - 1, offset, 1)];
    return [utc(y - 1, offset, 1), end];
  }
  if (name === "day") {
    let end = utc(y, mo, now.getUTCDate(), offset);
    if (end >= before) end -= 86_400_000;
    return [end - 86_400_000, end];
  }
  // hour: `offset` is the minute the period starts at.
  if (offset > 59) throw new AuditPeriodOutOfRange();
  const start = new Date(Math.floor(before));
  start.setUTCMinutes(offset, 0, 0);
  let end = start.getTime();
  if (end >= before) end -= 3_600_000;
  return [end - 3_600_000, end];
}

/**
 * The audit report for the period last completed before `before` (microseconds): the compute hosts (their
 * services, disabled included, deleted excluded, in configuration order), none of which ran.
 *
 * @example
 * ```ts
 * const report = await usageAuditReport(kv, hosts, config, Date.now() * 1000);
 * report.overall_status; // "0 of 2 hosts done. 0 errors."
 * ```
 */
export async function usageAuditReport(
  kv: Deno.Kv,
  hosts: readonly HostSpec[],
  options: ServiceOptions,
  before: number,
): Promise<UsageAuditReport> {
  const unit = options.get<string>("DEFAULT", "instance_usage_audit_period");
  const [begin, end] = lastCompletedAuditPeriod(unit, before);
  const services = await listServices(kv, hosts, options);
  const computeHosts = [
    ...new Set(services.filter((s) => s.binary === COMPUTE_BINARY).map((s) => s.host)),
  ];
  // No task log rows: nothing done, nothing running, every host missing.
  const done = 0;
  const status = done === computeHosts.length ? "ALL" : `${done} of ${computeHosts.length}`;
  return {
    begin,
    end,
    num_hosts: computeHosts.length,
    num_hosts_done: done,
    num_hosts_running: 0,
    num_hosts_not_run: computeHosts.length,
    hosts_not_run: computeHosts,
    total_instances: 0,
    total_errors: 0,
    overall_status: `${status} hosts done. 0 errors.`,
    log: {},
  };
}
