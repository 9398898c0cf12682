/**
 * The identity headers auth_token hands downstream (`X-User-Id`, `X-Roles`, `X-Service-*`, …):
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

/** Header name (with `%s` for the `-Service` infix) → the token field it carries. */
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

/** Remove every identity header from `headers` (in place). */
export function removeAuthHeaders(headers: Headers): void {
  for (const name of AUTH_HEADERS) headers.delete(name);
}

function setOrDelete(headers: Headers, name: string, value: string | null): void {
  if (value === null) headers.delete(name);
  else headers.set(name, encodeHeaderText(value));
}

function setTokenHeaders(headers: Headers, info: TokenInfo, infix: string): void {
  headers.set(fill(ROLES_TEMPLATE, infix), encodeHeaderText(info.roles.join(",")));
  for (const [template, field] of TEMPLATES) {
    setOrDelete(headers, fill(template, infix), info[field] as string | null);
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

/** Put the user token's catalog in `X-Service-Catalog` (v2 shape), or remove the header. */
export function setServiceCatalogHeader(headers: Headers, info: TokenInfo): void {
  if (info.catalog === null) {
    headers.delete(SERVICE_CATALOG_HEADER);
    return;
  }
  let text = catalogHeaders.get(info.catalog);
  if (text === undefined) {
    text = pyJsonDumps(normalizeCatalog(info.catalog));
    catalogHeaders.set(info.catalog, text);
  }
  headers.set(SERVICE_CATALOG_HEADER, text);
}

/** Each catalog's header text, kept with the catalog (a cached token's is used again and again). */
const catalogHeaders = new WeakMap<object, string>();
