/**
 * Response schemas of `/servers` (Nova's `*_response` in `schemas/servers.py`): list, detail,
 * show, create, update, delete and the server controller's own actions, per microversion.
 *
 * | response | changes |
 * | --- | --- |
 * | server (show, detail) | 2.3 extended attributes · 2.9 locked · 2.16 host_status · 2.19 description · 2.26 tags · 2.47 embedded flavor · 2.63 trusted certs · 2.69 down-cell form · 2.71 server_groups (show only) · 2.73 locked_reason · 2.90 hostname required · 2.96 pinned AZ · 2.98 image properties · 2.100 scheduler_hints |
 * | update, rebuild | a shorter server, growing alike; from 2.75 as long as show |
 * | list | 2.69 down-cell form |
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import {
  collectionLinks,
  dateTime,
  dateTimeOrNull,
  type Edit,
  edit,
  links,
  NULL_RESPONSE,
  object,
  uuid,
  wrap,
} from "../response_types.ts";
import { SCHEDULER_HINTS } from "./schemas.ts";
import { projectId, userId } from "../../validation/parameter_types.ts";
import type { Schema, SchemaObject } from "../../validation/types.ts";

const STRING: SchemaObject = { type: "string" };
const STRING_OR_NULL: SchemaObject = { type: ["string", "null"] };

const STATUS: SchemaObject = {
  type: "string",
  enum: [
    "ACTIVE",
    "BUILD",
    "DELETED",
    "ERROR",
    "HARD_REBOOT",
    "MIGRATING",
    "PASSWORD",
    "PAUSED",
    "REBOOT",
    "REBUILD",
    "RESCUE",
    "RESIZE",
    "REVERT_RESIZE",
    "SHELVED",
    "SHELVED_OFFLOADED",
    "SHUTOFF",
    "SOFT_DELETED",
    "SUSPENDED",
    "UNKNOWN", // a corrupt record
    "VERIFY_RESIZE",
  ],
};
const POWER_STATE: SchemaObject = { type: ["integer", "null"], enum: [0, 1, 3, 4, 6, 7, null] };
const UNKNOWN: SchemaObject = { type: "string", const: "UNKNOWN" };

const EMBEDDED_FLAVOR: SchemaObject = object({
  disk: { type: "integer" },
  ephemeral: { type: "integer" },
  // Shown only when policy allows.
  extra_specs: {
    type: "object",
    patternProperties: { "^.+$": STRING },
    additionalProperties: false,
  },
  original_name: STRING,
  ram: { type: "integer" },
  swap: { type: "integer" },
  vcpus: { type: "integer" },
}, ["disk", "ephemeral", "original_name", "ram", "swap", "vcpus"]);

const FLAVOR_REF: SchemaObject = {
  type: "object",
  properties: { id: STRING, links },
  additionalProperties: false,
};

const IMAGE: SchemaObject = {
  oneOf: [
    { type: "string", const: "" },
    { type: "object", properties: { id: uuid, links }, additionalProperties: false },
  ],
};

const IMAGE_PROPERTIES: SchemaObject = {
  type: "object",
  patternProperties: {
    "^[a-zA-Z0-9_:. ]{1,255}$": { type: ["string", "null"], maxLength: 255 },
  },
  additionalProperties: false,
};

/** A copy of a server schema whose image object (at `path`) may carry its properties (2.98). */
function withImageProperties(schema: SchemaObject, path: readonly string[]): SchemaObject {
  const copy = structuredClone(schema);
  let server = copy;
  for (const step of path) server = server.properties![step] as SchemaObject;
  const image = server.properties!.image as SchemaObject;
  const withProps = (image.oneOf as SchemaObject[])[1];
  withProps.properties = { ...withProps.properties, properties: IMAGE_PROPERTIES };
  return copy;
}

const FAULT: SchemaObject = object({
  code: { type: "integer" },
  created: dateTime,
  details: STRING,
  message: STRING,
}, ["code", "created", "message"]);

const METADATA: SchemaObject = {
  type: "object",
  patternProperties: { "^.+$": STRING },
  additionalProperties: false,
};

