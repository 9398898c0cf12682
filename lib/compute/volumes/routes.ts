/**
 * Nova's volume and snapshot proxies up to 2.35 (`VolumeController` and `SnapshotController`):
 * `os-volumes` and `os-snapshots` list, detail, show, create and delete, read and written through
 * the same volume domain as the Cinder subset (`lib/volumes`), in Nova's views. Lists are the
 * caller's project's, newest first as Cinder answers, cut by `offset` and `limit`. Cinder's 400s
 * come back as Nova's `InvalidInput` ("Invalid input received: ..."); past 2.35 the routes are
 * capped (`../capped/routes.ts`).
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { PROXY_CEILING } from "../capped/routes.ts";
import { lastParam } from "../collection.ts";
import { empty, json } from "../../http/respond.ts";
import { NovaFault } from "../../http/fault.ts";
import { DomainError } from "../../errors/mod.ts";
import {
  createSnapshot,
  createVolume,
  deleteSnapshot,
  deleteVolume,
  findSnapshot,
  findVolume,
  listSnapshotsOf,
  listVolumesOf,
  type VolumeActor,
} from "../../volumes/mod.ts";
import * as schema from "./schemas.ts";
import { novaSnapshotView, novaVolumeView } from "./views.ts";
import {
  DELETE_RESPONSE,
  LIST_SNAPSHOTS_RESPONSE,
  LIST_VOLUMES_RESPONSE,
  SHOW_SNAPSHOT_RESPONSE,
  SHOW_VOLUME_RESPONSE,
} from "./response_schemas.ts";

const VOLUMES = (action: string) => `os_compute_api:os-volumes:${action}`;
const SNAPSHOTS = (action: string) => `os_compute_api:os-volumes:snapshots:${action}`;
const OWN_PROJECT = (req: ApiRequest) => ({ project_id: req.context.projectId });

/** The caller as the volume domain sees it: Nova asks Cinder with the caller's own token. */
function actor(req: ApiRequest): VolumeActor {
  const ctx = req.context;
  return { projectId: ctx.projectId, userId: ctx.userId, isAdmin: ctx.isAdmin };
}

/**
 * Run a call to the block storage service as Nova's cinder wrapper does: its 400s become Nova's
 * `InvalidInput` carrying cinderclient's text; not-found errors pass as they are.
 */
async function viaCinder<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof DomainError && e.kind === "invalid") {
      throw new NovaFault(
        400,
        `Invalid input received: ${e.message} (HTTP 400) (Request-ID: req-${crypto.randomUUID()})`,
      );
    }
    throw e;
  }
}

/** Nova's `common.limited`: `offset`, then at most `limit` (0 or absent: `[api] max_limit`). */
function limited<T>(items: T[], req: ApiRequest): T[] {
  const number = (name: string): number | null => {
    const text = lastParam(req.query, name);
    return text === null ? null : Number(text);
  };
  const offset = number("offset") ?? 0;
  const max = req.runtime.config.get<number>("api", "max_limit");
  const limit = Math.min(number("limit") || max, max);
  return items.slice(offset, offset + limit);
}

async function listVolumes(req: ApiRequest): Promise<Response> {
  const volumes = (await listVolumesOf(req.runtime.kv, actor(req))).reverse();
  return json({ volumes: limited(volumes, req).map((v) => novaVolumeView(v)) });
}

async function listSnapshots(req: ApiRequest): Promise<Response> {
  const snapshots = (await listSnapshotsOf(req.runtime.kv, actor(req))).reverse();
  return json({ snapshots: limited(snapshots, req).map((s) => novaSnapshotView(s)) });
}

interface CreateVolumeBody {
  volume: {
    size: number | string;
    volume_type?: string;
    metadata?: Record<string, unknown>;
    snapshot_id?: string;
    availability_zone?: string;
    display_name?: string;
    display_description?: string;
  };
}

/** `POST /os-volumes`: 200 with the new volume (Cinder's `creating`) and its `Location`. */
async function createVolumeCall(req: ApiRequest): Promise<Response> {
  const sent = (req.body as CreateVolumeBody).volume;
  const kv = req.runtime.kv;
  const who = actor(req);
  if (sent.snapshot_id !== undefined) await findSnapshot(kv, sent.snapshot_id, who);
  const metadata = sent.metadata ?? null;
  if (metadata !== null && Object.values(metadata).some((v) => typeof v !== "string")) {
    // Nova passes the metadata on; Cinder's schema takes string values only.
    throw new NovaFault(
      400,
      `Invalid input received: Invalid input for field/attribute metadata. (HTTP 400) ` +
        `(Request-ID: req-${crypto.randomUUID()})`,
    );
  }
  const record = await viaCinder(() =>
    createVolume(kv, who, {
      size: Number(sent.size),
      name: sent.display_name ?? null,
      description: sent.display_description ?? null,
      volumeType: sent.volume_type ?? null,
      availabilityZone: sent.availability_zone ?? null,
      metadata: metadata as Record<string, string> | null,
      snapshotId: sent.snapshot_id ?? null,
    }, req.runtime.instances.clock())
  );
  return json({ volume: novaVolumeView(record, "creating") }, 200, {
    Location: `${req.links.self}/os-volumes/${record.id}`,
  });
}

