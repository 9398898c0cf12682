/**
 * Response schemas of the server sub-resources and of the actions other Nova controllers serve
 * (`schemas/rescue.py`, `evacuate.py`, `create_backup.py`, `console_output.py`,
 * `remote_consoles.py`, `ips.py`, `server_metadata.py`, `server_tags.py`,
 * `server_password.py`). Every other action answers without a body ({@link NO_BODY_RESPONSE}).
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { meta, metadata, NULL_RESPONSE, object, wrap } from "../response_types.ts";
import { tag } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

/** No body: most actions, deletes, and tag show / add / remove. */
export const NO_BODY_RESPONSE: SchemaObject = NULL_RESPONSE;

/** `rescue`: the rescue password, when `[api] enable_instance_password` shows it. */
export const RESCUE_RESPONSE: SchemaObject = {
  type: "object",
  properties: { adminPass: { type: "string" } },
  additionalProperties: false,
};

/** `evacuate`: the admin password (or nothing) until 2.13; no body from 2.14. */
export const EVACUATE_RESPONSE: VersionedSchema = [
  ["2.14", NULL_RESPONSE],
  ["2.0", {
    type: ["object", "null"],
    properties: { adminPass: { type: ["null", "string"] } },
    required: [],
    additionalProperties: false,
  }],
];

/** `createBackup`: no body until 2.44, then the image's id (Nova declares it from 2.1). */
export const CREATE_BACKUP_RESPONSE: VersionedSchema = [
  ["2.45", object({ image_id: { type: "string", format: "uuid" } })],
  ["2.1", NULL_RESPONSE],
];

/** `os-getConsoleOutput`. */
export const CONSOLE_OUTPUT_RESPONSE: SchemaObject = object({ output: { type: "string" } });

const URL: SchemaObject = { type: "string", format: "uri" };
const console = (type: SchemaObject, required = true): SchemaObject => {
  const body = wrap("console", object({ type, url: URL }));
  if (!required) delete body.required; // Nova's spice schema does not require `console`
  return body;
};

/** `os-getVNCConsole`. */
export const VNC_CONSOLE_RESPONSE: SchemaObject = console({
  type: "string",
  enum: ["novnc", "xvpvnc"],
});
/** `os-getSPICEConsole`. */
export const SPICE_CONSOLE_RESPONSE: SchemaObject = console(
  { type: "string", const: "spice-html5" },
  false,
);
/** `os-getRDPConsole`. */
export const RDP_CONSOLE_RESPONSE: SchemaObject = console({ type: "string", const: "rdp-html5" });
/** `os-getSerialConsole`. */
export const SERIAL_CONSOLE_RESPONSE: SchemaObject = console({ type: "string", const: "serial" });

const remoteConsole = (protocols: string[], types: string[]) =>
  wrap(
    "remote_console",
    object({
      protocol: { type: "string", enum: protocols },
      type: { type: "string", enum: types },
      url: URL,
    }),
  );
const TYPES = ["novnc", "xvpvnc", "spice-html5", "serial", "rdp-html5"];

/** `POST /servers/{id}/remote-consoles` (2.6+): 2.8 adds MKS, 2.99 spice-direct. */
export const REMOTE_CONSOLE_RESPONSE: VersionedSchema = [
  [
    "2.99",
    remoteConsole(["vnc", "spice", "serial", "rdp", "mks"], [...TYPES, "webmks", "spice-direct"]),
  ],
  ["2.8", remoteConsole(["vnc", "spice", "serial", "rdp", "mks"], [...TYPES, "webmks"])],
  ["2.6", remoteConsole(["vnc", "spice", "serial", "rdp"], TYPES)],
];

const IP_ADDRESS: SchemaObject = object({
  addr: { type: "string", oneOf: [{ format: "ipv4" }, { format: "ipv6" }] },
  version: { enum: [4, 6] },
});
const BY_NETWORK: SchemaObject = {
  type: "object",
  patternProperties: { "^.+$": { type: "array", items: IP_ADDRESS } },
  additionalProperties: false,
};

/** `GET /servers/{id}/ips`. */
export const IPS_RESPONSE: SchemaObject = wrap("addresses", BY_NETWORK);
/** `GET /servers/{id}/ips/{network}`. */
export const IPS_OF_NETWORK_RESPONSE: SchemaObject = BY_NETWORK;

/** `GET`, `POST` and `PUT /servers/{id}/metadata`. */
export const METADATA_RESPONSE: SchemaObject = wrap("metadata", metadata);
/** `GET` and `PUT /servers/{id}/metadata/{key}`. */
export const META_ITEM_RESPONSE: SchemaObject = wrap("meta", meta);

/** `GET` and `PUT /servers/{id}/tags`. */
export const TAGS_RESPONSE: SchemaObject = wrap("tags", {
  type: "array",
  items: tag,
  additionalItems: false,
});

/** `GET /servers/{id}/os-server-password`. */
export const PASSWORD_RESPONSE: SchemaObject = object({ password: { type: "string" } });

const NULLABLE_INT: SchemaObject = { type: ["integer", "null"] };
const ints = (names: string[]) => Object.fromEntries(names.map((n) => [n, NULLABLE_INT]));

/** `GET /servers/{id}/diagnostics`: driver-defined keys until 2.47, Nova's model from 2.48. */
export const DIAGNOSTICS_RESPONSE: VersionedSchema = [
  [
    "2.48",
    object({
      config_drive: { type: "boolean" },
      cpu_details: { type: "array", items: object(ints(["id", "time", "utilisation"])) },
      disk_details: {
        type: "array",
        items: object(
          ints(["errors_count", "read_bytes", "read_requests", "write_bytes", "write_requests"]),
        ),
      },
      driver: { type: "string", enum: ["ironic", "libvirt", "vmwareapi", "xenapi"] },
      hypervisor: { type: ["string", "null"] },
      hypervisor_os: { type: ["string", "null"] },
      memory_details: object(ints(["maximum", "used"])),
      nic_details: {
        type: "array",
        items: object({
          mac_address: { type: ["string", "null"] },
          ...ints([
            "rx_drop",
            "rx_errors",
            "rx_octets",
            "rx_packets",
            "rx_rate",
            "tx_drop",
            "tx_errors",
            "tx_octets",
            "tx_packets",
            "tx_rate",
          ]),
        }),
      },
      num_cpus: NULLABLE_INT,
      num_disks: NULLABLE_INT,
      num_nics: NULLABLE_INT,
      state: {
        type: "string",
        enum: ["pending", "running", "paused", "shutdown", "crashed", "suspended"],
      },
      uptime: NULLABLE_INT,
    }),
  ],
  ["2.1", { type: "object", properties: {}, required: [], additionalProperties: true }],
];
