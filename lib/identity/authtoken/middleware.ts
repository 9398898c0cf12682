/**
 * keystonemiddleware's `auth_token` filter as a {@link Middleware}.
 *
 * For every request:
 *
 * 1. every identity header (`X-Identity-Status`, `X-User-Id`, `X-Roles`, `X-Service-*`,
 *    `X-Tenant*`, ..., see headers.ts) is removed, whatever the client sent;
 * 2. an `X-Service-Token` is validated first: it counts only when it is valid and (with
 *    `service_token_roles_required`) holds one of `service_token_roles`; such a service token lets
 *    an expired user token through (`allow_expired`);
 * 3. the user token (`X-Auth-Token`, else `X-Storage-Token`) is validated, including its expiry and
 *    application-credential access rules;
 * 4. without a valid user token, or with a service token that did not count, the answer is 401
 *    (see responses.ts), unless `delay_auth_decision` lets the request on marked
 *    `X-Identity-Status: Invalid`;
 * 5. otherwise the identity headers are set from the token(s), the parsed tokens are left in
 *    `environ(request).notes.authToken` ({@link AuthTokenNote}), and the request goes on. A 401
 *    coming back gets `WWW-Authenticate`. The user token's catalog (`include_service_catalog`),
 *    keystonemiddleware's `X-Service-Catalog`, goes on as `environ(request).serviceCatalog`,
 *    where the context filter reads it: a header of the onward request would be a kilobyte that
 *    Deno checks character by character on every request (some 10 µs of the 80 µs of main-thread
 *    time a `GET /v2.1/flavors/detail` took, measured).
 *
 * Keystone unreachable, or answering with errors, gives 503 (or, with `delay_auth_decision`, an
 * invalid token). Validations are cached in process (cache.ts).
 *
 * @module
 */
import { environ } from "../../http/environ.ts";
import { NovaFault } from "../../http/fault.ts";
import type { Middleware } from "../../http/types.ts";
import { editHeaders, rebuildRequest } from "../../middleware/_shared.ts";
import { isExpired, type TokenInfo } from "./access.ts";
import { checkAccessRules } from "./access_rules.ts";
import { TokenCache } from "./cache.ts";
import { IdentityUnreachable, InvalidToken, ServiceError } from "./errors.ts";
import {
  isAuthHeader,
  SERVICE_STATUS_HEADER,
  serviceCatalogText,
  serviceHeaderPairs,
  USER_STATUS_HEADER,
  userHeaderPairs,
} from "./headers.ts";
import { IdentityHttp } from "./http.ts";
import { IdentityServer } from "./identity.ts";
import { type AuthTokenOptions, authTokenWarnings } from "./options.ts";
import { unauthorizedResponse, unavailableResponse, wwwAuthenticate } from "./responses.ts";
import { ServiceAuth } from "./service_auth.ts";

/** The `environ(request).notes` key auth_token writes. */
export const AUTH_TOKEN_NOTE = "authToken";

/** What auth_token leaves for later filters (keystonemiddleware's `keystone.token_info/auth`). */
export interface AuthTokenNote {
  /** The user token as sent (trimmed), or null. */
  userToken: string | null;
  /** The validated user token, or null when missing or invalid. */
  user: TokenInfo | null;
  /** The validated service token that counted, or null. */
  service: TokenInfo | null;
}

/** Raised inside the filter when Keystone cannot be asked and no deferral is allowed. */
class KeystoneUnavailable extends Error {}

const CONFIRMED = "Confirmed";
const INVALID = "Invalid";

/** The note auth_token left on a request, if any. */
export function authTokenNote(request: Request): AuthTokenNote | undefined {
  return environ(request).notes[AUTH_TOKEN_NOTE] as AuthTokenNote | undefined;
}

/**
 * Build the filter. One instance holds one cache and one service token: build it once per process.
 *
 * @example
 * ```ts
 * const app = compose([authToken(authTokenOptions(config)), keystoneContext({})], router);
 * ```
 */
