/**
 * Request schemas of `/servers` (Nova's `schemas/servers.py`), per microversion. Patterns are in
 * Python syntax, as the validator expects. Each schema is built fresh from the fragments of
 * `lib/validation/parameter_types.ts`, so no two versions share a mutable object.
 *
 * | schema | versions |
 * | --- | --- |
 * | create | 2.1-2.18 · +description 2.19 · +network/BDM tag 2.32 only · -BDM tag 2.33 · networks required, `auto`/`none` 2.37 · +tags again 2.42 · +server tags 2.52 · -personality 2.57 · +trusted certs 2.63 · +BDM volume_type 2.67 · +host, hypervisor_hostname 2.74 · +hostname 2.90 · FQDN hostname 2.94 |
 * | update | 2.1-2.18 · +description 2.19 · +hostname 2.90 · FQDN 2.94 · +pinned_availability_zone 2.104 |
 * | list query | extra parameters dropped <=2.74 · +tags filters 2.26 · +changes-before 2.66 · +locked 2.73 · refused 2.75+ |
 * | show query | extra parameters ignored <=2.101 · refused 2.102+ |
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import {
  accessIPv4,
  accessIPv6,
  adminPassword,
  boolean,
  commonQueryParam,
  commonQueryRegexParam,
  description,
  diskConfig,
  flavorRef,
  fqdn,
  hostname,
  imageId,
  imageIdOrEmptyString,
  ipAddress,
  metadata,
  multiParams,
  name,
  nameOrNone,
  paginationParameters,
  personality,
  positiveInteger,
  serverId,
  tag,
  trustedCerts,
  volumeId,
  volumeSize,
  volumeType,
} from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import { MAX_TAG_COUNT } from "../../instances/tags.ts";

export { MAX_TAG_COUNT };

/** The longest user data Nova accepts (base64 text, characters). */
export const MAX_USER_DATA_LENGTH = 65535;

function legacyBdmProperties(): Record<string, SchemaObject> {
  return {
    virtual_name: { type: "string", maxLength: 255 },
    volume_id: volumeId,
    snapshot_id: imageId,
    volume_size: volumeSize,
    // No empty device names and no spaces (Nova's validate_device_name).
    device_name: {
      type: "string",
      minLength: 1,
      maxLength: 255,
      pattern: "^[a-zA-Z0-9._/-]*$",
    },
    delete_on_termination: boolean,
    no_device: {},
    connection_info: { type: "string", maxLength: 16777215 },
  };
}

/** Options for one block_device_mapping_v2 item schema. */
interface BdmOptions {
  tag: boolean;
  volumeType: boolean;
}

function bdmV2Item(options: BdmOptions): SchemaObject {
  const properties: Record<string, SchemaObject> = {
    ...legacyBdmProperties(),
    source_type: { type: "string", enum: ["volume", "image", "snapshot", "blank"] },
    uuid: { type: "string", minLength: 1, maxLength: 255, pattern: "^[a-zA-Z0-9._-]*$" },
    image_id: imageId,
    destination_type: { type: "string", enum: ["local", "volume"] },
    guest_format: { type: "string", maxLength: 255 },
    device_type: { type: "string", maxLength: 255 },
    disk_bus: { type: "string", maxLength: 255 },
    // A null boot index is still taken, for the legacy v2 API's sake.
    boot_index: { type: ["integer", "string", "null"], pattern: "^-?[0-9]+$" },
  };
  if (options.tag) properties.tag = tag;
  if (options.volumeType) properties.volume_type = volumeType;
  return { type: "object", properties, additionalProperties: false };
}

function schedulerHints(): SchemaObject {
  const uuid: SchemaObject = { type: "string", format: "uuid" };
  return {
    type: "object",
    properties: {
      group: { oneOf: [{ type: "array", items: uuid }, uuid] },
      different_host: { oneOf: [uuid, { type: "array", items: serverId }] },
      same_host: { type: ["string", "array"], items: serverId },
      query: { type: ["string", "object"] },
      target_cell: name,
      different_cell: { type: ["string", "array"], items: { type: "string" } },
      build_near_host_ip: ipAddress,
      cidr: { type: "string", pattern: "^/[0-9a-f.:]+$" },
    },
    // Unknown hints are passed to the scheduler, which may have filters for them.
    additionalProperties: true,
  };
}

