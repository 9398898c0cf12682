/**
 * The web console's paste app. Pages are rendered on the server from the compute API's answers
 * (called in-process with the session's token, so policy applies as to any client) and read
 * without JavaScript; the script only polls the page it shows with `If-None-Match` (304 when
 * nothing changed) and posts forms without leaving it. The token lives in an HttpOnly,
 * SameSite=Strict cookie (Secure over https); every POST must repeat the session's CSRF token (the
 * log-in form: the pre-log-in cookie's) or it gets 403. Every answer carries a strict
 * Content-Security-Policy.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { environ } from "../http/environ.ts";
import { notFoundPage } from "../http/webob_error.ts";
import type { Handler } from "../http/types.ts";
import { CONSOLE_CSS, CONSOLE_JS } from "./assets.ts";
import { type Compute, computeClient, type Forward, passwordLogin } from "./compute_client.ts";
import {
  createServer,
  emulatorControl,
  type FormOutcome,
  resetCloudForm,
  serverAction,
} from "./forms.ts";
import {
  confirmPage,
  errorPage,
  hostsPage,
  loginPage,
  type Page,
  type PageContext,
  serverGroupsPage,
  serverPage,
  serversPage,
  zonesPage,
} from "./pages.ts";
import {
  clearCookie,
  type ConsoleSession,
  csrfMatches,
  encodeSession,
  isHttps,
  LOGIN_COOKIE,
  randomToken,
  readCookies,
  SESSION_COOKIE,
  sessionOf,
  setCookie,
} from "./session.ts";

/** What the console needs to know at start-up. */
export interface ConsoleOptions {
  /** Serve the console; when false every path answers 404. */
  enabled: boolean;
  /** The Keystone v3 URL the console logs in against (absolute, or a path on this origin). */
  authUrl: string;
  /** The runtime's whole app, for in-process calls to the compute API and the identity. */
  forward?: Forward;
  /** Reads a metadata path of an instance as its guest gets it (null: no such instance). */
  metadata?: (instanceId: string, path: string) => Promise<Response | null>;
  /** Whether the caller's token may see the server: the status of `GET /v2.1/servers/{id}`. */
  serverStatus?: (request: Request, instanceId: string, token: string) => Promise<number>;
}

/** The Content-Security-Policy of every console answer. */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const CSP = contentSecurityPolicy();

/** The largest form body the console reads. */
const MAX_FORM_BYTES = 64 * 1024;

function headers(contentType?: string): Headers {
  const h = new Headers({
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
  });
  if (contentType) h.set("Content-Type", contentType);
  return h;
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: headers("text/plain; charset=UTF-8") });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: headers("application/json") });
}

function redirect(location: string, cookies: string[] = []): Response {
  const h = headers();
  h.set("Location", location);
  for (const c of cookies) h.append("Set-Cookie", c);
  return new Response(null, { status: 303, headers: h });
}