const SECURITY_GROUPS: SchemaObject = { type: "array", items: object({ name: STRING }) };

const ACCESS_IPV4: SchemaObject = { type: "string", oneOf: [{ format: "ipv4" }, { const: "" }] };
const ACCESS_IPV6: SchemaObject = { type: "string", oneOf: [{ format: "ipv6" }, { const: "" }] };
const ADDR: SchemaObject = { type: "string", oneOf: [{ format: "ipv4" }, { format: "ipv6" }] };
const IP_VERSION: SchemaObject = { type: "number", enum: [4, 6] };
const MAC: SchemaObject = { type: "string", format: "mac-address" };
const IP_TYPE: SchemaObject = { type: "string", enum: ["fixed", "floating"] };

function addresses(key: string, extended: boolean): SchemaObject {
  const item = extended
    ? object({
      addr: ADDR,
      version: IP_VERSION,
      "OS-EXT-IPS:type": IP_TYPE,
      "OS-EXT-IPS-MAC:mac_addr": MAC,
    })
    : object({ addr: ADDR, version: IP_VERSION });
  return {
    type: "object",
    patternProperties: { [key]: { type: "array", items: item } },
    additionalProperties: false,
  };
}

const VOLUMES_ATTACHED: SchemaObject = { type: "array", items: object({ id: STRING }) };
const VOLUMES_ATTACHED_23: SchemaObject = {
  type: "array",
  items: object({ id: STRING, delete_on_termination: { type: "boolean", default: false } }),
};
const TAGS: SchemaObject = { type: "array", items: STRING, maxItems: 50 };
const TRUSTED_CERTS: SchemaObject = { type: ["array", "null"], items: STRING };
const SERVER_GROUPS: SchemaObject = { type: "array", items: uuid, maxLength: 1 };
const USER_DATA: SchemaObject = { type: ["string", "null"], format: "base64", maxLength: 65535 };

// ---- show and detail ----

