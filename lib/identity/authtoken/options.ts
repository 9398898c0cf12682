/**
 * auth_token's settings, read from `[keystone_authtoken]` the way keystonemiddleware reads them:
 * keys given in the paste file's `[filter:authtoken]` section (and its `[DEFAULT]`) win over the
 * config files; the service credentials come from the group named by `auth_section`, or from
 * `[keystone_authtoken]` itself.
 *
 * @module
 */
import type { Config } from "../../config/mod.ts";
import { keystoneAuthtokenGroup } from "../../config/mod.ts";
import type { FetchLike } from "./http.ts";
import type { PasswordCredentials } from "./service_auth.ts";

const GROUP = "keystone_authtoken";

/** Everything {@link authToken} needs. Build it with {@link authTokenOptions}. */
export interface AuthTokenOptions {
  /** Sent in `WWW-Authenticate`; the auth URL when unset. */
  wwwAuthenticateUri: string | null;
  /** The service user's credentials (password plugin); null when `auth_type` is unset. */
  credentials: PasswordCredentials | null;
  /** Where to validate when the service catalog names no Identity endpoint (the auth URL). */
  authUrl: string | null;
  /** Catalog interface of the Identity endpoint (`internal`). */
  interface: string;
  regionName: string | null;
  /** Let unauthenticated requests through, marked `X-Identity-Status: Invalid`. */
  delayAuthDecision: boolean;
  /** Fetch the catalog with the token and pass it on in `X-Service-Catalog`. */
  includeServiceCatalog: boolean;
  /** A service token must hold one of these roles (when required). */
  serviceTokenRoles: string[];
  serviceTokenRolesRequired: boolean;
  /** This service's type, for application-credential access rules. */
  serviceType: string | null;
  /** Seconds a valid token is cached; negative disables, 0 keeps it until it expires. */
  tokenCacheTime: number;
  /** Seconds a token Keystone refused is remembered (default 5). */
  invalidTokenCacheTime?: number;
  /** Most tokens cached (default 10000). */
  tokenCacheSize?: number;
  /** Seconds allowed per request to Keystone; null: 60 s. */
  httpConnectTimeout: number | null;
  /** Further attempts after a failed connection. */
  httpRequestMaxRetries: number;
  /** A CA bundle file for an https Keystone. */
  cafile: string | null;
  /** The CA bundle's PEM text, when already read (start-up reads it: a missing file stops it). */
  caCerts?: string;
  /** Whether start-up has given {@link authTokenWarnings} already (auth_token then does not). */
  warned?: boolean;
  /** Skip TLS verification: not possible with Deno's fetch; only warned about. */
  insecure?: boolean;
  /** Log sink (warnings and decisions). */
  log?: (line: string) => void;
  /** Replacement fetch (tests). */
  fetch?: FetchLike;
  /** Clock in ms (tests). */
  now?: () => number;
}

/** The plugin names this port can load for the service user. */
export const SUPPORTED_AUTH_TYPES: readonly string[] = ["password", "v3password"];

/**
 * Read the options.
 *
 * @param config the process configuration
 * @param paste the `[filter:authtoken]` keys (global conf merged under local conf), if any
 * @throws {Error} for an `auth_type` this port cannot load
 *
 * @example
 * ```ts
 * const filter = authToken(authTokenOptions(config));
 * ```
 */
export function authTokenOptions(
  config: Config,
  paste: Record<string, string> = {},
): AuthTokenOptions {
  const specs = new Map(keystoneAuthtokenGroup.options.map((s) => [s.name, s]));
  const get = <T>(name: string): T => {
    const spec = specs.get(name);
    if (spec && name in paste) return spec.type.parse(paste[name]) as T;
    return config.get<T>(GROUP, name);
  };
  const section = get<string | null>("auth_section");
  const raw = section ? config.raw(section) : config.raw(GROUP);
  /** A credential option: paste, then the auth section (raw), then the registered option. */
  const cred = (name: string): string | null => {
    if (name in paste) return paste[name];
    if (section) return raw[name] ?? null;
    return specs.has(name) ? config.get<string | null>(GROUP, name) : raw[name] ?? null;
  };
  const authType = cred("auth_type") ?? cred("auth_plugin");
  if (authType && !SUPPORTED_AUTH_TYPES.includes(authType)) {
    throw new Error(
      `[keystone_authtoken] auth_type = ${authType} is not supported (use one of ` +
        `${SUPPORTED_AUTH_TYPES.join(", ")})`,
    );
  }
  const authUrl = cred("auth_url");
  let credentials: PasswordCredentials | null = null;
  if (authType) {
    if (!authUrl) throw new Error("[keystone_authtoken] auth_url is required by auth_type");
    credentials = {
      authUrl,
      password: cred("password") ?? "",
      userId: cred("user_id"),
      username: cred("username"),
      userDomainId: cred("user_domain_id"),
      userDomainName: cred("user_domain_name"),
      projectId: cred("project_id"),
      projectName: cred("project_name"),
      projectDomainId: cred("project_domain_id"),
      projectDomainName: cred("project_domain_name"),
      domainId: cred("domain_id"),
      domainName: cred("domain_name"),
      systemScope: cred("system_scope"),
      defaultDomainId: cred("default_domain_id"),
      defaultDomainName: cred("default_domain_name"),
    };
  }
  return {
    wwwAuthenticateUri: get<string | null>("www_authenticate_uri"),
    credentials,
    authUrl,
    interface: get<string>("interface") ?? "internal",
    regionName: get<string | null>("region_name"),
    delayAuthDecision: get<boolean>("delay_auth_decision"),
    includeServiceCatalog: get<boolean>("include_service_catalog"),
    serviceTokenRoles: get<string[]>("service_token_roles") ?? [],
    serviceTokenRolesRequired: get<boolean>("service_token_roles_required"),
    serviceType: get<string | null>("service_type"),
    tokenCacheTime: get<number>("token_cache_time"),
    httpConnectTimeout: get<number | null>("http_connect_timeout"),
    httpRequestMaxRetries: get<number>("http_request_max_retries") ?? 3,
    cafile: get<string | null>("cafile"),
    insecure: get<boolean>("insecure"),
  };
}

/**
 * The warnings auth_token gives when it starts with `opts`, one line each: options that are
 * accepted but weaken or do not do what a deployer may expect.
 */
export function authTokenWarnings(opts: AuthTokenOptions): string[] {
  const lines: string[] = [];
  if (opts.insecure) {
    lines.push(
      "WARNING [keystone_authtoken] insecure = true is ignored: certificates are always checked",
    );
  }
  if (!opts.credentials) {
    lines.push(
      "WARNING [keystone_authtoken] auth_type is not set: tokens are validated without a " +
        "service token, which Keystone normally refuses",
    );
  }
  if (!opts.wwwAuthenticateUri) {
    lines.push(
      "WARNING Configuring www_authenticate_uri to point to the public identity endpoint is " +
        "required; clients may not be able to authenticate against an admin endpoint",
    );
  }
  if (!opts.serviceTokenRolesRequired) {
    lines.push(
      "WARNING [keystone_authtoken] service_token_roles_required = false: any valid token is " +
        "accepted as a service token",
    );
  }
  return lines;
}