interface CreateSnapshotBody {
  snapshot: {
    volume_id: string;
    force?: boolean | string;
    display_name?: string;
    display_description?: string;
  };
}

const TRUE_WORDS = ["1", "t", "true", "on", "y", "yes"];

/** `POST /os-snapshots`: 200 with the new snapshot (Cinder's `creating`). */
async function createSnapshotCall(req: ApiRequest): Promise<Response> {
  const sent = (req.body as CreateSnapshotBody).snapshot;
  const force = sent.force === true ||
    (typeof sent.force === "string" && TRUE_WORDS.includes(sent.force.toLowerCase()));
  const record = await viaCinder(() =>
    createSnapshot(req.runtime.kv, actor(req), {
      volumeId: sent.volume_id,
      name: sent.display_name ?? null,
      description: sent.display_description ?? null,
      force,
    }, req.runtime.instances.clock())
  );
  return json({ snapshot: novaSnapshotView(record, "creating") });
}

/** The os-volumes and os-snapshots rows (2.1-2.35). */
export const VOLUME_PROXY_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-volumes",
    response: LIST_VOLUMES_RESPONSE,
    max: PROXY_CEILING,
    query: schema.indexQuery,
    policy: { rule: VOLUMES("list"), target: OWN_PROJECT },
    handler: listVolumes,
  },
  {
    method: "POST",
    path: "/os-volumes",
    response: SHOW_VOLUME_RESPONSE,
    max: PROXY_CEILING,
    body: schema.createVolume,
    policy: { rule: VOLUMES("create"), target: OWN_PROJECT },
    handler: createVolumeCall,
  },
  {
    method: "GET",
    path: "/os-volumes/detail",
    response: LIST_VOLUMES_RESPONSE,
    max: PROXY_CEILING,
    query: schema.indexQuery,
    policy: { rule: VOLUMES("detail"), target: OWN_PROJECT },
    handler: listVolumes,
  },
  {
    method: "GET",
    path: "/os-volumes/{id}",
    response: SHOW_VOLUME_RESPONSE,
    max: PROXY_CEILING,
    query: schema.showQuery,
    policy: { rule: VOLUMES("show"), target: OWN_PROJECT },
    handler: async (req) =>
      json({ volume: novaVolumeView(await findVolume(req.runtime.kv, req.params.id, actor(req))) }),
  },
  {
    method: "DELETE",
    path: "/os-volumes/{id}",
    response: DELETE_RESPONSE,
    max: PROXY_CEILING,
    policy: { rule: VOLUMES("delete"), target: OWN_PROJECT },
    handler: async (req) => {
      await viaCinder(() => deleteVolume(req.runtime.kv, req.params.id, actor(req)));
      return empty(202);
    },
  },
  {
    method: "GET",
    path: "/os-snapshots",
    response: LIST_SNAPSHOTS_RESPONSE,
    max: PROXY_CEILING,
    query: schema.indexQuery,
    policy: { rule: SNAPSHOTS("list"), target: OWN_PROJECT },
    handler: listSnapshots,
  },
  {
    method: "POST",
    path: "/os-snapshots",
    response: SHOW_SNAPSHOT_RESPONSE,
    max: PROXY_CEILING,
    body: schema.createSnapshot,
    policy: { rule: SNAPSHOTS("create"), target: OWN_PROJECT },
    handler: createSnapshotCall,
  },
  {
    method: "GET",
    path: "/os-snapshots/detail",
    response: LIST_SNAPSHOTS_RESPONSE,
    max: PROXY_CEILING,
    query: schema.indexQuery,
    policy: { rule: SNAPSHOTS("detail"), target: OWN_PROJECT },
    handler: listSnapshots,
  },
  {
    method: "GET",
    path: "/os-snapshots/{id}",
    response: SHOW_SNAPSHOT_RESPONSE,
    max: PROXY_CEILING,
    query: schema.showQuery,
    policy: { rule: SNAPSHOTS("show"), target: OWN_PROJECT },
    handler: async (req) =>
      json({
        snapshot: novaSnapshotView(await findSnapshot(req.runtime.kv, req.params.id, actor(req))),
      }),
  },
  {
    method: "DELETE",
    path: "/os-snapshots/{id}",
    response: DELETE_RESPONSE,
    max: PROXY_CEILING,
    policy: { rule: SNAPSHOTS("delete"), target: OWN_PROJECT },
    handler: async (req) => {
      await deleteSnapshot(req.runtime.kv, req.params.id, actor(req));
      return empty(202);
    },
  },
];