/** What changes between the create schemas. */
interface CreateOptions {
  description: boolean;
  /** Where a `tag` is allowed: 2.32 both, 2.33-2.41 networks only, 2.42+ both. */
  networkTag: boolean;
  bdmTag: boolean;
  /** 2.37+: `networks` required, a list of uuid'd items or `auto` / `none`. */
  networksV237: boolean;
  tags: boolean;
  personality: boolean;
  trustedCerts: boolean;
  bdmVolumeType: boolean;
  hostAndNode: boolean;
  /** The hostname fragment (2.90 label, 2.94 FQDN), if any. */
  hostname?: SchemaObject;
}

function networkItem(uuidFormat: boolean, withTag: boolean): SchemaObject {
  const properties: Record<string, SchemaObject> = {
    fixed_ip: ipAddress,
    port: { type: ["string", "null"], format: "uuid" },
    uuid: uuidFormat ? { type: "string", format: "uuid" } : { type: "string" },
  };
  if (withTag) properties.tag = tag;
  return { type: "object", properties, additionalProperties: false };
}

function createSchema(o: CreateOptions): SchemaObject {
  const networks: SchemaObject = o.networksV237
    ? {
      oneOf: [
        { type: "array", items: networkItem(true, o.networkTag) },
        { type: "string", enum: ["none", "auto"] },
      ],
    }
    : { type: "array", items: networkItem(false, o.networkTag) };
  const properties: Record<string, SchemaObject> = {
    name,
    // An empty imageRef is allowed by the schema (boot from volume); the controller refuses it
    // when there is no volume to boot from.
    imageRef: imageIdOrEmptyString,
    flavorRef,
    adminPass: adminPassword,
    metadata,
    networks,
    "OS-DCF:diskConfig": diskConfig,
    accessIPv4,
    accessIPv6,
    personality,
    availability_zone: name,
    block_device_mapping: {
      type: "array",
      items: { type: "object", properties: legacyBdmProperties(), additionalProperties: false },
    },
    block_device_mapping_v2: {
      type: "array",
      items: bdmV2Item({ tag: o.bdmTag, volumeType: o.bdmVolumeType }),
    },
    config_drive: boolean,
    key_name: name,
    min_count: positiveInteger,
    max_count: positiveInteger,
    return_reservation_id: boolean,
    security_groups: {
      type: "array",
      items: {
        type: "object",
        // Names or UUIDs: Neutron takes either.
        properties: { name },
        additionalProperties: false,
      },
    },
    user_data: { type: "string", format: "base64", maxLength: MAX_USER_DATA_LENGTH },
  };
  if (o.description) properties.description = description;
  if (o.tags) properties.tags = { type: "array", items: tag, maxItems: MAX_TAG_COUNT };
  if (!o.personality) delete properties.personality;
  if (o.trustedCerts) properties.trusted_image_certificates = trustedCerts;
  if (o.hostAndNode) {
    properties.host = fqdn;
    properties.hypervisor_hostname = fqdn;
  }
  if (o.hostname) properties.hostname = o.hostname;
  const required = o.networksV237 ? ["name", "flavorRef", "networks"] : ["name", "flavorRef"];
  return {
    type: "object",
    properties: {
      server: { type: "object", properties, required, additionalProperties: false },
      "os:scheduler_hints": schedulerHints(),
      "OS-SCH-HNT:scheduler_hints": schedulerHints(),
    },
    required: ["server"],
    additionalProperties: false,
  };
}

const V21: CreateOptions = {
  description: false,
  networkTag: false,
  bdmTag: false,
  networksV237: false,
  tags: false,
  personality: true,
  trustedCerts: false,
  bdmVolumeType: false,
  hostAndNode: false,
};
const V219: CreateOptions = { ...V21, description: true };
// 2.32 only: tags on networks and block devices (meant as "2.32 and later", fixed in 2.42).
const V232: CreateOptions = { ...V219, networkTag: true, bdmTag: true };
const V233: CreateOptions = { ...V219, networkTag: true };
const V237: CreateOptions = { ...V233, networksV237: true, networkTag: false };
const V242: CreateOptions = { ...V237, networkTag: true, bdmTag: true };
const V252: CreateOptions = { ...V242, tags: true };
const V257: CreateOptions = { ...V252, personality: false };
const V263: CreateOptions = { ...V257, trustedCerts: true };
const V267: CreateOptions = { ...V263, bdmVolumeType: true };
const V274: CreateOptions = { ...V267, hostAndNode: true };
const V290: CreateOptions = { ...V274, hostname };
const V294: CreateOptions = { ...V274, hostname: fqdn };

