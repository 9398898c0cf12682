/**
 * Server migration bodies (Nova's `server_migrations.output`): an in-progress live migration
 * with its memory and disk progress in bytes, `uuid` from 2.59, `user_id` and `project_id` from
 * 2.80. The host fields are always present, null for callers the `index:host` policy does not
 * allow. `dest_host` as in `../migrations/views.ts`.
 *
 * @module
 */
import type { MigrationRecord } from "../../instances/mod.ts";
import { novaTimestamp, novaTimestampOrNull } from "../timestamps.ts";
import { destHost } from "../migrations/views.ts";

/** What a server migration shows, per caller and microversion. */
export interface ServerMigrationViewOptions {
  /** 2.59. */
  uuid: boolean;
  /** 2.80. */
  userProject: boolean;
  /** Show the host fields (else null). */
  hosts: boolean;
  /** `[DEFAULT] my_ip`. */
  myIp: string;
}

/**
 * One server migration.
 *
 * @example
 * ```ts
 * serverMigrationView(record, options).server_uuid; // the instance's uuid
 * ```
 */
export function serverMigrationView(
  m: MigrationRecord,
  o: ServerMigrationViewOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    created_at: novaTimestamp(m.created_at),
    dest_compute: o.hosts ? m.dest_compute : null,
    dest_host: o.hosts ? destHost(m, o.myIp) : null,
    dest_node: o.hosts ? m.dest_node : null,
    disk_processed_bytes: m.disk_processed,
    disk_remaining_bytes: m.disk_remaining,
    disk_total_bytes: m.disk_total,
    id: m.id,
    memory_processed_bytes: m.memory_processed,
    memory_remaining_bytes: m.memory_remaining,
    memory_total_bytes: m.memory_total,
    server_uuid: m.instance_uuid,
    source_compute: o.hosts ? m.source_compute : null,
    source_node: o.hosts ? m.source_node : null,
    status: m.status,
    updated_at: novaTimestampOrNull(m.updated_at),
  };
  if (o.uuid) out.uuid = m.uuid;
  if (o.userProject) {
    out.user_id = m.user_id;
    out.project_id = m.project_id;
  }
  return out;
}
