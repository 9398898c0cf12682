/**
 * The identity headers auth_token hands downstream (`X-User-Id`, `X-Roles`, `X-Service-*`, ...):
 * the full list it removes from every incoming request so a client cannot forge them, and the
 * code that fills them from a validated token.
 *
 * @module
 */
import type { TokenInfo } from "./access.ts";
import { normalizeCatalog } from "./catalog.ts";
import { pyJsonDumps } from "../../http/pyjson.ts";
import { encodeHeaderText } from "../../http/header_text.ts";

/** `X-Identity-Status`: `Confirmed` or `Invalid`, always set. */
export const USER_STATUS_HEADER = "X-Identity-Status";
/** `X-Service-Identity-Status`: set only when an `X-Service-Token` was sent. */
export const SERVICE_STATUS_HEADER = "X-Service-Identity-Status";
/** The user token's catalog, v2 shaped JSON. */
export const SERVICE_CATALOG_HEADER = "X-Service-Catalog";
/** `True` / `False`: whether the token is scoped to the admin project. */
export const ADMIN_PROJECT_HEADER = "X-Is-Admin-Project";
/** `all` for a system-scoped user token. */
export const SYSTEM_SCOPE_HEADER = "OpenStack-System-Scope";

/** Header name (with `%s` for the `-Service` infix) -> the token field it carries. */
const TEMPLATES: ReadonlyArray<[string, keyof TokenInfo]> = [
  ["X%s-Domain-Id", "domainId"],
  ["X%s-Domain-Name", "domainName"],
  ["X%s-Project-Id", "projectId"],
  ["X%s-Project-Name", "projectName"],
  ["X%s-Project-Domain-Id", "projectDomainId"],
  ["X%s-Project-Domain-Name", "projectDomainName"],
  ["X%s-User-Id", "userId"],
  ["X%s-User-Name", "userName"],
  ["X%s-User-Domain-Id", "userDomainId"],
  ["X%s-User-Domain-Name", "userDomainName"],
];
const ROLES_TEMPLATE = "X%s-Roles";

/** Old header names, each a copy of the newer header it maps to. */
const DEPRECATED: ReadonlyArray<[string, string]> = [
  ["X-Role", "X-Roles"],
  ["X-User", "X-User-Name"],
  ["X-Tenant-Id", "X-Project-Id"],
  ["X-Tenant-Name", "X-Project-Name"],
  ["X-Tenant", "X-Project-Name"],
];

const fill = (template: string, infix: string) => template.replace("%s", infix);

/**
 * Every header auth_token may set, hence removes on the way in. keystonemiddleware leaves
 * `OpenStack-System-Scope` out of its list (it overwrites it only for a valid user token); it is
 * removed here too, so that a forged one never survives a `delay_auth_decision` pass.
 */
export const AUTH_HEADERS: readonly string[] = [
  SERVICE_CATALOG_HEADER,
  USER_STATUS_HEADER,
  SERVICE_STATUS_HEADER,
  ADMIN_PROJECT_HEADER,
  SYSTEM_SCOPE_HEADER,
  ...DEPRECATED.map(([name]) => name),
  ...TEMPLATES.flatMap(([t]) => [fill(t, ""), fill(t, "-Service")]),
  fill(ROLES_TEMPLATE, ""),
  fill(ROLES_TEMPLATE, "-Service"),
];

/** {@link AUTH_HEADERS}, lower-cased, as `Headers` iterates names. */
const AUTH_HEADER_SET: ReadonlySet<string> = new Set(AUTH_HEADERS.map((h) => h.toLowerCase()));

/** Whether `name` (lower-case, as `Headers` iterates names) is an identity header. */
export function isAuthHeader(name: string): boolean {
  return AUTH_HEADER_SET.has(name);
}

/** Remove every identity header from `headers` (in place). */
export function removeAuthHeaders(headers: Headers): void {
  // One pass over what was sent rather than a delete per name: most requests carry none.
  let present: string[] | undefined;
  for (const [name] of headers) {
    if (AUTH_HEADER_SET.has(name)) (present ??= []).push(name);
  }
  if (present) { for (const name of present) headers.delete(name); }
}

function setOrDelete(headers: Headers, name: string, value: string | null): void {
  if (value === null) headers.delete(name);
  else headers.set(name, encodeHeaderText(value));
}

