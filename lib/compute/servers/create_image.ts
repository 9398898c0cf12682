/**
 * The `createImage` and `createBackup` actions of `POST /servers/{id}/action` (Nova's
 * `ServersController._create_image` and `CreateBackupController`): each adds an image of the
 * server to the image service (queued until the simulated upload ends) and answers 202: before
 * 2.45 with no body and a `Location` header (createImage: the image service's URL of the image;
 * createBackup: the compute API's `images/{id}`, only when the rotation is above 0), from 2.45
 * with `{"image_id": ...}` and no header. Before 2.39 the image metadata is held against the
 * caller's `metadata_items` limit (403 "Image metadata limit exceeded").
 *
 * @module
 */
import { empty, json } from "../../http/respond.ts";
import { environ } from "../../http/environ.ts";
import { NovaFault } from "../../http/fault.ts";
import { findImage } from "../../images/stored.ts";
import {
  type ActionActor,
  backupServer,
  type Instance,
  isVolumeBacked,
  snapshotServer,
} from "../../instances/mod.ts";
import { OverQuota, quotaReader } from "../../quota/mod.ts";
import { metadata, name, nonNegativeInteger } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer, P } from "./handlers.ts";
import { CREATE_IMAGE_RESPONSE } from "./response_schemas.ts";
import { CREATE_BACKUP_RESPONSE } from "./action_response_schemas.ts";

/** `createImage`: a `name` and optional image `metadata`. */
export const CREATE_IMAGE: SchemaObject = {
  type: "object",
  properties: {
    createImage: {
      type: "object",
      properties: { name, metadata },
      required: ["name"],
      additionalProperties: false,
    },
  },
  required: ["createImage"],
  additionalProperties: false,
};

/** `createBackup`: a `name`, a `backup_type`, a `rotation` of 0 or more and optional metadata. */
export const CREATE_BACKUP: SchemaObject = {
  type: "object",
  properties: {
    createBackup: {
      type: "object",
      properties: {
        name,
        backup_type: { type: "string" },
        rotation: nonNegativeInteger,
        metadata,
      },
      required: ["name", "backup_type", "rotation"],
      additionalProperties: false,
    },
  },
  required: ["createBackup"],
  additionalProperties: false,
};

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

/** Nova's `check_img_metadata_properties_quota` (before 2.39). */
async function checkImageMetadataQuota(
  req: ApiRequest,
  meta: Record<string, string>,
): Promise<void> {
  const count = Object.keys(meta).length;
  if (req.version.atLeast("2.39") || count === 0) return;
  try {
    await req.runtime.instances.quota.check(quotaReader(req.runtime.kv), {
      projectId: req.context.projectId ?? "",
      userId: req.context.userId ?? "",
      values: { metadata_items: count },
    });
  } catch (e) {
    if (e instanceof OverQuota) throw new NovaFault(403, "Image metadata limit exceeded");
    throw e;
  }
}

async function baseImage(req: ApiRequest, instance: Instance) {
  if (!instance.image_ref) return null;
  return await findImage(
    req.runtime.kv,
    req.runtime.images,
    instance.image_ref,
    req.runtime.instances.clock(),
  );
}

/** `createImage`: policy target the server's project (and `allow_volume_backed` for one). */
export async function createImage(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  const target = { project_id: instance.project_id };
  req.runtime.authorize(P("create_image"), req.context, target);
  const entity = (req.body as { createImage: { name: string; metadata?: Record<string, string> } })
    .createImage;
  const meta = entity.metadata ?? {};
  await checkImageMetadataQuota(req, meta);
  if (isVolumeBacked(instance)) {
    req.runtime.authorize(P("create_image:allow_volume_backed"), req.context, target);
  }
  const { image } = await snapshotServer(
    req.runtime.kv,
    instance.uuid,
    actorOf(req),
    req.runtime.instances,
    { name: entity.name.trim(), metadata: meta, baseImage: await baseImage(req, instance) },
  );
  if (req.version.atLeast("2.45")) return json({ image_id: image.id }, 202);
  // Nova's glance client names the image by the image service's endpoint.
  const location = `${environ(req.request).origin}/image/images/${image.id}`;
  return empty(202, { "content-type": "application/json", Location: location });
}

/** `createBackup`: policy `os_compute_api:os-create-backup`, target the server's project. */
export async function createBackup(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize("os_compute_api:os-create-backup", req.context, {
    project_id: instance.project_id,
  });
  const entity = (req.body as {
    createBackup: {
      name: string;
      backup_type: string;
      rotation: number | string;
      metadata?: Record<string, string>;
    };
  }).createBackup;
  const rotation = Number(entity.rotation);
  const meta = entity.metadata ?? {};
  await checkImageMetadataQuota(req, meta);
  const { image } = await backupServer(
    req.runtime.kv,
    instance.uuid,
    actorOf(req),
    req.runtime.instances,
    {
      name: entity.name.trim(),
      metadata: meta,
      baseImage: await baseImage(req, instance),
      backup: { type: entity.backup_type, rotation },
    },
  );
  if (req.version.atLeast("2.45")) return json({ image_id: image.id }, 202);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (rotation > 0) {
    const env = environ(req.request);
    headers.Location = `${env.origin}${env.scriptName}/images/${image.id}`;
  }
  return empty(202, headers);
}

/** The rows of the image actions. */
export const CREATE_IMAGE_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "createImage",
    response: CREATE_IMAGE_RESPONSE,
    body: CREATE_IMAGE,
    handler: createImage,
  },
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "createBackup",
    response: CREATE_BACKUP_RESPONSE,
    body: CREATE_BACKUP,
    handler: createBackup,
  },
];
