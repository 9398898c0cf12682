/**
 * `/os-assisted-volume-snapshots` (Nova's `AssistedVolumeSnapshotsController`): a Cinder driver
 * (the `service` role) asks Nova to snapshot an attached volume (`POST`, 200 with the snapshot's
 * id and volume) or to delete a snapshot (`DELETE .../{id}?delete_info=<JSON>`, 204). Every
 * refusal is 400, as Nova answers it; `delete_info` is read the way Nova's `json.loads` and
 * dictionary lookup read it.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { empty, json } from "../../http/respond.ts";
import { NovaFault } from "../../http/fault.ts";
import {
  createAssistedSnapshot,
  deleteAssistedSnapshot,
  type SnapshotCreateInfo,
} from "../../instances/mod.ts";
import { lastParam } from "../collection.ts";
import { parameterTypes, type SchemaObject } from "../../validation/mod.ts";
import {
  CREATE_ASSISTED_SNAPSHOT_RESPONSE,
  DELETE_ASSISTED_SNAPSHOT_RESPONSE,
} from "./response_schemas.ts";

const P = (name: string) => `os_compute_api:os-assisted-volume-snapshots:${name}`;

const NON_EMPTY: SchemaObject = { type: "string", minLength: 1 };

/** Nova's `create` body. */
export const CREATE: SchemaObject = {
  type: "object",
  properties: {
    snapshot: {
      type: "object",
      properties: {
        volume_id: NON_EMPTY,
        create_info: {
          type: "object",
          properties: {
            snapshot_id: NON_EMPTY,
            type: { type: "string", enum: ["qcow2"] },
            new_file: NON_EMPTY,
            id: NON_EMPTY,
          },
          required: ["snapshot_id", "type", "new_file"],
          additionalProperties: false,
        },
      },
      required: ["volume_id", "create_info"],
      additionalProperties: false,
    },
  },
  required: ["snapshot"],
  additionalProperties: false,
};

/** Nova's `delete_query`: `delete_info`, anything else passing up to 2.74. */
export const DELETE_QUERY: SchemaObject = {
  type: "object",
  properties: { delete_info: parameterTypes.multiParams({ type: "string" }) },
  additionalProperties: true,
};

/** From 2.75 unknown query parameters are refused. */
export const DELETE_QUERY_V275: SchemaObject = { ...DELETE_QUERY, additionalProperties: false };

/** `POST /os-assisted-volume-snapshots`. */
export async function create(req: ApiRequest): Promise<Response> {
  const { snapshot } = req.body as {
    snapshot: { volume_id: string; create_info: SnapshotCreateInfo };
  };
  const result = await createAssistedSnapshot(
    req.runtime.kv,
    snapshot.volume_id,
    snapshot.create_info,
    req.runtime.instances,
  );
  return json({ snapshot: result });
}

/** Where line and column of offset `pos` in `text` are, as Python's JSON errors name them. */
function where(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - (before.lastIndexOf("\n") + 1) + 1;
  return `line ${line} column ${column} (char ${pos})`;
}

/** The first offset at which `text` stops being one JSON value, or -1 when it is one. */
function extraDataAt(text: string): number {
  if (text.length > 2048) return -1;
  for (let end = text.length - 1; end > 0; end--) {
    try {
      JSON.parse(text.slice(0, end));
      let pos = end;
      while (pos < text.length && " \t\n\r".includes(text[pos])) pos++;
      return pos;
    } catch { /* shorter */ }
  }
  return -1;
}

/** Python's `json.loads`, its errors worded as Python's `ValueError`s (near enough). */
function pyJsonLoads(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    let start = 0;
    while (start < text.length && " \t\n\r".includes(text[start])) start++;
    const extra = extraDataAt(text);
    if (extra > 0) throw new NovaFault(400, `Extra data: ${where(text, extra)}`);
    throw new NovaFault(400, `Expecting value: ${where(text, start)}`);
  }
}

/** Python's words for `value['volume_id']` on a value that is no dictionary. */
function notSubscriptable(value: unknown): string {
  if (Array.isArray(value)) return "list indices must be integers or slices, not str";
  if (typeof value === "string") return "string indices must be integers, not 'str'";
  if (value === null) return "'NoneType' object is not subscriptable";
  if (typeof value === "boolean") return "'bool' object is not subscriptable";
  return `'${Number.isInteger(value) ? "int" : "float"}' object is not subscriptable`;
}

/** `DELETE /os-assisted-volume-snapshots/{id}`: 204. */
export async function remove(req: ApiRequest): Promise<Response> {
  const text = lastParam(req.query, "delete_info");
  if (text === null) throw new NovaFault(400, "'delete_info'");
  const info = pyJsonLoads(text);
  if (typeof info !== "object" || info === null || Array.isArray(info)) {
    throw new NovaFault(400, notSubscriptable(info));
  }
  const deleteInfo = info as Record<string, unknown>;
  if (!("volume_id" in deleteInfo)) throw new NovaFault(400, "'volume_id'");
  const volumeId = deleteInfo.volume_id;
  await deleteAssistedSnapshot(
    req.runtime.kv,
    typeof volumeId === "string" ? volumeId : JSON.stringify(volumeId),
    req.params.id,
    deleteInfo,
    req.runtime.instances,
  );
  return empty(204);
}

/** The rows of `/os-assisted-volume-snapshots`. */
export const ASSISTED_VOLUME_SNAPSHOT_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/os-assisted-volume-snapshots",
    body: CREATE,
    policy: { rule: P("create"), target: () => ({}) },
    response: CREATE_ASSISTED_SNAPSHOT_RESPONSE,
    handler: create,
  },
  {
    method: "DELETE",
    path: "/os-assisted-volume-snapshots/{id}",
    query: [["2.75", DELETE_QUERY_V275], ["2.1", DELETE_QUERY]],
    policy: { rule: P("delete"), target: () => ({}) },
    response: DELETE_ASSISTED_SNAPSHOT_RESPONSE,
    handler: remove,
  },
];