/** The body schema of `POST /servers` per microversion. */
export const CREATE_SERVER: VersionedSchema = [
  ["2.94", createSchema(V294)],
  ["2.90", createSchema(V290)],
  ["2.74", createSchema(V274)],
  ["2.67", createSchema(V267)],
  ["2.63", createSchema(V263)],
  ["2.57", createSchema(V257)],
  ["2.52", createSchema(V252)],
  ["2.42", createSchema(V242)],
  ["2.37", createSchema(V237)],
  ["2.33", createSchema(V233)],
  ["2.32", createSchema(V232)],
  ["2.19", createSchema(V219)],
  ["2.1", createSchema(V21)],
];

function updateSchema(extra: Record<string, SchemaObject>): SchemaObject {
  return {
    type: "object",
    properties: {
      server: {
        type: "object",
        properties: {
          name,
          "OS-DCF:diskConfig": diskConfig,
          accessIPv4,
          accessIPv6,
          ...extra,
        },
        additionalProperties: false,
      },
    },
    required: ["server"],
    additionalProperties: false,
  };
}

/** The body schema of `PUT /servers/{id}` per microversion. */
export const UPDATE_SERVER: VersionedSchema = [
  [
    "2.104",
    updateSchema({ description, hostname: fqdn, pinned_availability_zone: nameOrNone }),
  ],
  ["2.94", updateSchema({ description, hostname: fqdn })],
  ["2.90", updateSchema({ description, hostname })],
  ["2.19", updateSchema({ description })],
  ["2.1", updateSchema({})],
];

/**
 * Sort keys Nova once took and now ignores (dropped from the sort, no error) before 2.75;
 * `locked` became a real sort key in 2.73.
 */
export const IGNORED_SORT_KEYS: readonly string[] = [
  "architecture",
  "cell_name",
  "cleaned",
  "default_ephemeral_device",
  "default_swap_device",
  "deleted",
  "deleted_at",
  "disable_terminate",
  "ephemeral_gb",
  "ephemeral_key_uuid",
  "id",
  "key_data",
  "launched_on",
  "locked",
  "memory_mb",
  "os_type",
  "reservation_id",
  "root_gb",
  "shutdown_terminate",
  "user_data",
  "vcpus",
  "vm_mode",
];

/** Sort keys that really sort a server listing. */
export const SORT_KEYS: readonly string[] = [
  "access_ip_v4",
  "access_ip_v6",
  "auto_disk_config",
  "availability_zone",
  "config_drive",
  "created_at",
  "display_description",
  "display_name",
  "host",
  "hostname",
  "image_ref",
  "instance_type_id",
  "kernel_id",
  "key_name",
  "launch_index",
  "launched_at",
  "locked_by",
  "node",
  "power_state",
  "progress",
  "project_id",
  "ramdisk_id",
  "root_device_name",
  "task_state",
  "terminated_at",
  "updated_at",
  "user_id",
  "uuid",
  "vm_state",
];

/** The sort keys ignored at a microversion (none from 2.75, where they are refused). */
export function ignoredSortKeys(atLeast273: boolean, atLeast275: boolean): readonly string[] {
  if (atLeast275) return [];
  return atLeast273 ? IGNORED_SORT_KEYS.filter((k) => k !== "locked") : IGNORED_SORT_KEYS;
}

/**
 * Query parameters naming joined tables: kept through the schema so the controller can refuse
 * them with a 400 rather than have them vanish.
 */
export const JOINED_TABLE_PARAMS: readonly string[] = [
  "block_device_mapping",
  "services",
  "metadata",
  "system_metadata",
  "info_cache",
  "security_groups",
  "pci_devices",
];

const PLAIN_FILTERS = [
  "user_id",
  "project_id",
  "tenant_id",
  "launch_index",
  "image_ref",
  "image",
  "vm_state",
  "task_state",
  "host",
  "uuid",
  "sort_dir",
  "all_tenants",
  "soft_deleted",
  "deleted",
  "status",
];

