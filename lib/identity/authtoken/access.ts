/**
 * What a validated Keystone v3 token says about its holder, read from the body of
 * `GET /v3/auth/tokens` (the fields keystoneauth's `AccessInfoV3` exposes and auth_token uses).
 *
 * @module
 */
import { InvalidToken } from "./errors.ts";

/** One catalog entry of a v3 token: a service and its endpoints. */
export interface CatalogService {
  type: string;
  name?: string;
  id?: string;
  endpoints?: CatalogEndpoint[];
}

/** One endpoint of a v3 catalog entry. */
export interface CatalogEndpoint {
  interface: string;
  url: string;
  region?: string | null;
  region_id?: string | null;
  id?: string;
}

/** The holder of a token, its scope and its lifetime. */
export interface TokenInfo {
  userId: string | null;
  userName: string | null;
  userDomainId: string | null;
  userDomainName: string | null;
  projectId: string | null;
  projectName: string | null;
  projectDomainId: string | null;
  projectDomainName: string | null;
  /** Set for a domain-scoped token. */
  domainId: string | null;
  domainName: string | null;
  /** `all` for a token scoped to the whole deployment, else null. */
  systemScope: string | null;
  /** Role names as Keystone spells them (implied roles included). */
  roles: string[];
  /** False only when Keystone says the project is not the admin project. */
  isAdminProject: boolean;
  /** Milliseconds since the epoch; `Infinity` when the token carries no expiry. */
  expiresAt: number;
  /** The v3 catalog, or null when the token was fetched without one. */
  catalog: CatalogService[] | null;
  /** The body's `token` object, untouched (keystonemiddleware's `keystone.token_info`). */
  raw: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value as Obj : null;
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/**
 * Parse a Keystone time stamp (`2026-11-25T00:22:01.000000Z`, always UTC; an offset-less stamp is
 * read as UTC, as keystoneauth does). Returns NaN when it is not one.
 */
export function parseKeystoneTime(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    text.trim(),
  );
  if (!m) return NaN;
  const fraction = m[3] ? m[3].slice(0, 4) : "";
  let zone = m[4] ?? "Z";
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return Date.parse(`${m[1]}T${m[2]}${fraction}${zone}`);
}

/**
 * Read the body of a token validation (`{"token": {...}}`).
 *
 * @throws {InvalidToken} when the body is not a v3 token with a user.
 *
 * @example
 * ```ts
 * const info = parseTokenBody(await response.json());
 * info.roles; // ["member", "reader"]
 * ```
 */
export function parseTokenBody(body: unknown): TokenInfo {
  const token = obj(obj(body)?.token);
  const user = obj(token?.user);
  if (!token || !user) throw new InvalidToken();
  const userDomain = obj(user.domain);
  const project = obj(token.project);
  const projectDomain = obj(project?.domain);
  const domain = obj(token.domain);
  const system = obj(token.system);
  const roles = Array.isArray(token.roles)
    ? token.roles.map((r) => str(obj(r)?.name)).filter((n): n is string => n !== null)
    : [];
  const expiresText = str(token.expires_at);
  const expiresAt = expiresText === null ? Infinity : parseKeystoneTime(expiresText);
  if (Number.isNaN(expiresAt)) throw new InvalidToken();
  return {
    userId: str(user.id),
    userName: str(user.name),
    userDomainId: str(userDomain?.id),
    userDomainName: str(userDomain?.name),
    projectId: str(project?.id),
    projectName: str(project?.name),
    projectDomainId: str(projectDomain?.id),
    projectDomainName: str(projectDomain?.name),
    domainId: str(domain?.id),
    domainName: str(domain?.name),
    systemScope: system && system.all ? "all" : null,
    roles,
    isAdminProject: token.is_admin_project !== false,
    expiresAt,
    catalog: Array.isArray(token.catalog) ? token.catalog as CatalogService[] : null,
    raw: token,
  };
}

/** Whether the token has expired at `now` (keystoneauth's `will_expire_soon(0)`). */
export function isExpired(info: TokenInfo, now: number): boolean {
  return info.expiresAt <= now;
}
