/**
 * keystonemiddleware's `auth_token` for this port: validates `X-Auth-Token` (and `X-Service-Token`)
 * against Keystone v3 and describes the caller to the rest of the pipeline in the identity headers
 * (`X-User-Id`, `X-Project-Id`, `X-Roles`, ...) and in `environ(request).notes.authToken`.
 *
 * @example
 * ```ts
 * import { authToken, authTokenOptions } from "./lib/identity/authtoken/mod.ts";
 * import { keystoneContext } from "./lib/middleware/keystonecontext.ts";
 *
 * const app = compose(
 *   [authToken(authTokenOptions(config)), keystoneContext({ isAdmin: (ctx) => isAdminByPolicy(enforcer, ctx) })],
 *   router,
 * );
 * ```
 *
 * @module
 */
export { AUTH_TOKEN_NOTE, authToken, type AuthTokenNote, authTokenNote } from "./middleware.ts";
export { type AuthTokenOptions, authTokenOptions, SUPPORTED_AUTH_TYPES } from "./options.ts";
export {
  type CatalogEndpoint,
  type CatalogService,
  parseTokenBody,
  type TokenInfo,
} from "./access.ts";
export { AUTH_HEADERS, removeAuthHeaders } from "./headers.ts";
export { normalizeCatalog, type V2CatalogService } from "./catalog.ts";
export { IdentityUnreachable, InvalidToken, ServiceError } from "./errors.ts";
export type { PasswordCredentials } from "./service_auth.ts";
export { UNAUTHORIZED_MESSAGE, UNAVAILABLE_DETAIL } from "./responses.ts";