const SERVER = object({
  accessIPv4: ACCESS_IPV4,
  accessIPv6: ACCESS_IPV6,
  addresses: addresses("^.*$", true),
  config_drive: { type: ["string", "null"], enum: ["", "True", "False", null] },
  created: dateTime,
  fault: FAULT,
  flavor: FLAVOR_REF,
  hostId: STRING,
  id: uuid,
  image: IMAGE,
  key_name: { type: ["null", "string"] },
  links,
  metadata: METADATA,
  name: STRING_OR_NULL,
  "os-extended-volumes:volumes_attached": VOLUMES_ATTACHED,
  progress: { type: ["null", "number"] },
  security_groups: SECURITY_GROUPS,
  status: STATUS,
  tenant_id: projectId,
  updated: dateTime,
  user_id: userId,
  "OS-DCF:diskConfig": STRING,
  "OS-EXT-AZ:availability_zone": STRING,
  "OS-EXT-SRV-ATTR:host": STRING_OR_NULL,
  "OS-EXT-SRV-ATTR:hypervisor_hostname": STRING_OR_NULL,
  "OS-EXT-SRV-ATTR:instance_name": STRING,
  "OS-EXT-STS:power_state": POWER_STATE,
  "OS-EXT-STS:task_state": STRING_OR_NULL,
  "OS-EXT-STS:vm_state": STRING_OR_NULL,
  "OS-SRV-USG:launched_at": dateTimeOrNull,
  "OS-SRV-USG:terminated_at": dateTimeOrNull,
}, [
  // fault and progress depend on the server's state; the OS-EXT-SRV-ATTR fields on policy.
  "accessIPv4",
  "accessIPv6",
  "addresses",
  "config_drive",
  "created",
  "flavor",
  "hostId",
  "id",
  "image",
  "key_name",
  "links",
  "metadata",
  "name",
  "os-extended-volumes:volumes_attached",
  "status",
  "tenant_id",
  "updated",
  "user_id",
  "OS-DCF:diskConfig",
  "OS-EXT-AZ:availability_zone",
  "OS-EXT-STS:power_state",
  "OS-EXT-STS:task_state",
  "OS-EXT-STS:vm_state",
  "OS-SRV-USG:launched_at",
  "OS-SRV-USG:terminated_at",
]);
const SERVER_23 = edit(SERVER, [], {
  // All behind policy: none required.
  set: {
    "OS-EXT-SRV-ATTR:hostname": STRING,
    "OS-EXT-SRV-ATTR:kernel_id": STRING_OR_NULL,
    "OS-EXT-SRV-ATTR:launch_index": { type: ["integer", "null"] },
    "OS-EXT-SRV-ATTR:ramdisk_id": STRING_OR_NULL,
    "OS-EXT-SRV-ATTR:reservation_id": STRING_OR_NULL,
    "OS-EXT-SRV-ATTR:root_device_name": STRING_OR_NULL,
    "OS-EXT-SRV-ATTR:user_data": USER_DATA,
    "os-extended-volumes:volumes_attached": VOLUMES_ATTACHED_23,
  },
});
const SERVER_29 = edit(SERVER_23, [], {
  set: { locked: { type: "boolean" } },
  require: ["locked"],
});
const SERVER_216 = edit(SERVER_29, [], {
  set: { host_status: { type: "string", enum: ["UP", "DOWN", "MAINTENANCE", "UNKNOWN", ""] } },
});
const SERVER_219 = edit(SERVER_216, [], {
  set: { description: STRING_OR_NULL },
  require: ["description"],
});
const SERVER_226 = edit(SERVER_219, [], { set: { tags: TAGS }, require: ["tags"] });
const SERVER_247 = edit(SERVER_226, [], { set: { flavor: EMBEDDED_FLAVOR } });
const SERVER_263 = edit(SERVER_247, [], {
  set: { trusted_image_certificates: TRUSTED_CERTS },
  require: ["trusted_image_certificates"],
});
const SERVER_271 = edit(SERVER_263, [], {
  set: { server_groups: SERVER_GROUPS },
  require: ["server_groups"],
});
const LOCKED_REASON: Edit = {
  set: { locked_reason: { type: ["null", "string"] } },
  require: ["locked_reason"],
};
const SERVER_273 = edit(SERVER_271, [], LOCKED_REASON);
// The detail list never shows server_groups: its line branches off at 2.63.
const DETAIL_273 = edit(SERVER_263, [], LOCKED_REASON);
const HOSTNAME: Edit = { require: ["OS-EXT-SRV-ATTR:hostname"] };
const SERVER_290 = edit(SERVER_273, [], HOSTNAME);
const DETAIL_290 = edit(DETAIL_273, [], HOSTNAME);
const PINNED_AZ: Edit = {
  set: { pinned_availability_zone: STRING_OR_NULL },
  require: ["pinned_availability_zone"],
};
const SERVER_296 = edit(SERVER_290, [], PINNED_AZ);
const DETAIL_296 = edit(DETAIL_290, [], PINNED_AZ);
const SERVER_298 = withImageProperties(SERVER_296, []);
const DETAIL_298 = withImageProperties(DETAIL_296, []);
const HINTS: Edit = { set: { scheduler_hints: SCHEDULER_HINTS }, require: ["scheduler_hints"] };
const SERVER_2100 = edit(SERVER_298, [], HINTS);
const DETAIL_2100 = edit(DETAIL_298, [], HINTS);

// A server in a cell that does not answer (2.69+): what the API database knows.
const CELL_DOWN = object({
  created: dateTime,
  flavor: EMBEDDED_FLAVOR,
  id: uuid,
  image: IMAGE,
  links,
  status: UNKNOWN,
  tenant_id: projectId,
  user_id: userId,
  "OS-EXT-AZ:availability_zone": STRING,
  "OS-EXT-STS:power_state": POWER_STATE,
});
const DETAIL_CELL_DOWN = edit(CELL_DOWN, [], {
  remove: [
    "flavor",
    "image",
    "user_id",
    "OS-EXT-AZ:availability_zone",
    "OS-EXT-STS:power_state",
  ],
});
const CELL_DOWN_271 = edit(CELL_DOWN, [], {
  set: { server_groups: SERVER_GROUPS },
  require: ["server_groups"],
});

