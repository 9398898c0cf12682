/**
 * Reusable schema fragments, matching `nova/api/validation/parameter_types.py`.
 *
 * Every fragment is deeply frozen. To derive a variant (Nova uses
 * `copy.deepcopy` for this), copy first: `{ ...structuredClone(volumeSize), minimum: 0 }`.
 *
 * Key order inside each fragment matters (the first failing keyword decides
 * the message) and follows Nova's.
 *
 * @module
 */

import { validDescriptionRegex } from "./printable.ts";
import type { SchemaObject } from "./types.ts";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function fragment(schema: SchemaObject): SchemaObject {
  return deepFreeze(schema);
}

/**
 * A query parameter that may repeat: an array of values each matching `schema`
 * (Nova: `multi_params`).
 *
 * @example
 * ```ts
 * multiParams({ type: "string" }); // => { type: "array", items: { type: "string" } }
 * ```
 */
export function multiParams(schema: SchemaObject): SchemaObject {
  return { type: "array", items: schema };
}

/**
 * A query parameter that may appear at most once (Nova: `single_param`).
 *
 * @example
 * ```ts
 * singleParam({ type: "string", format: "uuid" });
 * // => { type: "array", items: { type: "string", format: "uuid" }, maxItems: 1 }
 * ```
 */
export function singleParam(schema: SchemaObject): SchemaObject {
  return { ...multiParams(schema), maxItems: 1 };
}

/** Any number of unchecked string values (Nova: `common_query_param`). */
export const commonQueryParam: SchemaObject = fragment(multiParams({ type: "string" }));

/** Any number of strings that must compile as regular expressions (Nova: `common_query_regex_param`). */
export const commonQueryRegexParam: SchemaObject = fragment(
  multiParams({ type: "string", format: "regex" }),
);

/** Nova's boolean: JSON booleans or the usual spellings of yes/no as strings. */
export const boolean: SchemaObject = fragment({
  type: ["boolean", "string"],
  enum: [
    true,
    "True",
    "TRUE",
    "true",
    "1",
    "ON",
    "On",
    "on",
    "YES",
    "Yes",
    "yes",
    false,
    "False",
    "FALSE",
    "false",
    "0",
    "OFF",
    "Off",
    "off",
    "NO",
    "No",
    "no",
  ],
});

/** A name of 1-255 characters, or `null`. */
export const nameOrNone: SchemaObject = fragment({
  oneOf: [
    { type: "string", minLength: 1, maxLength: 255 },
    { type: "null" },
  ],
});

/** An integer >= 1, as a number or a string of digits. */
export const positiveInteger: SchemaObject = fragment({
  type: ["integer", "string"],
  pattern: "^[0-9]*$",
  minimum: 1,
  minLength: 1,
});

/** An integer >= 0, as a number or a string of digits. */
export const nonNegativeInteger: SchemaObject = fragment({
  type: ["integer", "string"],
  pattern: "^[0-9]*$",
  minimum: 0,
  minLength: 1,
});

/** A host name label per RFC 952/1123: 2-63 letters, digits and inner hyphens. */
export const hostname: SchemaObject = fragment({
  type: "string",
  pattern: "^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$",
  minLength: 2,
  maxLength: 63,
});

/** A service host name; also allows dots and underscores. */
export const fqdn: SchemaObject = fragment({
  type: "string",
  pattern: "^[a-zA-Z0-9-._]*$",
  minLength: 1,
  maxLength: 255,
});

/** A resource name: printable, no leading/trailing whitespace, 1-255 characters. */
export const name: SchemaObject = fragment({
  type: "string",
  format: "name",
  minLength: 1,
  maxLength: 255,
});

/** An availability zone name: like {@link name} but without `:`. */
export const azName: SchemaObject = fragment({
  type: "string",
  format: "az_name",
  minLength: 1,
  maxLength: 255,
});

/** A key pair name: a {@link name} limited to letters, digits, `_`, `-` and spaces. */
export const keypairNameSpecialChars: SchemaObject = fragment({
  allOf: [
    name,
    { type: "string", pattern: "^[_\\- a-zA-Z0-9]+$", minLength: 1, maxLength: 255 },
  ],
});

/** A key pair name from microversion 2.92: also allows `@` and `.`. */
export const keypairNameSpecialCharsV292: SchemaObject = fragment({
  allOf: [
    name,
    { type: "string", pattern: "^[_\\-\\@\\. a-zA-Z0-9]+$", minLength: 1, maxLength: 255 },
  ],
});

/** An availability zone name that may have leading/trailing spaces. */
export const azNameWithLeadingTrailingSpaces: SchemaObject = fragment({
  type: "string",
  format: "az_name_with_leading_trailing_spaces",
  minLength: 1,
  maxLength: 255,
});

/** A name that may have leading/trailing spaces (but is not only spaces). */
export const nameWithLeadingTrailingSpaces: SchemaObject = fragment({
  type: "string",
  format: "name_with_leading_trailing_spaces",
  minLength: 1,
  maxLength: 255,
});

/** A description: printable characters, up to 255, or `null`. */
export const description: SchemaObject = fragment({
  type: ["string", "null"],
  pattern: validDescriptionRegex,
  minLength: 0,
  maxLength: 255,
});

/** A project id: 1-255 letters, digits and hyphens. */
export const projectId: SchemaObject = fragment({
  type: "string",
  pattern: "^[a-zA-Z0-9-]*$",
  minLength: 1,
  maxLength: 255,
});

/** A user id: 1-255 letters, digits and hyphens. */
export const userId: SchemaObject = fragment({
  type: "string",
  pattern: "^[a-zA-Z0-9-]*$",
  minLength: 1,
  maxLength: 255,
});