export function authToken(opts: AuthTokenOptions): Middleware {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? Date.now;
  const init: RequestInit & { client?: Deno.HttpClient } = {};
  const caCerts = opts.caCerts ?? (opts.cafile ? Deno.readTextFileSync(opts.cafile) : undefined);
  if (caCerts !== undefined) init.client = Deno.createHttpClient({ caCerts: [caCerts] });
  if (!opts.warned) { for (const line of authTokenWarnings(opts)) log(line); }
  const http = new IdentityHttp({
    timeoutSeconds: opts.httpConnectTimeout,
    retries: Math.max(0, opts.httpRequestMaxRetries),
    fetch: opts.fetch,
    init,
    userAgent: "nova-deno keystonemiddleware.auth_token",
  });
  const serviceAuth = opts.credentials ? new ServiceAuth(opts.credentials, http, now) : null;
  const identity = new IdentityServer({
    http,
    auth: serviceAuth,
    authUrl: opts.authUrl,
    interface: opts.interface,
    regionName: opts.regionName,
    includeServiceCatalog: opts.includeServiceCatalog,
    log,
  });
  const cacheTime = opts.tokenCacheTime;
  const cache = new TokenCache({
    ttlMs: cacheTime < 0 ? 0 : cacheTime === 0 ? Infinity : cacheTime * 1000,
    invalidTtlMs: (opts.invalidTokenCacheTime ?? 5) * 1000,
    maxEntries: opts.tokenCacheSize,
    now,
  });
  const wwwAuthUri = opts.wwwAuthenticateUri ?? opts.authUrl;
  const serviceRoles = new Set(opts.serviceTokenRoles);
  let laxServiceTokenWarned = false;

  /** Validate a token (cached): its data, or InvalidToken / KeystoneUnavailable. */
  async function fetchToken(token: string, allowExpired: boolean): Promise<TokenInfo> {
    try {
      const info = await cache.fetch(
        token,
        () => identity.verifyToken(token, allowExpired),
        allowExpired ? "allow_expired" : "",
      );
      if (!allowExpired && isExpired(info, now())) throw new InvalidToken();
      return info;
    } catch (error) {
      if (error instanceof IdentityUnreachable || error instanceof ServiceError) {
        log(`CRITICAL Unable to validate token: ${error.message}`);
        if (opts.delayAuthDecision) {
          throw new InvalidToken(`Keystone unavailable: ${error.message}`);
        }
        throw new KeystoneUnavailable(error.message);
      }
      throw error;
    }
  }

  return async (request, next) => {
    // The identity headers are put on the onward copy at the end (the sent ones dropped); the
    // tokens are none of them, so they are read as sent.
    const sent = request.headers;
    const userToken = (sent.get("x-auth-token") ?? sent.get("x-storage-token"))?.trim() || null;
    const serviceToken = sent.get("x-service-token")?.trim() || null;
    const env = environ(request);
    const path = env.scriptName + env.pathInfo;

    let user: TokenInfo | null = null;
    let service: TokenInfo | null = null;
    let serviceValid = true;
    try {
      let allowExpired = false;
      if (serviceToken) {
        try {
          const info = await fetchToken(serviceToken, false);
          const holdsRole = info.roles.some((r) => serviceRoles.has(r));
          if (opts.serviceTokenRolesRequired) {
            serviceValid = holdsRole;
          } else {
            if (!holdsRole && !laxServiceTokenWarned) {
              laxServiceTokenWarned = true;
              log(
                "WARNING A valid token was submitted as a service token, but it was not a valid " +
                  "service token. This is incorrect but backwards compatible behaviour.",
              );
            }
            serviceValid = true;
          }
          allowExpired = holdsRole;
          if (serviceValid) service = info;
        } catch (error) {
          if (!(error instanceof InvalidToken)) throw error;
          serviceValid = false;
        }
      }
      if (userToken) {
        try {
          const info = await fetchToken(userToken, allowExpired);
          checkAccessRules(info.raw, opts.serviceType, {
            method: request.method,
            path,
            hasServiceToken: serviceToken !== null,
          }, log);
          user = info;
        } catch (error) {
          if (!(error instanceof InvalidToken)) throw error;
        }
      }
    } catch (error) {
      if (error instanceof KeystoneUnavailable) return unavailableResponse(request);
      throw error;
    }

    if (!(user && serviceValid) && !opts.delayAuthDecision) {
      return unauthorizedResponse(request, wwwAuthUri);
    }

    const note: AuthTokenNote = { userToken, user, service };
    env.notes[AUTH_TOKEN_NOTE] = note;
    // The onward headers in one list: what was sent, less any identity header a client sent,
    // then the tokens' (each list made once per validated token). A Request built from a list
    // checks each value once; editing a copy's Headers would search and re-check per header.
    const onwardHeaders: (readonly [string, string])[] = [];
    for (const pair of request.headers) if (!isAuthHeader(pair[0])) onwardHeaders.push(pair);
    if (serviceToken) {
      onwardHeaders.push([SERVICE_STATUS_HEADER, serviceValid ? CONFIRMED : INVALID]);
    }
    onwardHeaders.push([USER_STATUS_HEADER, user ? CONFIRMED : INVALID]);
    if (user) onwardHeaders.push(...userHeaderPairs(user, false));
    env.serviceCatalog = user && opts.includeServiceCatalog ? serviceCatalogText(user) : null;
    if (service) onwardHeaders.push(...serviceHeaderPairs(service));
    const onward = rebuildRequest(request, { headers: onwardHeaders as [string, string][] });
    let response: Response;
    try {
      response = await next(onward);
    } catch (error) {
      if (
        error instanceof NovaFault && error.status === 401 && !error.headers["WWW-Authenticate"]
      ) {
        throw new NovaFault(401, error.message, {
          ...error.headers,
          "WWW-Authenticate": wwwAuthenticate(wwwAuthUri),
        });
      }
      throw error;
    }
    if (response.status !== 401) return response;
    return editHeaders(response, (h) => h.append("www-authenticate", wwwAuthenticate(wwwAuthUri)));
  };
}