const either = (up: SchemaObject, down: SchemaObject): SchemaObject => ({ oneOf: [up, down] });
const shown = (server: Schema) => wrap("server", server);
const listed = (server: Schema) =>
  wrap("servers", { type: "array", items: server }, { servers_links: collectionLinks });

/** `GET /servers/{id}`. */
export const SHOW_SERVER_RESPONSE: VersionedSchema = [
  ["2.100", shown(either(SERVER_2100, CELL_DOWN_271))],
  ["2.98", shown(either(SERVER_298, CELL_DOWN_271))],
  ["2.96", shown(either(SERVER_296, CELL_DOWN_271))],
  ["2.90", shown(either(SERVER_290, CELL_DOWN_271))],
  ["2.73", shown(either(SERVER_273, CELL_DOWN_271))],
  ["2.71", shown(either(SERVER_271, CELL_DOWN_271))],
  ["2.69", shown(either(SERVER_263, CELL_DOWN))],
  ["2.63", shown(SERVER_263)],
  ["2.47", shown(SERVER_247)],
  ["2.26", shown(SERVER_226)],
  ["2.19", shown(SERVER_219)],
  ["2.16", shown(SERVER_216)],
  ["2.9", shown(SERVER_29)],
  ["2.3", shown(SERVER_23)],
  ["2.0", shown(SERVER)],
];

/** `GET /servers/detail` (Nova declares it from 2.1: the legacy v2 endpoint is not checked). */
export const DETAIL_SERVERS_RESPONSE: VersionedSchema = [
  ["2.100", listed(either(DETAIL_2100, DETAIL_CELL_DOWN))],
  ["2.98", listed(either(DETAIL_298, DETAIL_CELL_DOWN))],
  ["2.96", listed(either(DETAIL_296, DETAIL_CELL_DOWN))],
  ["2.90", listed(either(DETAIL_290, DETAIL_CELL_DOWN))],
  ["2.73", listed(either(DETAIL_273, DETAIL_CELL_DOWN))],
  ["2.69", listed(either(SERVER_263, DETAIL_CELL_DOWN))],
  ["2.63", listed(SERVER_263)],
  ["2.47", listed(SERVER_247)],
  ["2.26", listed(SERVER_226)],
  ["2.19", listed(SERVER_219)],
  ["2.16", listed(SERVER_216)],
  ["2.9", listed(SERVER_29)],
  ["2.3", listed(SERVER_23)],
  ["2.1", listed(SERVER)],
];

const BRIEF = object({ id: uuid, links, name: STRING });

/** `GET /servers` (from 2.1, as Nova declares it). */
export const LIST_SERVERS_RESPONSE: VersionedSchema = [
  ["2.69", listed({ oneOf: [BRIEF, object({ id: uuid, links, status: UNKNOWN })] })],
  ["2.1", listed(BRIEF)],
];

/** `POST /servers`: the new server's reference, or a multi-create's reservation id. */
export const CREATE_SERVER_RESPONSE: SchemaObject = {
  type: "object",
  oneOf: [
    {
      properties: { reservation_id: STRING },
      required: ["reservation_id"],
      additionalProperties: false,
    },
    {
      properties: {
        server: object({
          // Only when [api] enable_instance_password.
          adminPass: STRING,
          id: uuid,
          links,
          security_groups: SECURITY_GROUPS,
          "OS-DCF:diskConfig": { type: "string", enum: ["AUTO", "MANUAL"] },
        }, ["id", "links", "security_groups", "OS-DCF:diskConfig"]),
      },
      required: ["server"],
      additionalProperties: false,
    },
  ],
};

// ---- update and rebuild: a shorter server until 2.75 ----

const SHORT = object({
  accessIPv4: ACCESS_IPV4,
  accessIPv6: ACCESS_IPV6,
  addresses: addresses("^.+$", false),
  created: dateTime,
  fault: FAULT,
  flavor: FLAVOR_REF,
  hostId: STRING,
  id: STRING,
  image: IMAGE,
  links,
  metadata: METADATA,
  name: STRING_OR_NULL,
  progress: { type: ["null", "number"] },
  status: STATUS,
  tenant_id: projectId,
  updated: dateTime,
  user_id: userId,
  "OS-DCF:diskConfig": STRING,
}, [
  "accessIPv4",
  "accessIPv6",
  "addresses",
  "created",
  "flavor",
  "hostId",
  "id",
  "image",
  "links",
  "metadata",
  "name",
  "status",
  "tenant_id",
  "updated",
  "user_id",
  "OS-DCF:diskConfig",
]);