/** The header names of {@link TEMPLATES} and the roles header, per infix, built once. */
const NAMES: Record<string, { roles: string; fields: ReadonlyArray<[string, keyof TokenInfo]> }> = {
  "": {
    roles: fill(ROLES_TEMPLATE, ""),
    fields: TEMPLATES.map(([t, field]) => [fill(t, ""), field]),
  },
  "-Service": {
    roles: fill(ROLES_TEMPLATE, "-Service"),
    fields: TEMPLATES.map(([t, field]) => [fill(t, "-Service"), field]),
  },
};

function setTokenHeaders(headers: Headers, info: TokenInfo, infix: string): void {
  const names = NAMES[infix];
  headers.set(names.roles, encodeHeaderText(info.roles.join(",")));
  for (const [name, field] of names.fields) {
    setOrDelete(headers, name, info[field] as string | null);
  }
}

/**
 * Describe the user of a validated token: `X-Roles`, `X-User-*`, `X-Project-*`, `X-Domain-*`,
 * `X-Is-Admin-Project`, `OpenStack-System-Scope` and the deprecated `X-User`, `X-Role`,
 * `X-Tenant*` copies. Fields the token lacks leave their header unset. Non-ASCII text travels as
 * UTF-8 bytes (see header_text.ts).
 */
export function setUserHeaders(headers: Headers, info: TokenInfo): void {
  setTokenHeaders(headers, info, "");
  setOrDelete(headers, SYSTEM_SCOPE_HEADER, info.systemScope);
  headers.set(ADMIN_PROJECT_HEADER, info.isAdminProject ? "True" : "False");
  for (const [old, current] of DEPRECATED) {
    const value = headers.get(current); // already encoded: copy as is
    if (value === null) headers.delete(old);
    else headers.set(old, value);
  }
}

/**
 * Describe the holder of a validated service token: `X-Service-Roles`, `X-Service-User-*`,
 * `X-Service-Project-*`, `X-Service-Domain-*`. (keystonemiddleware also lets the service token's
 * system scope overwrite `OpenStack-System-Scope`; this port keeps the user token's.)
 */
export function setServiceHeaders(headers: Headers, info: TokenInfo): void {
  setTokenHeaders(headers, info, "-Service");
}

/** The `X-Service-Catalog` text of each validated token, built once (the cache keeps `info`). */
const catalogTexts = new WeakMap<TokenInfo, string>();

/**
 * The `X-Service-Catalog` text of a validated token (its catalog in the v2 shape, as
 * keystonemiddleware writes it), or null when the token has none.
 */
export function serviceCatalogText(info: TokenInfo): string | null {
  if (info.catalog === null) return null;
  let text = catalogTexts.get(info);
  if (text === undefined) {
    text = pyJsonDumps(normalizeCatalog(info.catalog));
    catalogTexts.set(info, text);
  }
  return text;
}

/** Put the user token's catalog in `X-Service-Catalog` (v2 shape), or remove the header. */
export function setServiceCatalogHeader(headers: Headers, info: TokenInfo): void {
  const text = serviceCatalogText(info);
  if (text === null) headers.delete(SERVICE_CATALOG_HEADER);
  else headers.set(SERVICE_CATALOG_HEADER, text);
}

/**
 * The identity headers of a validated user token, as name/value pairs in the order
 * {@link setUserHeaders} and then (with `includeCatalog`) {@link setServiceCatalogHeader} set
 * them on headers holding none of {@link AUTH_HEADERS}: built once per validated token (the token
 * cache hands back the same `TokenInfo` for as long as it keeps it), so a request only sets them.
 */
export function userHeaderPairs(
  info: TokenInfo,
  includeCatalog: boolean,
): readonly (readonly [string, string])[] {
  const cache = includeCatalog ? pairsWithCatalog : pairsWithoutCatalog;
  let pairs = cache.get(info);
  if (pairs === undefined) {
    const headers = new Headers();
    setUserHeaders(headers, info);
    if (includeCatalog) setServiceCatalogHeader(headers, info);
    pairs = [...headers];
    cache.set(info, pairs);
  }
  return pairs;
}

/**
 * The identity headers of a validated service token (`X-Service-*`), as name/value pairs, made
 * once per token (the cache keeps `info`).
 */
export function serviceHeaderPairs(info: TokenInfo): readonly (readonly [string, string])[] {
  let pairs = servicePairs.get(info);
  if (pairs === undefined) {
    const headers = new Headers();
    setServiceHeaders(headers, info);
    pairs = [...headers];
    servicePairs.set(info, pairs);
  }
  return pairs;
}

const servicePairs = new WeakMap<TokenInfo, [string, string][]>();
const pairsWithCatalog = new WeakMap<TokenInfo, [string, string][]>();
const pairsWithoutCatalog = new WeakMap<TokenInfo, [string, string][]>();
