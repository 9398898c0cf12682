/**
 * The move actions of `POST /servers/{id}/action` (Nova's `ServersController` resize,
 * confirmResize and revertResize, and `MigrateServerController` migrate): `resize` (202) moves
 * the server to another flavor, `migrate` (202; admin by policy, a `host` from 2.56) to another
 * host; both end in VERIFY_RESIZE, which `confirmResize` (204) or `revertResize` (202) ends.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { FlavorNotFound } from "../../flavors/errors.ts";
import { visibleFlavor } from "../../flavors/lookup.ts";
import { empty } from "../../http/respond.ts";
import {
  type ActionActor,
  confirmResize,
  type FlavorSnapshot,
  type Instance,
  migrateServer,
  type ResizeFlavor,
  resizeServer,
  revertResize,
} from "../../instances/mod.ts";
import { diskConfig, flavorRef, fqdn } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import { assertDiskFits, assertMemoryFits } from "../../images/fit.ts";
import type { ApiRequest, Route } from "../route.ts";
import { anyValueAction } from "./actions_schemas.ts";
import { findServer, P } from "./handlers.ts";
import { NO_BODY_RESPONSE } from "./response_schemas.ts";

/** `resize`: a required `flavorRef` and an optional `OS-DCF:diskConfig`. */
export const RESIZE: SchemaObject = {
  type: "object",
  properties: {
    resize: {
      type: "object",
      properties: { flavorRef, "OS-DCF:diskConfig": diskConfig },
      required: ["flavorRef"],
      additionalProperties: false,
    },
  },
  required: ["resize"],
  additionalProperties: false,
};

/** `migrate` from 2.56: null, or an object with an optional `host` (a host name or null). */
export const MIGRATE_V256: SchemaObject = {
  type: "object",
  properties: {
    migrate: {
      type: ["object", "null"],
      properties: { host: { ...fqdn, type: ["string", "null"] } },
      additionalProperties: false,
    },
  },
  required: ["migrate"],
  additionalProperties: false,
};

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

const ACCEPTED = () => empty(202, { "content-type": "application/json" });

/** The new flavor as the caller may see it; Nova's 400 when there is none. */
async function resizeFlavor(req: ApiRequest, flavorid: string): Promise<ResizeFlavor> {
  try {
    const flavor = await visibleFlavor(req.runtime.kv, req.context, flavorid);
    return {
      id: flavor.id,
      disabled: flavor.disabled,
      snapshot: {
        flavorid: flavor.flavorid,
        name: flavor.name,
        memory_mb: flavor.memory_mb,
        vcpus: flavor.vcpus,
        root_gb: flavor.root_gb,
        ephemeral_gb: flavor.ephemeral_gb,
        swap: flavor.swap,
        rxtx_factor: flavor.rxtx_factor,
        extra_specs: { ...flavor.extra_specs },
        description: flavor.description,
      },
    };
  } catch (e) {
    if (e instanceof FlavorNotFound) throw new NovaFault(400, e.message);
    throw e;
  }
}

/** Nova's image checks of a resize's flavor (`_validate_flavor_image_nostatus`), as 400s. */
function checkImage(req: ApiRequest) {
  return (flavor: FlavorSnapshot, volumeBacked: boolean, current: Instance): void => {
    const image = current.image_ref ? req.runtime.images.get(current.image_ref) : null;
    if (!image) return;
    assertMemoryFits(image, flavor.memory_mb);
    if (volumeBacked) return;
    assertDiskFits(image, flavor.root_gb);
  };
}

/** `resize`: policy target the server's user and project; 202 with no body. */
export async function resize(req: ApiRequest): Promise<Response> {
  const body = (req.body as {
    resize: { flavorRef: string | number; "OS-DCF:diskConfig"?: string };
  }).resize;
  const flavorid = String(body.flavorRef);
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(P("resize"), req.context, {
    user_id: instance.user_id,
    project_id: instance.project_id,
  });
  await resizeServer(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances, {
    flavor: () => resizeFlavor(req, flavorid),
    checkImage: checkImage(req),
    autoDiskConfig: body["OS-DCF:diskConfig"] === undefined
      ? undefined
      : body["OS-DCF:diskConfig"] === "AUTO",
  });
  return ACCEPTED();
}

/** `confirmResize`: policy target the server's project; 204 (Nova's historical code). */
export async function confirm(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(P("confirm_resize"), req.context, { project_id: instance.project_id });
  await confirmResize(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances);
  return empty(204);
}

/** `revertResize`: policy target the server's project; 202 with no body. */
export async function revert(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(P("revert_resize"), req.context, { project_id: instance.project_id });
  await revertResize(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances);
  return ACCEPTED();
}

/** `migrate`: policy `migrate`, or `migrate:host` when a host is named (2.56). */
export async function migrate(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  const body = (req.body as { migrate: { host?: string | null } | null }).migrate;
  const host = req.version.atLeast("2.56") && body && typeof body === "object"
    ? body.host ?? undefined
    : undefined;
  const rule = host ? "migrate:host" : "migrate";
  req.runtime.authorize(`os_compute_api:os-migrate-server:${rule}`, req.context, {
    project_id: instance.project_id,
  });
  await migrateServer(
    req.runtime.kv,
    instance.uuid,
    actorOf(req),
    req.runtime.instances,
    host || undefined,
  );
  return ACCEPTED();
}

/** The rows of the move actions. */
export const RESIZE_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "resize",
    response: NO_BODY_RESPONSE,
    body: RESIZE,
    handler: resize,
  },
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "confirmResize",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("confirmResize"),
    handler: confirm,
  },
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "revertResize",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("revertResize"),
    handler: revert,
  },
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "migrate",
    response: NO_BODY_RESPONSE,
    body: [["2.56", MIGRATE_V256], ["2.1", anyValueAction("migrate")]],
    handler: migrate,
  },
];
