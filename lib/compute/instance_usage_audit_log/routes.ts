/**
 * `/os-instance_usage_audit_log` (Nova's `InstanceUsageAuditLogController`, admin only): which
 * compute hosts ran their usage audit for the period last completed before now, or before the
 * time in the path (`%Y-%m-%d %H:%M:%S`, with `.%f` when it has a dot). The simulated hosts run
 * no audit task, so every compute service is reported as not run (`lib/virt/usage_audit.ts`).
 * Unknown query parameters are dropped up to 2.101 and refused from 2.102.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import { pyDatetimeStr, pyStrptime } from "../../validation/strptime.ts";
import type { SchemaObject } from "../../validation/mod.ts";
import {
  AuditPeriodOutOfRange,
  type UsageAuditReport,
  usageAuditReport,
} from "../../virt/usage_audit.ts";
import type { ApiRequest, Route, VersionedSchema } from "../route.ts";
import { LIST_AUDIT_LOG_RESPONSE, SHOW_AUDIT_LOG_RESPONSE } from "./response_schemas.ts";

const POLICY = (name: string) => `os_compute_api:os-instance-usage-audit-log:${name}`;
const ADMIN_TARGET = () => ({});

const QUERY: VersionedSchema = [
  ["2.102", { type: "object", properties: {}, additionalProperties: false } as SchemaObject],
  ["2.1", { type: "object", properties: {}, additionalProperties: true } as SchemaObject],
];

/** The report as Nova's controller returns it (period bounds as Python's `str()`). */
function view(r: UsageAuditReport): Record<string, unknown> {
  return {
    hosts_not_run: r.hosts_not_run,
    log: r.log,
    num_hosts: r.num_hosts,
    num_hosts_done: r.num_hosts_done,
    num_hosts_not_run: r.num_hosts_not_run,
    num_hosts_running: r.num_hosts_running,
    overall_status: r.overall_status,
    period_beginning: pyDatetimeStr(r.begin * 1000),
    period_ending: pyDatetimeStr(r.end * 1000),
    total_errors: r.total_errors,
    total_instances: r.total_instances,
  };
}

function reportBefore(req: ApiRequest, before: number): Promise<UsageAuditReport> {
  const { runtime } = req;
  return usageAuditReport(runtime.kv, runtime.instances.hosts, runtime.config, before);
}

/** `GET /os-instance_usage_audit_log`. */
async function index(req: ApiRequest): Promise<Response> {
  const now = req.runtime.instances.clock().getTime() * 1000;
  return json({ instance_usage_audit_logs: view(await reportBefore(req, now)) });
}

/** `GET /os-instance_usage_audit_log/{before_timestamp}`. */
async function show(req: ApiRequest): Promise<Response> {
  const id = req.params.before_timestamp;
  const format = id.includes(".") ? "%Y-%m-%d %H:%M:%S.%f" : "%Y-%m-%d %H:%M:%S";
  const before = pyStrptime(id, format);
  const invalid = () => new NovaFault(400, `Invalid timestamp for date ${id}`);
  if (before === null) throw invalid();
  try {
    return json({ instance_usage_audit_log: view(await reportBefore(req, before)) });
  } catch (e) {
    // A time so early that its previous period has no date (Nova fails there with a 500).
    if (e instanceof AuditPeriodOutOfRange) throw invalid();
    throw e;
  }
}

/** The `os-instance_usage_audit_log` route rows. */
export const INSTANCE_USAGE_AUDIT_LOG_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-instance_usage_audit_log",
    query: QUERY,
    policy: { rule: POLICY("list"), target: ADMIN_TARGET },
    response: LIST_AUDIT_LOG_RESPONSE,
    handler: index,
  },
  {
    method: "GET",
    path: "/os-instance_usage_audit_log/{before_timestamp}",
    query: QUERY,
    policy: { rule: POLICY("show"), target: ADMIN_TARGET },
    response: SHOW_AUDIT_LOG_RESPONSE,
    handler: show,
  },
];
