/**
 * Response schemas of `/servers/{id}/shares` (Nova's `*_response` in `schemas/server_shares.py`).
 *
 * @module
 */
import { NULL_RESPONSE, object, wrap } from "../response_types.ts";
import {
  shareExportLocation,
  shareId,
  shareStatus,
  shareTag,
} from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const SHARE = object({
  export_location: shareExportLocation,
  share_id: shareId,
  status: shareStatus,
  tag: shareTag,
  uuid: shareId,
}, ["share_id", "status", "tag"]);

/** `GET /servers/{id}/shares/{share_id}` and `POST /servers/{id}/shares`. */
export const SHOW_SHARE_RESPONSE: SchemaObject = wrap("share", SHARE);
/** `GET /servers/{id}/shares`. */
export const LIST_SHARES_RESPONSE: SchemaObject = wrap("shares", { type: "array", items: SHARE });
/** `DELETE /servers/{id}/shares/{share_id}`. */
export const DELETE_SHARE_RESPONSE: SchemaObject = NULL_RESPONSE;