const REGEX_FILTERS = [
  "kernel_id",
  "ramdisk_id",
  "hostname",
  "key_name",
  "power_state",
  "node",
  "flavor",
  "reservation_id",
  "launched_at",
  "terminated_at",
  "availability_zone",
  "name",
  "display_name",
  "description",
  "display_description",
  "locked_by",
  "root_device_name",
  "config_drive",
  "access_ip_v4",
  "access_ip_v6",
  "auto_disk_config",
  "progress",
  "ip",
  "ip6",
  "created_at",
];

const TAG_FILTERS = ["tags", "tags-any", "not-tags", "not-tags-any"];

interface ListOptions {
  tags: boolean;
  changesBefore: boolean;
  locked: boolean;
  strict: boolean;
}

function listQuery(o: ListOptions): SchemaObject {
  const properties: Record<string, SchemaObject> = {};
  for (const p of PLAIN_FILTERS) properties[p] = commonQueryParam;
  for (const p of REGEX_FILTERS) properties[p] = commonQueryRegexParam;
  const sortKeys = o.strict
    ? ["locked", ...SORT_KEYS]
    : o.locked
    ? ["locked", ...SORT_KEYS, ...IGNORED_SORT_KEYS.filter((k) => k !== "locked")]
    : [...SORT_KEYS, ...IGNORED_SORT_KEYS];
  properties.sort_key = multiParams({ type: "string", enum: sortKeys });
  properties["changes-since"] = multiParams({ type: "string", format: "date-time" });
  for (const p of JOINED_TABLE_PARAMS) properties[p] = commonQueryParam;
  Object.assign(properties, structuredClone(paginationParameters));
  if (o.tags) { for (const p of TAG_FILTERS) properties[p] = commonQueryRegexParam; }
  if (o.changesBefore) {
    properties["changes-before"] = multiParams({ type: "string", format: "date-time" });
  }
  if (o.locked) properties.locked = commonQueryParam;
  return {
    type: "object",
    properties,
    // Before 2.75 unknown parameters are dropped (the controller refuses some later); from 2.75
    // they are refused. Parameters starting with `_` are never dropped: the controller refuses them.
    additionalProperties: !o.strict,
    patternProperties: { "^_": commonQueryParam },
  };
}

/** The query schema of `GET /servers` and `GET /servers/detail` per microversion. */
export const LIST_SERVERS_QUERY: VersionedSchema = [
  ["2.75", listQuery({ tags: true, changesBefore: true, locked: true, strict: true })],
  ["2.73", listQuery({ tags: true, changesBefore: true, locked: true, strict: false })],
  ["2.66", listQuery({ tags: true, changesBefore: true, locked: false, strict: false })],
  ["2.26", listQuery({ tags: true, changesBefore: false, locked: false, strict: false })],
  ["2.1", listQuery({ tags: false, changesBefore: false, locked: false, strict: false })],
];

/**
 * The query schema of a servers GET that takes no parameters (show, ips, metadata): extras are
 * ignored before 2.102 and refused from 2.102.
 */
export const NO_PARAMS_QUERY: VersionedSchema = [
  ["2.102", { type: "object", properties: {}, additionalProperties: false }],
  ["2.1", { type: "object", properties: {}, additionalProperties: true }],
];

function metadataBody(key: "metadata" | "meta", single: boolean): SchemaObject {
  const value: SchemaObject = single
    ? { ...structuredClone(metadata), minProperties: 1, maxProperties: 1 }
    : metadata;
  return {
    type: "object",
    properties: { [key]: value },
    required: [key],
    additionalProperties: false,
  };
}

/** `POST /servers/{id}/metadata` (merge) and `PUT /servers/{id}/metadata` (replace). */
export const SET_METADATA: SchemaObject = metadataBody("metadata", false);

/** `PUT /servers/{id}/metadata/{key}`: exactly one item under `meta`. */
export const SET_METADATA_ITEM: SchemaObject = metadataBody("meta", true);

/** The scheduler hints schema (Nova's `_hints`), which responses from 2.100 reuse. */
export const SCHEDULER_HINTS: SchemaObject = schedulerHints();
