/**
 * Request schemas of flavor access (Nova's `schemas/flavor_access.py`): the
 * `addTenantAccess` / `removeTenantAccess` actions. The access list's query schema is the shared
 * no-parameters one in `schemas.ts`.
 *
 * @module
 */
import type { SchemaObject } from "../../validation/types.ts";

function tenantAction(action: string): SchemaObject {
  return {
    type: "object",
    properties: {
      [action]: {
        type: "object",
        properties: {
          // A project id as the flavor_projects table stores it.
          tenant: { type: "string", minLength: 1, maxLength: 255 },
        },
        required: ["tenant"],
        additionalProperties: false,
      },
    },
    required: [action],
    additionalProperties: false,
  };
}

/** Body of `POST /flavors/{id}/action` with `addTenantAccess`. */
export const ADD_TENANT_ACCESS: SchemaObject = tenantAction("addTenantAccess");

/** Body of `POST /flavors/{id}/action` with `removeTenantAccess`. */
export const REMOVE_TENANT_ACCESS: SchemaObject = tenantAction("removeTenantAccess");