/** A server UUID. */
export const serverId: SchemaObject = fragment({ type: "string", format: "uuid" });

/** An image UUID. */
export const imageId: SchemaObject = fragment({ type: "string", format: "uuid" });

/** A Manila share UUID. */
export const shareId: SchemaObject = fragment({ type: "string", format: "uuid" });

/** A share tag: 1-255 letters, digits and hyphens. */
export const shareTag: SchemaObject = fragment({
  type: "string",
  minLength: 1,
  maxLength: 255,
  pattern: "^[a-zA-Z0-9-]*$",
});

/** A share export location. */
export const shareExportLocation: SchemaObject = fragment({ type: "string" });

/** A share mapping status. */
export const shareStatus: SchemaObject = fragment({
  type: "string",
  enum: ["active", "inactive", "attaching", "detaching", "error"],
});

/** An image UUID, or `""` for "no image". */
export const imageIdOrEmptyString: SchemaObject = fragment({
  oneOf: [
    { type: "string", format: "uuid" },
    { type: "string", maxLength: 0 },
  ],
});

/** A volume UUID. */
export const volumeId: SchemaObject = fragment({ type: "string", format: "uuid" });

/** A volume attachment UUID. */
export const attachmentId: SchemaObject = fragment({ type: "string", format: "uuid" });

/** A volume type name (0-255 characters) or `null`. */
export const volumeType: SchemaObject = fragment({
  type: ["string", "null"],
  minLength: 0,
  maxLength: 255,
});

/** A network UUID. */
export const networkId: SchemaObject = fragment({ type: "string", format: "uuid" });

/** A port UUID. */
export const networkPortId: SchemaObject = fragment({ type: "string", format: "uuid" });

/** An admin password: any string. */
export const adminPassword: SchemaObject = fragment({ type: "string" });

/** A flavor reference: a non-empty string or an integer. */
export const flavorRef: SchemaObject = fragment({ type: ["string", "integer"], minLength: 1 });

/** Metadata: string values up to 255 characters under keys of 1-255 safe characters. */
export const metadata: SchemaObject = fragment({
  type: "object",
  patternProperties: {
    "^[a-zA-Z0-9-_:. ]{1,255}$": { type: "string", maxLength: 255 },
  },
  additionalProperties: false,
});

/** Like {@link metadata}, but values may also be `null`. */
export const metadataWithNull: SchemaObject = fragment({
  type: "object",
  patternProperties: {
    "^[a-zA-Z0-9-_:. ]{1,255}$": { type: ["string", "null"], maxLength: 255 },
  },
  additionalProperties: false,
});

/** A MAC address, `xx:xx:xx:xx:xx:xx`. */
export const macAddress: SchemaObject = fragment({
  type: "string",
  pattern: "^([0-9a-fA-F]{2})(:[0-9a-fA-F]{2}){5}$",
});

/** An IPv4 or IPv6 address. */
export const ipAddress: SchemaObject = fragment({
  type: "string",
  oneOf: [{ format: "ipv4" }, { format: "ipv6" }],
});

/** An IPv4 address. */
export const ipv4: SchemaObject = fragment({ type: "string", format: "ipv4" });

/** An IPv6 address. */
export const ipv6: SchemaObject = fragment({ type: "string", format: "ipv6" });

/** A network in CIDR notation. */
export const cidr: SchemaObject = fragment({ type: "string", format: "cidr" });

/** A volume size in GiB: 1 up to the database's largest integer, number or digit string. */
export const volumeSize: SchemaObject = fragment({
  type: ["integer", "string"],
  pattern: "^[0-9]+$",
  minimum: 1,
  maximum: 0x7fffffff,
});

/** A disk partitioning mode. */
export const diskConfig: SchemaObject = fragment({ type: "string", enum: ["AUTO", "MANUAL"] });

/** A server's IPv4 access address. */
export const accessIPv4: SchemaObject = fragment({ type: "string", format: "ipv4" });

/** A server's IPv6 access address. */
export const accessIPv6: SchemaObject = fragment({ type: "string", format: "ipv6" });

/** A positive flavor attribute (RAM, vCPUs): same as {@link volumeSize}. */
export const flavorParamPositive: SchemaObject = fragment(structuredClone(volumeSize));

/** A non-negative flavor attribute (disk, ephemeral, swap). */
export const flavorParamNonNegative: SchemaObject = fragment({
  ...structuredClone(volumeSize),
  minimum: 0,
});

/** Files to inject: a list of `{path, contents}` with base64 contents. */
export const personality: SchemaObject = fragment({
  type: "array",
  items: {
    type: "object",
    properties: {
      path: { type: "string" },
      contents: { type: "string", format: "base64" },
    },
    additionalProperties: false,
  },
});

/** The longest server tag Nova stores. */
export const MAX_TAG_LENGTH = 60;

/** A server tag: 1-60 characters, no `,` or `/`. */
export const tag: SchemaObject = fragment({
  type: "string",
  pattern: "^[^,/]*$",
  minLength: 1,
  maxLength: MAX_TAG_LENGTH,
});

/** The `limit` / `marker` query parameters of paginated listings. */
export const paginationParameters: Readonly<Record<string, SchemaObject>> = deepFreeze({
  limit: multiParams(nonNegativeInteger),
  marker: multiParams({ type: "string" }),
});

/** Trusted certificate ids: 1-50 unique non-empty strings, or `null` to reset. */
export const trustedCerts: SchemaObject = fragment({
  type: ["array", "null"],
  minItems: 1,
  maxItems: 50,
  uniqueItems: true,
  items: { type: "string", minLength: 1 },
});
