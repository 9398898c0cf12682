/**
 * Response schemas of `/os-keypairs` (Nova's `*_response` in `schemas/keypairs.py`).
 *
 * | response | versions |
 * | --- | --- |
 * | create | 2.1 · +type 2.2 · -private_key, 2.92's name 2.92 |
 * | show | 2.1 · +type 2.2 |
 * | list | 2.1 · +type 2.2 · +keypairs_links 2.35 |
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { collectionLinks, edit, NULL_RESPONSE, object, wrap } from "../response_types.ts";
import {
  keypairNameSpecialChars,
  keypairNameSpecialCharsV292,
  userId,
} from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const TYPE: SchemaObject = { type: "string", enum: ["ssh", "x509"] };
const WITH_TYPE = { set: { type: TYPE }, require: ["type"] };

const CREATED = wrap(
  "keypair",
  object({
    fingerprint: { type: "string" },
    name: keypairNameSpecialChars,
    private_key: { type: "string" },
    public_key: { type: "string" },
    user_id: userId,
  }, ["fingerprint", "name", "public_key", "user_id"]),
);
const CREATED_22 = edit(CREATED, ["keypair"], WITH_TYPE);
const CREATED_292 = edit(CREATED_22, ["keypair"], {
  remove: ["private_key"],
  set: { name: keypairNameSpecialCharsV292 },
});

/** `POST /os-keypairs`. */
export const CREATE_KEYPAIR_RESPONSE: VersionedSchema = [
  ["2.92", CREATED_292],
  ["2.2", CREATED_22],
  ["2.0", CREATED],
];

const SHOWN = wrap(
  "keypair",
  object({
    created_at: { type: "string", format: "date-time" },
    // Soft-deleted keypairs are never shown, and keypairs are never updated.
    deleted: { type: "boolean", const: false },
    deleted_at: { type: "null" },
    fingerprint: { type: "string" },
    id: { type: "integer" },
    name: keypairNameSpecialChars,
    public_key: { type: "string" },
    updated_at: { type: "null" },
    user_id: userId,
  }),
);

/** `GET /os-keypairs/{id}`. */
export const SHOW_KEYPAIR_RESPONSE: VersionedSchema = [
  ["2.2", edit(SHOWN, ["keypair"], WITH_TYPE)],
  ["2.0", SHOWN],
];

const LISTED = wrap(
  "keypairs",
  {
    type: "array",
    items: wrap(
      "keypair",
      object({
        fingerprint: { type: "string" },
        name: keypairNameSpecialChars,
        public_key: { type: "string" },
      }),
    ),
  },
);
const LISTED_22 = edit(LISTED, ["keypairs", "*", "keypair"], WITH_TYPE);

/** `GET /os-keypairs`. */
export const LIST_KEYPAIRS_RESPONSE: VersionedSchema = [
  ["2.35", edit(LISTED_22, [], { set: { keypairs_links: collectionLinks } })],
  ["2.2", LISTED_22],
  ["2.0", LISTED],
];

/** `DELETE /os-keypairs/{id}`. */
export const DELETE_KEYPAIR_RESPONSE: SchemaObject = NULL_RESPONSE;