/**
 * 2.75's additions to update and rebuild responses: update's launch index is not nullable, and
 * only update has `OS-EXT-SRV-ATTR:user_data` (rebuild has `user_data` from 2.57).
 */
function long275(base: SchemaObject, forUpdate: boolean): SchemaObject {
  const launchIndex: SchemaObject = forUpdate ? { type: "integer" } : { type: ["integer", "null"] };
  const longer = edit(base, ["server"], {
    set: {
      // Nova notes that its tests return null here.
      config_drive: { type: ["string", "boolean", "null"] },
      host_status: STRING,
      key_name: { type: ["null", "string"] },
      "os-extended-volumes:volumes_attached": VOLUMES_ATTACHED_23,
      security_groups: SECURITY_GROUPS,
      "OS-EXT-AZ:availability_zone": STRING,
      "OS-EXT-SRV-ATTR:host": STRING_OR_NULL,
      "OS-EXT-SRV-ATTR:hostname": STRING,
      "OS-EXT-SRV-ATTR:hypervisor_hostname": STRING_OR_NULL,
      "OS-EXT-SRV-ATTR:instance_name": STRING,
      "OS-EXT-SRV-ATTR:kernel_id": STRING_OR_NULL,
      "OS-EXT-SRV-ATTR:launch_index": launchIndex,
      "OS-EXT-SRV-ATTR:ramdisk_id": STRING_OR_NULL,
      "OS-EXT-SRV-ATTR:reservation_id": STRING_OR_NULL,
      "OS-EXT-SRV-ATTR:root_device_name": STRING_OR_NULL,
      "OS-EXT-STS:power_state": POWER_STATE,
      "OS-EXT-STS:task_state": STRING_OR_NULL,
      "OS-EXT-STS:vm_state": STRING_OR_NULL,
      "OS-SRV-USG:launched_at": dateTimeOrNull,
      "OS-SRV-USG:terminated_at": dateTimeOrNull,
    },
    require: [
      "config_drive",
      "OS-EXT-AZ:availability_zone",
      "OS-EXT-STS:power_state",
      "OS-EXT-STS:task_state",
      "OS-EXT-STS:vm_state",
      "os-extended-volumes:volumes_attached",
      "OS-SRV-USG:launched_at",
      "OS-SRV-USG:terminated_at",
    ],
  });
  const server = longer.properties!.server as SchemaObject;
  if (forUpdate) {
    server.properties = { ...server.properties, "OS-EXT-SRV-ATTR:user_data": USER_DATA };
  }
  const item =
    ((server.properties!.addresses as SchemaObject).patternProperties!["^.+$"] as SchemaObject)
      .items as SchemaObject;
  item.properties = {
    ...item.properties,
    "OS-EXT-IPS-MAC:mac_addr": MAC,
    "OS-EXT-IPS:type": IP_TYPE,
  };
  item.required = [...item.required!, "OS-EXT-IPS-MAC:mac_addr", "OS-EXT-IPS:type"];
  return longer;
}

const S = ["server"];
const UPDATE = wrap("server", SHORT);
const UPDATE_29 = edit(UPDATE, S, { set: { locked: { type: "boolean" } }, require: ["locked"] });
const UPDATE_219 = edit(UPDATE_29, S, {
  set: { description: { type: ["null", "string"] } },
  require: ["description"],
});
const UPDATE_226 = edit(UPDATE_219, S, { set: { tags: TAGS }, require: ["tags"] });
const UPDATE_247 = edit(UPDATE_226, S, { set: { flavor: EMBEDDED_FLAVOR } });
const UPDATE_263 = edit(UPDATE_247, S, {
  set: { trusted_image_certificates: TRUSTED_CERTS },
  require: ["trusted_image_certificates"],
});
const UPDATE_271 = edit(UPDATE_263, S, {
  set: { server_groups: SERVER_GROUPS },
  require: ["server_groups"],
});
const UPDATE_273 = edit(UPDATE_271, S, LOCKED_REASON);
const UPDATE_275 = long275(UPDATE_273, true);
const UPDATE_296 = edit(UPDATE_275, S, {
  set: { pinned_availability_zone: { type: ["null", "string"] } },
  require: ["pinned_availability_zone"],
});
const UPDATE_298 = withImageProperties(UPDATE_296, S);

