/**
 * auth_token's own credentials: the service user (`[keystone_authtoken] username`, `password`, ...,
 * keystoneauth's `password` plugin) authenticates with `POST /v3/auth/tokens`, and the resulting
 * token is sent as `X-Auth-Token` when validating user tokens. It is renewed when less than two
 * minutes of it remain (keystoneauth's rule) and dropped when Keystone refuses it.
 *
 * @module
 */
import { type CatalogService, parseTokenBody } from "./access.ts";
import { ServiceError } from "./errors.ts";
import type { IdentityHttp } from "./http.ts";
import { v3Root } from "./catalog.ts";

/** The `password` plugin's options. Either the user's id or its name (with a domain) is needed. */
export interface PasswordCredentials {
  /** The Identity endpoint to authenticate against (versioned or not). */
  authUrl: string;
  password: string;
  userId?: string | null;
  username?: string | null;
  userDomainId?: string | null;
  userDomainName?: string | null;
  projectId?: string | null;
  projectName?: string | null;
  projectDomainId?: string | null;
  projectDomainName?: string | null;
  /** Domain scope (instead of a project). */
  domainId?: string | null;
  domainName?: string | null;
  /** System scope (`all`) instead of a project. */
  systemScope?: string | null;
  /** Fallback for the user's and project's domains. */
  defaultDomainId?: string | null;
  defaultDomainName?: string | null;
}

/** A service token and what came with it. */
export interface ServiceToken {
  token: string;
  expiresAt: number;
  catalog: CatalogService[] | null;
}

/** Renew when less than this is left (keystoneauth's `MIN_TOKEN_LIFE_SECONDS`). */
const RENEW_MARGIN_MS = 120_000;

function domainRef(id?: string | null, name?: string | null): Record<string, string> | undefined {
  if (id) return { id };
  if (name) return { name };
  return undefined;
}

/** The JSON body of a password authentication request for `creds`. */
export function passwordAuthBody(creds: PasswordCredentials): Record<string, unknown> {
  const user: Record<string, unknown> = { password: creds.password };
  if (creds.userId) user.id = creds.userId;
  if (creds.username) {
    user.name = creds.username;
    const domain = domainRef(
      creds.userDomainId ?? creds.defaultDomainId,
      creds.userDomainName ?? creds.defaultDomainName,
    );
    if (domain) user.domain = domain;
  }
  const auth: Record<string, unknown> = {
    identity: { methods: ["password"], password: { user } },
  };
  if (creds.projectId || creds.projectName) {
    const project: Record<string, unknown> = creds.projectId
      ? { id: creds.projectId }
      : { name: creds.projectName };
    if (!creds.projectId) {
      const domain = domainRef(
        creds.projectDomainId ?? creds.defaultDomainId,
        creds.projectDomainName ?? creds.defaultDomainName,
      );
      if (domain) project.domain = domain;
    }
    auth.scope = { project };
  } else if (creds.domainId || creds.domainName) {
    auth.scope = { domain: domainRef(creds.domainId, creds.domainName) };
  } else if (creds.systemScope) {
    auth.scope = { system: { [creds.systemScope]: true } };
  }
  return { auth };
}

/**
 * Holds the service token.
 *
 * @example
 * ```ts
 * const auth = new ServiceAuth(creds, http);
 * const { token } = await auth.get();
 * ```
 */
export class ServiceAuth {
  #creds: PasswordCredentials;
  #http: IdentityHttp;
  #now: () => number;
  #current: ServiceToken | null = null;
  #pending: Promise<ServiceToken> | null = null;

  constructor(creds: PasswordCredentials, http: IdentityHttp, now: () => number = Date.now) {
    this.#creds = creds;
    this.#http = http;
    this.#now = now;
  }

  /** The v3 root authentication goes to. */
  get authRoot(): string {
    return v3Root(this.#creds.authUrl);
  }

  /** A token with more than two minutes left, authenticating first when needed. */
  get(): Promise<ServiceToken> {
    const current = this.#current;
    if (current && current.expiresAt - this.#now() > RENEW_MARGIN_MS) {
      return Promise.resolve(current);
    }
    this.#pending ??= this.#authenticate().finally(() => this.#pending = null);
    return this.#pending;
  }

  /** Forget `token` (Keystone refused it), so that the next {@link get} authenticates again. */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = null;
  }

  async #authenticate(): Promise<ServiceToken> {
    const url = `${this.authRoot}/auth/tokens`;
    const res = await this.#http.send(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(passwordAuthBody(this.#creds)),
    });
    const token = res.headers.get("x-subject-token");
    if (res.status !== 201 && res.status !== 200 || !token) {
      throw new ServiceError(
        `Identity server refused the service credentials (POST ${url}: ${res.status})`,
      );
    }
    let info;
    try {
      info = parseTokenBody(res.body);
    } catch {
      throw new ServiceError(`Identity server sent an unreadable token (POST ${url})`);
    }
    this.#current = { token, expiresAt: info.expiresAt, catalog: info.catalog };
    return this.#current;
  }
}
