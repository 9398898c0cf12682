/**
 * The body schemas of `POST /servers/{server_id}/os-interface` (Nova's
 * `schemas/attach_interfaces.py`): an optional `interfaceAttachment` with `net_id`, `port_id`
 * and one `fixed_ips` entry, and `tag` from 2.49.
 *
 * @module
 */
import { ipAddress, networkId, networkPortId, tag } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { VersionedSchema } from "../route.ts";

function create(withTag: boolean): SchemaObject {
  const properties: Record<string, SchemaObject> = {
    net_id: networkId,
    port_id: networkPortId,
    fixed_ips: {
      type: "array",
      minItems: 1,
      maxItems: 1,
      items: {
        type: "object",
        properties: { ip_address: ipAddress },
        required: ["ip_address"],
        additionalProperties: false,
      },
    },
  };
  if (withTag) properties.tag = tag;
  return {
    type: "object",
    properties: {
      interfaceAttachment: { type: "object", properties, additionalProperties: false },
    },
    additionalProperties: false,
  };
}

/** The attach body: `tag` is accepted from 2.49. */
export const CREATE_INTERFACE: VersionedSchema = [["2.49", create(true)], ["2.1", create(false)]];
