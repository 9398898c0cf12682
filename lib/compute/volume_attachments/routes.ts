/**
 * `/servers/{server_id}/os-volume_attachments` (Nova's `VolumeAttachmentController`): list (with
 * `limit` and `offset`), show, attach, update (swap, service only; from 2.85 also the owner's
 * `delete_on_termination` change) and detach. Each looks the server up first, then checks its
 * rule against the server's project (swap: an empty target), then asks the instance domain.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { empty, json } from "../../http/respond.ts";
import { NovaFault } from "../../http/fault.ts";
import {
  type ActionActor,
  attachVolume,
  detachVolume,
  type Instance,
  InstanceInvalidState,
  mappingSlots,
  swapVolume,
  updateVolumeAttachment,
  type VolumeBdm,
  volumeBdms,
} from "../../instances/mod.ts";
import { lastParam } from "../collection.ts";
import { findServer } from "../servers/handlers.ts";
import { boolFromString } from "../servers/create_request.ts";
import * as schema from "./schemas.ts";
import { attachedView, attachmentView } from "./views.ts";
import {
  CREATE_ATTACHMENT_RESPONSE,
  LIST_ATTACHMENTS_RESPONSE,
  NO_BODY_RESPONSE,
  SHOW_ATTACHMENT_RESPONSE,
} from "./response_schemas.ts";

const P = (name: string) => `os_compute_api:os-volumes-attachments:${name}`;
const COLLECTION = "/servers/{server_id}/os-volume_attachments";
const MEMBER = "/servers/{server_id}/os-volume_attachments/{id}";

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

/** Find the server and check `rule` against its project. */
async function serverFor(req: ApiRequest, rule: string): Promise<Instance> {
  const instance = await findServer(req, req.params.server_id);
  req.runtime.authorize(P(rule), req.context, { project_id: instance.project_id });
  return instance;
}

/** Nova's `_check_request_version`: shelved servers take volume changes from 2.20 only. */
function checkShelvedVersion(req: ApiRequest, instance: Instance, method: string): void {
  const shelved = instance.vm_state === "shelved" || instance.vm_state === "shelved_offloaded";
  if (shelved && !req.version.atLeast("2.20")) {
    throw new InstanceInvalidState(method, instance.uuid, "vm_state", instance.vm_state);
  }
}

/** Nova's `common.limited`: `offset`, then at most `limit` (capped by `[api] max_limit`). */
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

/** `GET /servers/{server_id}/os-volume_attachments`. */
export async function index(req: ApiRequest): Promise<Response> {
  const instance = await serverFor(req, "index");
  const v289 = req.version.atLeast("2.89");
  // Nova pages over all the server's mappings, then drops those that are no volume.
  const out = limited(await mappingSlots(instance), req)
    .filter((b): b is VolumeBdm => b !== null && (!v289 || b.attachment_id !== ""))
    .map((b) => attachmentView(b, instance.uuid, req.version));
  return json({ volumeAttachments: out });
}

/** `GET /servers/{server_id}/os-volume_attachments/{volume_id}`. */
export async function show(req: ApiRequest): Promise<Response> {
  const instance = await serverFor(req, "show");
  const volumeId = req.params.id;
  const bdm = (await volumeBdms(instance)).find((b) => b.volume_id === volumeId);
  if (!bdm) {
    throw new NovaFault(
      404,
      `Instance ${req.params.server_id} is not attached to volume ${volumeId}`,
    );
  }
  return json({ volumeAttachment: attachmentView(bdm, instance.uuid, req.version) });
}

interface AttachBody {
  volumeAttachment: {
    volumeId: string;
    device?: string | null;
    tag?: string;
    delete_on_termination?: unknown;
  };
}

