/**
 * Response schemas of `/os-instance_usage_audit_log` (Nova's `*_response` in
 * `schemas/instance_usage_audit_log.py`).
 *
 * @module
 */
import { dateTime, object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const COUNT: SchemaObject = { type: "integer", minimum: 0 };
const AUDIT = object({
  hosts_not_run: { type: "array", items: { type: "string", format: "uuid" } },
  log: {
    type: "object",
    additionalProperties: {
      type: "object",
      properties: {
        instances: COUNT,
        errors: COUNT,
        message: { type: "string" },
        state: { type: "string", enum: ["RUNNING", "DONE"] },
      },
      additionalProperties: false,
    },
  },
  num_hosts: COUNT,
  num_hosts_done: COUNT,
  num_hosts_not_run: COUNT,
  num_hosts_running: COUNT,
  overall_status: { type: "string" },
  period_beginning: dateTime,
  period_ending: dateTime,
  total_errors: COUNT,
  total_instances: COUNT,
});

/** `GET /os-instance_usage_audit_log`. */
export const LIST_AUDIT_LOG_RESPONSE: SchemaObject = wrap("instance_usage_audit_logs", AUDIT);
/** `GET /os-instance_usage_audit_log/{before_timestamp}`. */
export const SHOW_AUDIT_LOG_RESPONSE: SchemaObject = wrap("instance_usage_audit_log", AUDIT);