/** An HTML page with a strong ETag of its bytes; `If-None-Match` naming it gets 304. */
function htmlPage(
  request: Request,
  status: number,
  body: string,
  cookies: string[] = [],
): Response {
  const h = headers("text/html; charset=UTF-8");
  for (const c of cookies) h.append("Set-Cookie", c);
  if (status === 200) {
    // Weak: meta_data.json's random_seed differs on every read (as the metadata API's does), so
    // pages that differ only there count as the same.
    const same = body.replace(/(&quot;random_seed&quot;: &quot;)[^&]*/g, "$1");
    const etag = `W/"${createHash("sha256").update(same).digest("hex").slice(0, 32)}"`;
    h.set("ETag", etag);
    // Cache-Control stays no-store (the page holds this session's CSRF token and the user's
    // data): the script sends If-None-Match itself, which needs no stored copy.
    const match = request.headers.get("if-none-match");
    const bare = etag.slice(2);
    if (match && match.split(",").some((t) => t.trim().replace(/^W\//, "") === bare)) {
      return new Response(null, { status: 304, headers: h });
    }
  }
  return new Response(request.method === "HEAD" ? null : body, { status, headers: h });
}

/** `/api/servers/{id}/metadata/{path}`: a server's metadata as its guest reads it. */
const METADATA_PATH = /^\/api\/servers\/([0-9A-Za-z-]{1,64})\/metadata\/(.*)$/;
const SERVER_PAGE = /^\/servers\/([0-9A-Za-z-]{1,64})$/;
const SERVER_ACTION = /^\/servers\/([0-9A-Za-z-]{1,64})\/action$/;
const SERVER_EMULATOR = /^\/servers\/([0-9A-Za-z-]{1,64})\/emulator\/(fault|delays|clock)$/;
/** The emulator's reset of the whole cloud (asks first). */
const EMULATOR_RESET = "/emulator/reset";

/**
 * Answer a metadata read: only GET, only with a session (or an `X-Auth-Token`), only when that
 * token may `GET` the server through the compute API (so policy applies); then the metadata
 * domain's answer for the path, always as plain text so the browser never renders it.
 */
async function metadataAnswer(
  request: Request,
  options: ConsoleOptions,
  id: string,
  path: string,
): Promise<Response> {
  if (request.method !== "GET") {
    const res = text(405, "405 Method Not Allowed\n");
    res.headers.set("Allow", "GET");
    return res;
  }
  if (!options.metadata || !options.serverStatus) return text(404, "404 Not Found\n");
  const token = request.headers.get("x-auth-token") ?? sessionOf(request)?.token;
  if (!token) return text(401, "401 Unauthorized: log in first\n");
  const status = await options.serverStatus(request, id, token);
  if (status !== 200) {
    const [code, title] = status === 401
      ? [401, "Unauthorized"]
      : status === 403
      ? [403, "Forbidden"]
      : status >= 500
      ? [502, "Bad Gateway"]
      : [404, "Not Found"];
    return text(
      code,
      `${code} ${title}: server ${id} (GET /v2.1/servers/${id} answered ${status})\n`,
    );
  }
  const answer = await options.metadata(id, path);
  if (answer === null) return text(404, `404 Not Found: server ${id}\n`);
  const body = answer.status === 200 ? await answer.text() : (await answer.body?.cancel(), "");
  return text(
    answer.status,
    answer.status === 200
      ? body
      : `${answer.status === 404 ? "404 Not Found" : answer.status}: ${path}\n`,
  );
}

/** The form fields of a urlencoded POST, or the status that refuses it. */
async function readForm(request: Request): Promise<URLSearchParams | number> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    await request.body?.cancel();
    return 415;
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FORM_BYTES) {
    await request.body?.cancel();
    return 413;
  }
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_FORM_BYTES) {
        await reader.cancel();
        return 413;
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  try {
    return new URLSearchParams(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return 400;
  }
}

function wantsJson(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("application/json");
}

/** The console app. */
export function consoleApp(options: ConsoleOptions): Handler {
  if (!options.enabled) return (request) => Promise.resolve(notFoundPage(request));
  const authUrl = options.authUrl.replace(/\/+$/, "");
  const forward: Forward = options.forward ??
    (() => Promise.resolve(new Response(null, { status: 502 })));
  const files: Record<string, [string, string]> = {
    "/app.js": [CONSOLE_JS, "text/javascript; charset=UTF-8"],
    "/style.css": [CONSOLE_CSS, "text/css; charset=UTF-8"],
  };

  return async (request) => {
    const env = environ(request);
    const path = env.pathInfo;
    const base = env.scriptName;
    const cookiePath = base || "/";
    const secure = isHttps(env.origin);
    const method = request.method;
    if (path === "") {
      // "/console" -> "/console/" so the pages' links resolve under the mount.
      const h = headers();
      h.set("Location", `${base}/`);
      return new Response(null, { status: 301, headers: h });
    }
    const api = METADATA_PATH.exec(path);
    if (api) return metadataAnswer(request, options, api[1], "/" + api[2]);
    const file = files[path];
    if (file !== undefined) {
      if (method !== "GET" && method !== "HEAD") {
        const res = text(405, "405 Method Not Allowed\n");
        res.headers.set("Allow", "GET, HEAD");
        return res;
      }
      return new Response(method === "HEAD" ? null : file[0], {
        status: 200,
        headers: headers(file[1]),
      });
    }

    const session = sessionOf(request);
    const expired = { value: false };
    const pageContext = (s: ConsoleSession): PageContext => {
      const inner = computeClient(forward, request, s.token);
      const compute: Compute = async (...args) => {
        const answer = await inner(...args);
        if (answer.status === 401) expired.value = true;
        return answer;
      };
      return { base, session: s, compute, metadata: options.metadata };
    };
    const loggedOut = () => redirect(`${base}/`, [clearCookie(SESSION_COOKIE, cookiePath, secure)]);

    if (method === "GET" || method === "HEAD") {
      const query = new URLSearchParams(env.query.replace(/^\?/, ""));
      if (path === "/" && !session) {
        const existing = readCookies(request).get(LOGIN_COOKIE);
        const pre = existing && /^[A-Za-z0-9_-]{20,100}$/.test(existing) ? existing : randomToken();
        return htmlPage(request, 200, loginPage(base, pre), [
          setCookie(LOGIN_COOKIE, pre, cookiePath, secure),
        ]);
      }
      let render: ((ctx: PageContext) => Promise<Page>) | undefined;
      const server = SERVER_PAGE.exec(path);
      if (path === "/") render = (ctx) => serversPage(ctx, query.get("all") === "1");
      else if (server) render = (ctx) => serverPage(ctx, server[1]);
      else if (path === "/hosts") render = hostsPage;
      else if (path === "/zones") render = zonesPage;
      else if (path === "/server-groups") {
        render = (ctx) => serverGroupsPage(ctx, query.get("all") === "1");
      }
      if (!render) return notFoundPage(request);
      if (!session) return redirect(`${base}/`);
      const page = await render(pageContext(session));
      if (expired.value) return loggedOut();
      return htmlPage(request, page.status, page.body);
    }

    if (method !== "POST") {
      const res = text(405, "405 Method Not Allowed\n");
      res.headers.set("Allow", "GET, HEAD, POST");
      return res;
    }
    const isForm = path === "/login" || path === "/logout" || path === "/servers" ||
      SERVER_ACTION.test(path) || SERVER_EMULATOR.test(path) || path === EMULATOR_RESET;
    if (!isForm) {
      await request.body?.cancel();
      return notFoundPage(request);
    }
    const form = await readForm(request);
    if (typeof form === "number") return text(form, `${form}: the console takes small forms\n`);
    const asJson = wantsJson(request);
    const refuse = (status: number, message: string) =>
      asJson ? json(status, { error: message }) : text(status, `${status}: ${message}\n`);

    if (path === "/login") {
      const pre = readCookies(request).get(LOGIN_COOKIE);
      if (!pre || !csrfMatches(pre, form.get("csrf"))) {
        return refuse(403, "The log-in form's CSRF token is missing or wrong: reload the page.");
      }
      const user = form.get("username") ?? "";
      const project = form.get("project") ?? "";
      const result = await passwordLogin(
        options.forward,
        request,
        authUrl,
        user,
        form.get("password") ?? "",
        project,
      );
      if (!result.ok) {
        return htmlPage(
          request,
          result.status,
          loginPage(base, pre, result.message, { username: user, project }),
        );
      }
      const cookie = encodeSession({
        token: result.token,
        user,
        project,
        roles: result.roles,
        csrf: randomToken(),
      });
      return redirect(`${base}/`, [
        setCookie(SESSION_COOKIE, cookie, cookiePath, secure),
        clearCookie(LOGIN_COOKIE, cookiePath, secure),
      ]);
    }

    if (!session) return refuse(401, "Log in first.");
    if (!csrfMatches(session.csrf, form.get("csrf"))) {
      return refuse(403, "The form's CSRF token is missing or wrong: reload the page.");
    }
    if (path === "/logout") return loggedOut();

    const ctx = pageContext(session);
    let result: FormOutcome;
    const action = SERVER_ACTION.exec(path);
    const emulator = SERVER_EMULATOR.exec(path);
    if (action) result = await serverAction(ctx.compute, base, action[1], form);
    else if (path === EMULATOR_RESET) result = await resetCloudForm(ctx.compute, base, form);
    else if (emulator) {
      result = await emulatorControl(ctx.compute, base, emulator[1], emulator[2], form);
    } else result = await createServer(ctx.compute, base, form);
    if (expired.value) return asJson ? json(401, { error: "Log in again." }) : loggedOut();

    if (result.kind === "done") {
      return asJson
        ? json(200, { redirect: result.redirect, message: result.message ?? "" })
        : redirect(result.redirect);
    }
    if (result.kind === "confirm") {
      if (asJson) return json(409, { error: result.question });
      const fields: Record<string, string> = {};
      for (const [k, v] of form) if (k !== "csrf" && k !== "confirm") fields[k] = v;
      return htmlPage(
        request,
        200,
        confirmPage(ctx, result.question, `${base}${path}`, fields, result.back ?? `${base}/`),
      );
    }
    const status = result.status >= 400 && result.status <= 599 ? result.status : 502;
    if (asJson) return json(status, { error: result.message });
    const page = errorPage(ctx, status, result.message);
    return htmlPage(request, page.status, page.body);
  };
}
