/**
 * Request schemas of flavor extra specs (Nova's `schemas/flavors_extraspecs.py`). Values may be
 * strings or numbers on the way in; they are stored as strings. The GETs' query schema is the
 * shared no-parameters one in `schemas.ts`.
 *
 * @module
 */
import type { SchemaObject } from "../../validation/types.ts";

/** Extra spec names: letters, digits, `-_:. `, 1-255 characters. */
export const EXTRA_SPEC_KEY = "^[a-zA-Z0-9-_:. ]{1,255}$";

const SPECS: SchemaObject = {
  type: "object",
  patternProperties: {
    [EXTRA_SPEC_KEY]: { type: ["string", "number"], maxLength: 255 },
  },
  additionalProperties: false,
};

/** Body of `POST /flavors/{flavor_id}/os-extra_specs`: `{"extra_specs": {...}}`. */
export const CREATE_EXTRA_SPECS: SchemaObject = {
  type: "object",
  properties: { extra_specs: SPECS },
  required: ["extra_specs"],
  additionalProperties: false,
};

/** Body of `PUT /flavors/{flavor_id}/os-extra_specs/{key}`: exactly one `{key: value}`. */
export const UPDATE_EXTRA_SPEC: SchemaObject = { ...SPECS, minProperties: 1, maxProperties: 1 };
