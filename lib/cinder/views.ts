/**
 * Cinder's JSON views of volumes, snapshots and volume types (`cinder/api/v3/views`): pure
 * functions of a record, the microversion, the caller's adminness and the link bases.
 *
 * @module
 */
import type { SnapshotRecord, VolumeRecord } from "../store/volumes.ts";
import { DEFAULT_VOLUME_TYPE, findVolumeType, type VolumeType } from "../volumes/types.ts";
import { cinderTime } from "../volumes/time.ts";
import { atLeast, type VolumeVersion } from "./versions.ts";

/** The backend every volume lives on (`os-vol-host-attr:host`, admins only). */
export const VOLUME_HOST = "nova-deno@simulated#simulated";

/** Where links point: `<mount>/v3/<project>` and the unversioned `<mount>/<project>`. */
export interface CinderLinks {
  self: string;
  bookmark: string;
}

/** What a view needs to know about the request. */
export interface ViewContext {
  version: VolumeVersion;
  isAdmin: boolean;
  links: CinderLinks;
}

function links(ctx: ViewContext, collection: string, id: string) {
  return [
    { href: `${ctx.links.self}/${collection}/${id}`, rel: "self" },
    { href: `${ctx.links.bookmark}/${collection}/${id}`, rel: "bookmark" },
  ];
}

/** The list view of a volume: id, name and links. */
export function volumeSummary(volume: VolumeRecord, ctx: ViewContext): Record<string, unknown> {
  return { id: volume.id, links: links(ctx, "volumes", volume.id), name: volume.name };
}

/** Cinder's attachment entries of a volume. */
export function volumeAttachments(volume: VolumeRecord): Record<string, unknown>[] {
  return volume.attachments.map((a) => ({
    server_id: a.server_id,
    attachment_id: a.attachment_id,
    attached_at: cinderTime(a.attached_at),
    host_name: a.host_name,
    volume_id: volume.id,
    device: a.device,
    id: volume.id,
  }));
}

/**
 * The detail view of a volume (`status` may be overridden, as a create answers `creating`).
 * Cinder's show and detail list add the extensions' attributes (`os-vol-tenant-attr:*`,
 * `os-vol-host-attr:host`, `os-vol-mig-status-attr:*`, `volume_image_metadata`); its create and
 * update answers do not (`extended = false`).
 */
export function volumeDetail(
  volume: VolumeRecord,
  ctx: ViewContext,
  status: string = volume.status,
  extended = true,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: volume.id,
    status,
    size: volume.size,
    availability_zone: volume.availability_zone,
    created_at: cinderTime(volume.created_at),
    updated_at: cinderTime(volume.updated_at),
    attachments: volumeAttachments(volume),
    name: volume.name,
    description: volume.description,
    volume_type: volume.volume_type,
    snapshot_id: volume.snapshot_id,
    source_volid: volume.source_volid,
    metadata: { ...volume.metadata },
    links: links(ctx, "volumes", volume.id),
    user_id: volume.user_id,
    bootable: volume.bootable ? "true" : "false",
    encrypted: false,
    replication_status: null,
    consistencygroup_id: null,
    multiattach: volume.multiattach,
    migration_status: null,
  };
  if (extended) {
    view["os-vol-tenant-attr:tenant_id"] = volume.project_id;
    if (ctx.isAdmin) {
      view["os-vol-host-attr:host"] = VOLUME_HOST;
      view["os-vol-mig-status-attr:migstat"] = null;
      view["os-vol-mig-status-attr:name_id"] = null;
    }
    if (volume.image_id !== null) view.volume_image_metadata = { image_id: volume.image_id };
  }
  const v = ctx.version;
  if (atLeast(v, "3.13")) view.group_id = null;
  if (atLeast(v, "3.21")) view.provider_id = null;
  if (atLeast(v, "3.48")) {
    view.shared_targets = false;
    view.service_uuid = "c0a1d2e3-f405-4617-8829-3a4b5c6d7e80";
  }
  if (atLeast(v, "3.61") && ctx.isAdmin) view.cluster_name = null;
  if (atLeast(v, "3.63")) {
    view.volume_type_id = (findVolumeType(volume.volume_type) ?? DEFAULT_VOLUME_TYPE).id;
  }
  if (atLeast(v, "3.65")) view.consumes_quota = true;
  return view;
}

/** The view of a snapshot (the list and detail views differ only in the extended attributes). */
export function snapshotView(
  snapshot: SnapshotRecord,
  ctx: ViewContext,
  detail: boolean,
  status: string = snapshot.status,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: snapshot.id,
    created_at: cinderTime(snapshot.created_at),
    updated_at: cinderTime(snapshot.updated_at),
    name: snapshot.name,
    description: snapshot.description,
    volume_id: snapshot.volume_id,
    status,
    size: snapshot.size,
    metadata: { ...snapshot.metadata },
  };
  if (detail) {
    view["os-extended-snapshot-attributes:progress"] = status === "available" ? "100%" : "0%";
    view["os-extended-snapshot-attributes:project_id"] = snapshot.project_id;
  }
  const v = ctx.version;
  if (atLeast(v, "3.14")) view.group_snapshot_id = null;
  if (atLeast(v, "3.41")) view.user_id = snapshot.user_id;
  if (atLeast(v, "3.65")) view.consumes_quota = true;
  return view;
}

/** The view of a volume type (extra specs for admins only, as Cinder's default policy). */
export function volumeTypeView(type: VolumeType, isAdmin: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: type.id,
    name: type.name,
    description: type.description,
    is_public: type.is_public,
    "os-volume-type-access:is_public": type.is_public,
    qos_specs_id: type.qos_specs_id,
  };
  if (isAdmin) view.extra_specs = { ...type.extra_specs };
  return view;
}
