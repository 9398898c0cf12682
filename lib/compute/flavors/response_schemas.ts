/**
 * Response schemas of the flavor family (Nova's `*_response` in `schemas/flavors.py`,
 * `flavors_extraspecs.py` and `flavor_access.py`), per microversion.
 *
 * | response | versions |
 * | --- | --- |
 * | flavor (show, create, update) | 2.1 · +description 2.55 · +extra_specs 2.61 · swap an integer 2.75 · -rxtx_factor -disabled 2.102 |
 * | list | 2.1 · +description 2.55 |
 * | detail | as show, but 2.75's swap only from 2.102 (as Nova declares it) |
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { edit, NULL_RESPONSE, object, wrap } from "../response_types.ts";
import { CREATE_EXTRA_SPECS, UPDATE_EXTRA_SPEC } from "./extra_specs_schemas.ts";
import { metadata, projectId } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const LINK: SchemaObject = {
  type: "object",
  properties: { href: { type: "string", format: "uri" }, rel: { type: "string" } },
  required: ["href", "rel"],
  additionalProperties: false,
};
const FLAVORS_LINKS: SchemaObject = { type: "array", items: LINK };
const DESCRIPTION: SchemaObject = { type: ["string", "null"] };

const BASIC = object({ id: { type: "string" }, links: FLAVORS_LINKS, name: { type: "string" } });
const BASIC_255 = edit(BASIC, [], { set: { description: DESCRIPTION }, require: ["description"] });

// The full flavor's links do not forbid extra keys (Nova's omission, kept).
const FLAVOR = object({
  disk: { type: "integer" },
  id: { type: "string" },
  links: {
    type: "array",
    items: { type: "object", properties: LINK.properties, required: ["href", "rel"] },
  },
  name: { type: "string" },
  "os-flavor-access:is_public": {},
  ram: { type: "integer" },
  rxtx_factor: {},
  swap: { anyOf: [{ type: "integer" }, { const: "" }] },
  vcpus: { type: "integer" },
  "OS-FLV-EXT-DATA:ephemeral": { type: "integer" },
  "OS-FLV-DISABLED:disabled": { type: "boolean" },
});
const FLAVOR_255 = edit(FLAVOR, [], {
  set: { description: DESCRIPTION },
  require: ["description"],
});
const FLAVOR_261 = edit(FLAVOR_255, [], {
  set: {
    extra_specs: {
      type: "object",
      patternProperties: { "^[a-zA-Z0-9-_:. ]{1,255}$": { type: "string", maxLength: 255 } },
      additionalProperties: false,
    },
  },
});
const FLAVOR_275 = edit(FLAVOR_261, [], { set: { swap: { type: "integer" } } });
const FLAVOR_2102 = edit(FLAVOR_275, [], {
  remove: ["rxtx_factor", "OS-FLV-DISABLED:disabled"],
});

const one = (flavor: SchemaObject) => wrap("flavor", flavor);
const many = (item: SchemaObject) =>
  wrap("flavors", { type: "array", items: item }, { flavors_links: FLAVORS_LINKS });

/** `GET /flavors/{id}` and `POST /flavors`. */
export const SHOW_FLAVOR_RESPONSE: VersionedSchema = [
  ["2.102", one(FLAVOR_2102)],
  ["2.75", one(FLAVOR_275)],
  ["2.61", one(FLAVOR_261)],
  ["2.55", one(FLAVOR_255)],
  ["2.0", one(FLAVOR)],
];

/** `PUT /flavors/{id}` (2.55+). */
export const UPDATE_FLAVOR_RESPONSE: VersionedSchema = SHOW_FLAVOR_RESPONSE.slice(
  0,
  4,
) as VersionedSchema;

/** `GET /flavors`. */
export const LIST_FLAVORS_RESPONSE: VersionedSchema = [
  ["2.55", many(BASIC_255)],
  ["2.0", many(BASIC)],
];

/** `GET /flavors/detail`. */
export const DETAIL_FLAVORS_RESPONSE: VersionedSchema = [
  ["2.102", many(FLAVOR_2102)],
  ["2.61", many(FLAVOR_261)],
  ["2.55", many(FLAVOR_255)],
  ["2.0", many(FLAVOR)],
];

/** `DELETE /flavors/{id}` and `DELETE .../os-extra_specs/{id}`. */
export const DELETE_FLAVOR_RESPONSE: SchemaObject = NULL_RESPONSE;

/** `GET .../os-extra_specs`: values always come back as strings. */
export const LIST_EXTRA_SPECS_RESPONSE: SchemaObject = wrap("extra_specs", metadata);
/** `POST .../os-extra_specs`: the body as sent. */
export const CREATE_EXTRA_SPECS_RESPONSE: VersionedSchema = CREATE_EXTRA_SPECS;
/** `PUT .../os-extra_specs/{id}`: the body as sent. */
export const UPDATE_EXTRA_SPEC_RESPONSE: VersionedSchema = UPDATE_EXTRA_SPEC;
/** `GET .../os-extra_specs/{id}`: `{key: value}`. */
export const SHOW_EXTRA_SPEC_RESPONSE: SchemaObject = metadata;

/** `GET .../os-flavor-access` and both access actions (extra keys allowed, as Nova declares). */
export const FLAVOR_ACCESS_RESPONSE: SchemaObject = {
  type: "object",
  properties: {
    flavor_access: {
      type: "array",
      items: {
        type: "object",
        properties: { flavor_id: { type: "string" }, tenant_id: projectId },
        required: ["flavor_id", "tenant_id"],
        additionalProperties: true,
      },
    },
  },
  required: ["flavor_access"],
  additionalProperties: true,
};
