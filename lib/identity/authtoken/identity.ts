/**
 * Asking Keystone about a token: `GET /v3/auth/tokens` with the token in `X-Subject-Token` and the
 * service token in `X-Auth-Token`, on the Identity endpoint the service token's catalog names for
 * the configured interface and region (the auth URL when it names none).
 *
 * Verdicts, as keystonemiddleware reads them: 200 -> the token's data; 404 -> invalid token; 401 ->
 * the service token is stale: drop it, authenticate again and ask once more, then give up with a
 * service error; anything else -> service error.
 *
 * @module
 */
import { parseTokenBody, type TokenInfo } from "./access.ts";
import { identityEndpoint, v3Root } from "./catalog.ts";
import { InvalidToken, ServiceError } from "./errors.ts";
import type { IdentityHttp } from "./http.ts";
import type { ServiceAuth } from "./service_auth.ts";

/** Settings of an {@link IdentityServer}. */
export interface IdentityServerOptions {
  http: IdentityHttp;
  /** The service credentials; null sends validations without a service token. */
  auth: ServiceAuth | null;
  /** Where to validate when the catalog names no Identity endpoint. */
  authUrl: string | null;
  /** Catalog interface to use (`internal` by default in keystonemiddleware). */
  interface: string;
  regionName: string | null;
  /** Ask for the catalog (else `?nocatalog`). */
  includeServiceCatalog: boolean;
  log?: (line: string) => void;
}

/**
 * The Identity service as auth_token sees it.
 *
 * @example
 * ```ts
 * const server = new IdentityServer({ http, auth, authUrl, interface: "internal",
 *   regionName: null, includeServiceCatalog: true });
 * const info = await server.verifyToken(userToken);
 * ```
 */
export class IdentityServer {
  #opts: IdentityServerOptions;

  constructor(opts: IdentityServerOptions) {
    this.#opts = opts;
  }

  /**
   * Validate `token` (which may have expired when `allowExpired` is set).
   *
   * @throws {InvalidToken} Keystone does not know the token (or its answer is unreadable).
   * @throws {ServiceError} Keystone answered but not with a verdict.
   * @throws {IdentityUnreachable} Keystone could not be reached.
   */
  async verifyToken(token: string, allowExpired = false): Promise<TokenInfo> {
    const flags: string[] = [];
    if (!this.#opts.includeServiceCatalog) flags.push("nocatalog");
    if (allowExpired) flags.push("allow_expired=1");
    const query = flags.length ? `?${flags.join("&")}` : "";
    for (let attempt = 0;; attempt++) {
      const service = this.#opts.auth ? await this.#opts.auth.get() : null;
      const root = this.#root(service?.catalog ?? null);
      const headers: Record<string, string> = {
        "x-subject-token": token,
        "openstack-identity-access-rules": "1",
        accept: "application/json",
      };
      if (service) headers["x-auth-token"] = service.token;
      const res = await this.#opts.http.send(`${root}/auth/tokens${query}`, {
        method: "GET",
        headers,
      });
      if (res.status === 200) return parseTokenBody(res.body);
      if (res.status === 404) throw new InvalidToken();
      if (res.status === 401) {
        this.#opts.log?.(`Identity server rejected authorization: ${res.text.slice(0, 200)}`);
        if (service) this.#opts.auth!.invalidate(service.token);
        if (attempt === 0) continue;
        throw new ServiceError(
          "Identity server rejected authorization necessary to fetch token data",
        );
      }
      this.#opts.log?.(`Bad response code while validating token: ${res.status}`);
      throw new ServiceError("Failed to fetch token data from identity server");
    }
  }

  /** The Identity v3 root to validate against. */
  #root(catalog: Parameters<typeof identityEndpoint>[0]): string {
    const found = identityEndpoint(catalog, this.#opts.interface, this.#opts.regionName);
    const base = found ?? this.#opts.authUrl;
    if (!base) {
      throw new ServiceError("No Identity endpoint is known ([keystone_authtoken] auth_url)");
    }
    return v3Root(base);
  }
}
