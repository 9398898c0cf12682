/**
 * Response schemas of `/images/{image_id}/metadata` (Nova's `*_response` in
 * `schemas/image_metadata.py`).
 *
 * @module
 */
import { meta, metadata, NULL_RESPONSE, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

/** List, create and replace: `{"metadata": {...}}`. */
export const IMAGE_METADATA_RESPONSE: SchemaObject = wrap("metadata", metadata);
/** Show and update one item: `{"meta": {key: value}}`. */
export const IMAGE_META_ITEM_RESPONSE: SchemaObject = wrap("meta", meta);
/** Delete one item. */
export const DELETE_IMAGE_META_RESPONSE: SchemaObject = NULL_RESPONSE;
