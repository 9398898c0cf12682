/**
 * The aggregate view (Nova's `_marshall_aggregate`): every field of the aggregate object, the
 * soft-delete pair always `false`/null, `availability_zone` from the metadata, and `uuid` from
 * 2.41; create leaves out `hosts` and `metadata`.
 *
 * @module
 */
import type { ApiVersion } from "../api_version.ts";
import type { AggregateRecord } from "../../virt/aggregates.ts";
import { novaTimestamp, novaTimestampOrNull } from "../timestamps.ts";

/** One aggregate as the API shows it; `full` false for the create response. */
export function aggregateView(
  record: AggregateRecord,
  version: ApiVersion,
  full = true,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    availability_zone: record.metadata.availability_zone ?? null,
    created_at: novaTimestamp(record.created_at),
    deleted: false,
    deleted_at: null,
  };
  if (full) view.hosts = [...record.hosts];
  view.id = record.id;
  if (full) view.metadata = { ...record.metadata };
  view.name = record.name;
  view.updated_at = novaTimestampOrNull(record.updated_at);
  if (version.atLeast("2.41")) view.uuid = record.uuid;
  return view;
}
