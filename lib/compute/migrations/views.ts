/**
 * `os-migrations` bodies (Nova's `MigrationsController._output`): a migration's fields in the
 * order of Nova's samples; `migration_type` from 2.23 (with `self`/`bookmark` links to the
 * server migration for a live migration in progress), `uuid` from 2.59, `user_id` and
 * `project_id` from 2.80. Callers the `index:host` policy does not allow see every host field
 * null. Hidden migrations are left out.
 *
 * `dest_host` is the destination compute's IP address, which Nova's resource tracker records
 * when the destination claims the move. The simulated hosts all run in this process, so a
 * migration whose destination claimed shows `[DEFAULT] my_ip`, as Nova's fake driver reports
 * it; before the claim (or when none was made) it is null.
 *
 * @module
 */
import type { MigrationRecord } from "../../instances/mod.ts";
import { LIVE_IN_PROGRESS } from "../../instances/mod.ts";
import type { Link } from "../collection.ts";
import type { LinkBases } from "../route.ts";
import { novaTimestamp, novaTimestampOrNull } from "../timestamps.ts";

/** What a listing shows, per caller and microversion. */
export interface MigrationViewOptions {
  /** 2.23: `migration_type` and links. */
  typeAndLinks: boolean;
  /** 2.59: `uuid`. */
  uuid: boolean;
  /** 2.80: `user_id` and `project_id`. */
  userProject: boolean;
  /** The `index:host` policy allows the host fields. */
  hosts: boolean;
  /** `[DEFAULT] my_ip`: the simulated destination's address. */
  myIp: string;
  links: LinkBases;
}

/** The destination's address as Nova would have recorded it (see the module doc). */
export function destHost(m: MigrationRecord, myIp: string): string | null {
  if (m.dest_host !== null) return m.dest_host;
  if (m.dest_node !== null) return myIp;
  return m.dest_compute !== null && !["accepted", "error", "failed"].includes(m.status)
    ? myIp
    : null;
}

/** `self` and `bookmark` links to a server migration. */
export function serverMigrationLinks(m: MigrationRecord, links: LinkBases): Link[] {
  const path = `/servers/${m.instance_uuid}/migrations/${m.id}`;
  return [
    { rel: "self", href: `${links.self}${path}` },
    { rel: "bookmark", href: `${links.bookmark}${path}` },
  ];
}

/**
 * One migration as `GET /os-migrations` shows it.
 *
 * @example
 * ```ts
 * migrationView(record, options).status; // "running"
 * ```
 */
export function migrationView(
  m: MigrationRecord,
  o: MigrationViewOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    created_at: novaTimestamp(m.created_at),
    dest_compute: o.hosts ? m.dest_compute : null,
    dest_host: o.hosts ? destHost(m, o.myIp) : null,
    dest_node: o.hosts ? m.dest_node : null,
    id: m.id,
    instance_uuid: m.instance_uuid,
  };
  if (
    o.typeAndLinks && m.migration_type === "live-migration" && LIVE_IN_PROGRESS.includes(m.status)
  ) {
    out.links = serverMigrationLinks(m, o.links);
  }
  Object.assign(out, {
    new_instance_type_id: m.new_instance_type_id,
    old_instance_type_id: m.old_instance_type_id,
    source_compute: o.hosts ? m.source_compute : null,
    source_node: o.hosts ? m.source_node : null,
    status: m.status,
  });
  if (o.typeAndLinks) out.migration_type = m.migration_type;
  out.updated_at = novaTimestampOrNull(m.updated_at);
  if (o.uuid) out.uuid = m.uuid;
  if (o.userProject) {
    out.user_id = m.user_id;
    out.project_id = m.project_id;
  }
  return out;
}

/** The listing's migrations, hidden ones left out. */
export function migrationsView(
  records: readonly MigrationRecord[],
  o: MigrationViewOptions,
): Record<string, unknown>[] {
  return records.filter((m) => !m.hidden).map((m) => migrationView(m, o));
}
