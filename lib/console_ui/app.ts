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
