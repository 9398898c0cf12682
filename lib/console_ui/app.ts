/**
 * The web console's paste app: the log-in page, the script and the stylesheet (static text built
 * once at start-up) and `/config` (where the page learns the Keystone URL to log in against).
 * Every answer carries a strict Content-Security-Policy; the page's data comes from the compute
 * API, called by the browser with the user's own token.
 *
 * @module
 */
import { environ } from "../http/environ.ts";
import { notFoundPage } from "../http/webob_error.ts";
import type { Handler } from "../http/types.ts";
import { CONSOLE_CSS, CONSOLE_HTML, CONSOLE_JS } from "./assets.ts";

/** What the console needs to know at start-up. */
export interface ConsoleOptions {
  /** Serve the console; when false every path answers 404. */
  enabled: boolean;
  /** The Keystone v3 URL the page logs in against (absolute, or a path on this origin). */
  authUrl: string;
  /** Reads a metadata path of an instance as its guest gets it (null: no such instance). */
  metadata?: (instanceId: string, path: string) => Promise<Response | null>;
  /** Whether the caller's token may see the server: the status of `GET /v2.1/servers/{id}`. */
  serverStatus?: (request: Request, instanceId: string, token: string) => Promise<number>;
}

/** The Content-Security-Policy of every console answer; `authOrigin` joins connect-src. */
export function contentSecurityPolicy(authOrigin?: string): string {
  const connect = ["'self'", ...(authOrigin ? [authOrigin] : [])].join(" ");
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The origin of an absolute URL, or undefined for a path on this origin (or garbage). */
function originOf(url: string): string | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** `/api/servers/{id}/metadata/{path}`: a server's metadata as its guest reads it. */
const METADATA_PATH = /^\/api\/servers\/([0-9A-Za-z-]{1,64})\/metadata\/(.*)$/;

function text(status: number, body: string, csp: string): Response {
  return new Response(body, {
    status,
    headers: {
      "Content-Type": "text/plain; charset=UTF-8",
      "Content-Security-Policy": csp,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    },
  });
}

/**
 * Answer a metadata read: only GET, only with a token, only when that token may `GET` the
 * server through the compute API (so policy applies); then the metadata domain's answer for the
 * path, always as plain text so the browser never renders it.
 */
async function metadataAnswer(
  request: Request,
  options: ConsoleOptions,
  csp: string,
  id: string,
  path: string,
): Promise<Response> {
  if (request.method !== "GET") {
    const res = text(405, "405 Method Not Allowed\n", csp);
    res.headers.set("Allow", "GET");
    return res;
  }
  if (!options.metadata || !options.serverStatus) return text(404, "404 Not Found\n", csp);
  const token = request.headers.get("x-auth-token");
  if (!token) return text(401, "401 Unauthorized: log in first\n", csp);
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
      csp,
    );
  }
  const answer = await options.metadata(id, path);
  if (answer === null) return text(404, `404 Not Found: server ${id}\n`, csp);
  const body = answer.status === 200 ? await answer.text() : (await answer.body?.cancel(), "");
  return text(
    answer.status,
    answer.status === 200
      ? body
      : `${answer.status === 404 ? "404 Not Found" : answer.status}: ${path}\n`,
    csp,
  );
}

/** The console app: `GET /` the page, `/app.js`, `/style.css`, `/config`; 404 otherwise. */
export function consoleApp(options: ConsoleOptions): Handler {
  if (!options.enabled) return (request) => Promise.resolve(notFoundPage(request));
  const authUrl = options.authUrl.replace(/\/+$/, "");
  const csp = contentSecurityPolicy(originOf(authUrl));
  const config = JSON.stringify({ auth_url: authUrl, compute_url: "/v2.1" });
  const files: Record<string, [string, string]> = {
    "/": [CONSOLE_HTML, "text/html; charset=UTF-8"],
    "/app.js": [CONSOLE_JS, "text/javascript; charset=UTF-8"],
    "/style.css": [CONSOLE_CSS, "text/css; charset=UTF-8"],
    "/config": [config, "application/json"],
  };
  return (request) => {
    const env = environ(request);
    const path = env.pathInfo === "" ? "" : env.pathInfo;
    if (path === "") {
      // "/console" → "/console/" so the page's relative links resolve under the mount.
      return Promise.resolve(
        new Response(null, {
          status: 301,
          headers: { Location: `${env.scriptName}/`, "Content-Security-Policy": csp },
        }),
      );
    }
    const api = METADATA_PATH.exec(path);
    if (api) return metadataAnswer(request, options, csp, api[1], "/" + api[2]);
    const file = files[path];
    if (file === undefined) return Promise.resolve(notFoundPage(request));
    if (request.method !== "GET" && request.method !== "HEAD") {
      return Promise.resolve(
        new Response("405 Method Not Allowed\n", {
          status: 405,
          headers: { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=UTF-8" },
        }),
      );
    }
    const headers = new Headers({
      "Content-Type": file[1],
      "Content-Security-Policy": csp,
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
    });
    return Promise.resolve(
      new Response(request.method === "HEAD" ? null : file[0], { status: 200, headers }),
    );
  };
}