/** `PUT /servers/{id}`. */
export const UPDATE_SERVER_RESPONSE: VersionedSchema = [
  ["2.100", edit(UPDATE_298, S, HINTS)],
  ["2.98", UPDATE_298],
  ["2.96", UPDATE_296],
  ["2.75", UPDATE_275],
  ["2.73", UPDATE_273],
  ["2.71", UPDATE_271],
  ["2.63", UPDATE_263],
  ["2.47", UPDATE_247],
  ["2.26", UPDATE_226],
  ["2.19", UPDATE_219],
  ["2.9", UPDATE_29],
  ["2.0", UPDATE],
];

const REBUILD = wrap(
  "server",
  edit(SHORT, [], { set: { adminPass: { type: ["null", "string"] } }, require: ["progress"] }),
);
const REBUILD_29 = edit(REBUILD, S, { set: { locked: { type: "boolean" } }, require: ["locked"] });
const REBUILD_219 = edit(REBUILD_29, S, {
  set: { description: { type: ["null", "string"] } },
  require: ["description"],
});
const REBUILD_226 = edit(REBUILD_219, S, { set: { tags: TAGS }, require: ["tags"] });
const REBUILD_247 = edit(REBUILD_226, S, { set: { flavor: EMBEDDED_FLAVOR } });
const REBUILD_254 = edit(REBUILD_247, S, {
  set: { key_name: { type: ["null", "string"] } },
  require: ["key_name"],
});
const REBUILD_257 = edit(REBUILD_254, S, { set: { user_data: USER_DATA }, require: ["user_data"] });
const REBUILD_263 = edit(REBUILD_257, S, {
  set: { trusted_image_certificates: TRUSTED_CERTS },
  require: ["trusted_image_certificates"],
});
const REBUILD_271 = edit(REBUILD_263, S, {
  set: { server_groups: SERVER_GROUPS },
  require: ["server_groups"],
});
const REBUILD_273 = edit(REBUILD_271, S, LOCKED_REASON);
const REBUILD_275 = long275(REBUILD_273, false);
const REBUILD_296 = edit(REBUILD_275, S, {
  set: { pinned_availability_zone: { type: ["null", "string"] } },
  require: ["pinned_availability_zone"],
});
const REBUILD_298 = withImageProperties(REBUILD_296, S);

/** `POST /servers/{id}/action` (`rebuild`). */
export const REBUILD_SERVER_RESPONSE: VersionedSchema = [
  ["2.100", edit(REBUILD_298, S, HINTS)],
  ["2.98", REBUILD_298],
  ["2.96", REBUILD_296],
  ["2.75", REBUILD_275],
  ["2.73", REBUILD_273],
  ["2.71", REBUILD_271],
  ["2.63", REBUILD_263],
  ["2.57", REBUILD_257],
  ["2.54", REBUILD_254],
  ["2.47", REBUILD_247],
  ["2.26", REBUILD_226],
  ["2.19", REBUILD_219],
  ["2.9", REBUILD_29],
  ["2.0", REBUILD],
];

/** `POST /servers/{id}/action` (`createImage`): no body until 2.45, then the image's id. */
export const CREATE_IMAGE_RESPONSE: VersionedSchema = [
  ["2.45", object({ image_id: { type: ["string", "null"], format: "uuid" } })],
  ["2.0", NULL_RESPONSE],
];

/**
 * No body: delete, and the actions confirmResize, revertResize, reboot, resize, os-start,
 * os-stop and trigger_crash_dump.
 */
export const NO_BODY_RESPONSE: SchemaObject = NULL_RESPONSE;