/** `POST /servers/{server_id}/os-volume_attachments`: 200 with the attachment, 202 from 2.101. */
export async function create(req: ApiRequest): Promise<Response> {
  const instance = await serverFor(req, "create");
  const body = (req.body as AttachBody).volumeAttachment;
  checkShelvedVersion(req, instance, "attach_volume");
  const deleteOnTermination = body.delete_on_termination ?? false;
  const attached = await attachVolume(
    req.runtime.kv,
    instance.uuid,
    {
      volumeId: body.volumeId,
      tag: body.tag ?? null,
      deleteOnTermination: boolFromString(deleteOnTermination),
      supportsMultiattach: req.version.atLeast("2.60"),
      cast: req.version.atLeast("2.101"),
    },
    actorOf(req),
    req.runtime.instances,
  );
  if (req.version.atLeast("2.101")) {
    return empty(202, { "content-type": "text/html; charset=UTF-8", "content-length": "0" });
  }
  return json({
    volumeAttachment: attachedView(
      req.params.server_id,
      body.volumeId,
      attached.bdm?.device_name ?? null,
      body.tag ?? null,
      deleteOnTermination,
      req.version,
    ),
  });
}

interface UpdateBody {
  volumeAttachment: {
    volumeId: string;
    device?: string | null;
    tag?: string;
    delete_on_termination?: unknown;
    serverId?: string;
    id?: string;
  };
}

/** Nova's answer to an accepted change: 202, no body. */
function accepted(): Response {
  return empty(202, { "content-type": "application/json" });
}

/**
 * `PUT /servers/{server_id}/os-volume_attachments/{volume_id}`: before 2.85 always a swap
 * (service only); from 2.85 the same volume updates the attachment (its owner may), another
 * volume updates then swaps (service only).
 */
export async function update(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.server_id);
  const att = (req.body as UpdateBody).volumeAttachment;
  const onlySwap = !req.version.atLeast("2.85");
  const oldId = req.params.id;
  if (onlySwap || oldId !== att.volumeId) {
    req.runtime.authorize(P("swap"), req.context, {});
  } else {
    req.runtime.authorize(P("update"), req.context, { project_id: instance.project_id });
  }
  const { kv, instances: deps } = req.runtime;
  if (!onlySwap) {
    await updateVolumeAttachment(kv, instance.uuid, oldId, {
      id: att.id,
      serverId: att.serverId,
      device: att.device,
      tag: att.tag,
      deleteOnTermination: att.delete_on_termination === undefined
        ? undefined
        : boolFromString(att.delete_on_termination),
    }, deps);
  }
  if (onlySwap || oldId !== att.volumeId) {
    await swapVolume(kv, instance.uuid, oldId, att.volumeId, actorOf(req), deps);
  }
  return accepted();
}

/** `DELETE /servers/{server_id}/os-volume_attachments/{volume_id}`: 202. */
export async function remove(req: ApiRequest): Promise<Response> {
  const instance = await serverFor(req, "delete");
  checkShelvedVersion(req, instance, "detach_volume");
  await detachVolume(
    req.runtime.kv,
    instance.uuid,
    req.params.id,
    actorOf(req),
    req.runtime.instances,
  );
  return accepted();
}

/** The rows of `/servers/{server_id}/os-volume_attachments`. */
export const VOLUME_ATTACHMENT_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: COLLECTION,
    query: [["2.75", schema.INDEX_QUERY_V275], ["2.1", schema.INDEX_QUERY]],
    response: LIST_ATTACHMENTS_RESPONSE,
    handler: index,
  },
  {
    method: "POST",
    path: COLLECTION,
    body: [["2.79", schema.CREATE_V279], ["2.49", schema.CREATE_V249], ["2.1", schema.CREATE]],
    response: CREATE_ATTACHMENT_RESPONSE,
    handler: create,
  },
  {
    method: "GET",
    path: MEMBER,
    query: schema.SHOW_QUERY,
    response: SHOW_ATTACHMENT_RESPONSE,
    handler: show,
  },
  {
    method: "PUT",
    path: MEMBER,
    body: [["2.85", schema.UPDATE_V285], ["2.1", schema.UPDATE]],
    response: NO_BODY_RESPONSE,
    handler: update,
  },
  { method: "DELETE", path: MEMBER, response: NO_BODY_RESPONSE, handler: remove },
];
