/**
 * The `rebuild` action of `POST /servers/{id}/action` (Nova's `ServersController._rebuild`): the
 * body schema per microversion (`description` 2.19, `key_name` 2.54, `user_data` instead of
 * `personality` 2.57, `trusted_image_certificates` 2.63, `hostname` 2.90, an FQDN hostname 2.94),
 * the lookups (image, key pair) handed to the instance domain, and the 202 answer: the server as
 * it now stands (status REBUILD) with Nova's per-microversion fields, `adminPass` when
 * `[api] enable_instance_password`, `user_data` from 2.57 and a `Location` header.
 *
 * @module
 */
import { withHostStatus } from "../services/host_status.ts";
import { json } from "../../http/respond.ts";
import { findImage, imageVisible } from "../../images/stored.ts";
import { getKeypair, KeypairNotFound } from "../../keypairs/mod.ts";
import { type ActionActor, type RebuildKeypair, rebuildServer } from "../../instances/mod.ts";
import {
  accessIPv4,
  accessIPv6,
  adminPassword,
  boolean,
  description,
  diskConfig,
  fqdn,
  hostname,
  imageId,
  metadata,
  name,
  nameOrNone,
  personality,
  trustedCerts,
} from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route, VersionedSchema } from "../route.ts";
import { generatePassword } from "./create_request.ts";
import { findServer, P, viewOptionsWithGroups } from "./handlers.ts";
import { MAX_USER_DATA_LENGTH } from "./schemas.ts";
import { serverLinks, serverRebuilt } from "./views.ts";
import { REBUILD_SERVER_RESPONSE } from "./response_schemas.ts";

function rebuildSchema(
  extra: Record<string, SchemaObject>,
  withPersonality: boolean,
): SchemaObject {
  const properties: Record<string, SchemaObject> = {
    name,
    imageRef: imageId,
    adminPass: adminPassword,
    metadata,
    preserve_ephemeral: boolean,
    "OS-DCF:diskConfig": diskConfig,
    accessIPv4,
    accessIPv6,
    ...(withPersonality ? { personality } : {}),
    ...extra,
  };
  return {
    type: "object",
    properties: {
      rebuild: {
        type: "object",
        properties,
        required: ["imageRef"],
        additionalProperties: false,
      },
    },
    required: ["rebuild"],
    additionalProperties: false,
  };
}

const USER_DATA: SchemaObject = {
  type: ["string", "null"],
  format: "base64",
  maxLength: MAX_USER_DATA_LENGTH,
};

/** The body schema of `rebuild` per microversion (Nova's `schemas/servers.py` rebuild*). */
export const REBUILD: VersionedSchema = [
  [
    "2.94",
    rebuildSchema({
      description,
      key_name: nameOrNone,
      user_data: USER_DATA,
      trusted_image_certificates: trustedCerts,
      hostname: fqdn,
    }, false),
  ],
  [
    "2.90",
    rebuildSchema({
      description,
      key_name: nameOrNone,
      user_data: USER_DATA,
      trusted_image_certificates: trustedCerts,
      hostname,
    }, false),
  ],
  [
    "2.63",
    rebuildSchema({
      description,
      key_name: nameOrNone,
      user_data: USER_DATA,
      trusted_image_certificates: trustedCerts,
    }, false),
  ],
  ["2.57", rebuildSchema({ description, key_name: nameOrNone, user_data: USER_DATA }, false)],
  ["2.54", rebuildSchema({ description, key_name: nameOrNone }, true)],
  ["2.19", rebuildSchema({ description }, true)],
  ["2.1", rebuildSchema({}, true)],
];

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

async function keypairOf(req: ApiRequest, keyName: string): Promise<RebuildKeypair | null> {
  try {
    const found = await getKeypair(req.runtime.kv, req.context.userId ?? "", keyName);
    return { name: found.name, publicKey: found.publicKey };
  } catch (e) {
    if (e instanceof KeypairNotFound) return null;
    throw e;
  }
}

/** `rebuild`: policy target the server's user and project (and `rebuild:trusted_certs`). */
export async function rebuild(req: ApiRequest): Promise<Response> {
  const body = (req.body as { rebuild: Record<string, unknown> }).rebuild;
  const v = req.version;
  const password = (body.adminPass as string | undefined) ?? generatePassword();
  const instance = await findServer(req, req.params.id);
  const target = { user_id: instance.user_id, project_id: instance.project_id };
  req.runtime.authorize(P("rebuild"), req.context, target);
  const imageRef = body.imageRef as string;
  const ctx = req.context;
  const found = await findImage(
    req.runtime.kv,
    req.runtime.images,
    imageRef,
    req.runtime.instances.clock(),
  );
  const image = found && imageVisible(found, ctx.projectId, ctx.isAdmin) ? found : null;
  const keyName = v.atLeast("2.54") && "key_name" in body
    ? body.key_name as string | null
    : undefined;
  const trusted = v.atLeast("2.63") && "trusted_image_certificates" in body;
  if (trusted) req.runtime.authorize(P("rebuild:trusted_certs"), req.context, target);
  const files = v.atLeast("2.57")
    ? undefined
    : (body.personality as { path?: string; contents?: string }[] | undefined)?.map((f) => ({
      path: f.path ?? "",
      contents: f.contents ?? "",
    }));
  const diskConfigValue = body["OS-DCF:diskConfig"] as string | undefined;
  const updated = await rebuildServer(
    req.runtime.kv,
    instance.uuid,
    actorOf(req),
    req.runtime.instances,
    {
      imageRef,
      image,
      name: "name" in body ? (body.name as string).trim() : undefined,
      metadata: body.metadata as Record<string, string> | undefined,
      accessIpV4: "accessIPv4" in body ? body.accessIPv4 as string : undefined,
      accessIpV6: "accessIPv6" in body ? body.accessIPv6 as string : undefined,
      autoDiskConfig: diskConfigValue === undefined ? undefined : diskConfigValue === "AUTO",
      files,
      keyName,
      keypair: keyName ? await keypairOf(req, keyName) : undefined,
      userData: v.atLeast("2.57") && "user_data" in body
        ? body.user_data as string | null
        : undefined,
      trustedCerts: trusted ? body.trusted_image_certificates as string[] | null : undefined,
      description: v.atLeast("2.19") && "description" in body
        ? body.description as string | null
        : undefined,
      hostname: v.atLeast("2.90") && "hostname" in body ? body.hostname as string : undefined,
      reimageBootVolume: v.atLeast("2.93"),
    },
  );
  const view = serverRebuilt(
    updated,
    v,
    req.links,
    await withHostStatus(req, await viewOptionsWithGroups(req, updated)),
  );
  if (req.runtime.config.get<boolean>("api", "enable_instance_password")) {
    view.server.adminPass = password;
  }
  if (v.atLeast("2.57")) view.server.user_data = updated.user_data;
  return json(view, 202, { Location: serverLinks(updated.uuid, req.links)[0].href });
}

/** The row of the rebuild action. */
export const REBUILD_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "rebuild",
    response: REBUILD_SERVER_RESPONSE,
    body: REBUILD,
    handler: rebuild,
  },
];
