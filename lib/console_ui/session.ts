/**
 * The console's session: the user's Keystone token and who they are, kept in one HttpOnly,
 * SameSite=Strict cookie (Secure when the console is reached over https) that page scripts cannot
 * read, plus the session's own CSRF token. The CSRF token is random per log-in and travels inside
 * the same cookie, so a form field or `X-CSRF-Token` header must repeat it: a page of another
 * origin can neither read it nor make the browser send the cookie (SameSite=Strict). Stateless, so
 * every worker process and a restart accept the same sessions.
 *
 * @module
 */
import { timingSafeEqual } from "node:crypto";

/** The session cookie's name. */
export const SESSION_COOKIE = "nova_console";
/** The pre-log-in cookie that binds the log-in form's CSRF field. */
export const LOGIN_COOKIE = "nova_console_login";

/** One logged-in user. */
export interface ConsoleSession {
  /** The Keystone token (never rendered, never sent to a script). */
  token: string;
  /** The user name. */
  user: string;
  /** The project name. */
  project: string;
  /** The token's role names. */
  roles: string[];
  /** The session's CSRF token. */
  csrf: string;
}

/** A fresh random token (32 bytes, base64url). */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** The cookies of a request, by name (the first of a repeated name wins). */
export function readCookies(request: Request): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && !out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/** The cookie value of a session (base64url JSON). */
export function encodeSession(session: ConsoleSession): string {
  const json = JSON.stringify({
    t: session.token,
    u: session.user,
    p: session.project,
    r: session.roles,
    c: session.csrf,
  });
  const bytes = new TextEncoder().encode(json);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** The session a request's cookie holds, or null when there is none or it is malformed. */
export function sessionOf(request: Request): ConsoleSession | null {
  const raw = readCookies(request).get(SESSION_COOKIE);
  if (!raw || raw.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  try {
    const b64 = raw.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const v = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    const str = (x: unknown) => typeof x === "string" && x.length > 0;
    if (
      !v || typeof v !== "object" || !str(v.t) || !str(v.u) || !str(v.p) || !str(v.c) ||
      !Array.isArray(v.r) || !v.r.every((r: unknown) => typeof r === "string")
    ) return null;
    if (/[\r\n]/.test(v.t)) return null;
    return { token: v.t, user: v.u, project: v.p, roles: v.r, csrf: v.c };
  } catch {
    return null;
  }
}

/** Whether `presented` is the session's CSRF token (constant-time). */
export function csrfMatches(expected: string, presented: string | null | undefined): boolean {
  if (!presented) return false;
  const a = new TextEncoder().encode(expected);
  const b = new TextEncoder().encode(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the console was reached over https (as clients see it, after http_proxy_to_wsgi). */
export function isHttps(origin: string): boolean {
  return origin.toLowerCase().startsWith("https:");
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Strict, scoped to the console's mount. */
export function setCookie(name: string, value: string, path: string, secure: boolean): string {
  return `${name}=${value}; Path=${path}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

/** A `Set-Cookie` value that removes the cookie. */
export function clearCookie(name: string, path: string, secure: boolean): string {
  return `${name}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}
