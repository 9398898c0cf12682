/**
 * The error pages webob renders for an HTTP exception that is returned as-is (not turned into a
 * Nova fault): what clients get from oslo filters such as sizelimit, which answer with
 * `webob.exc.HTTP...` themselves.
 *
 * webob picks the format from `Accept`, offering `text/html` then `application/json`; with no
 * acceptable offer (including a missing or empty `Accept`) it falls back to `text/plain`; an
 * `Accept` that does not parse accepts both, so it gets HTML:
 *
 * - JSON: `{"message": "<explanation><br /><br />\n\n\n", "code": "413 Request Entity Too Large",
 *   "title": "Request Entity Too Large"}` (Python's `json.dumps` spacing);
 * - plain: `413 Request Entity Too Large\n\n<explanation>\n\n   `;
 * - HTML: a small page with the status as title and heading.
 *
 * A `HEAD` request gets the headers without a body.
 *
 * @module
 */
import { acceptableOffers } from "./accept.ts";

/** What goes into a webob error page. */
export interface WebobError {
  /** HTTP status. */
  status: number;
  /** Reason phrase, e.g. `Request Entity Too Large`. */
  title: string;
  /** The explanation sentence (webob's default for the class, or the one the raiser passed). */
  explanation: string;
  /** Extra response headers. */
  headers?: HeadersInit;
}

/**
 * The media type webob would choose for this `Accept` header, or null for plain text. webob reads
 * a missing header as an empty one, which accepts neither offer.
 */
function negotiate(accept: string | null): "text/html" | "application/json" | null {
  const best = acceptableOffers(accept ?? "", ["text/html", "application/json"])[0]?.[0];
  return best === "text/html" || best === "application/json" ? best : null;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

/**
 * Render a webob error page for `request`.
 *
 * @example
 * ```ts
 * const response = webobErrorResponse(request, {
 *   status: 413,
 *   title: "Request Entity Too Large",
 *   explanation: "Request is too large. Larger than max_request_body_size (114688).",
 * });
 * ```
 */
export function webobErrorResponse(request: Request, error: WebobError): Response {
  const status = `${error.status} ${error.title}`;
  const headers = new Headers(error.headers);
  const match = negotiate(request.headers.get("accept"));
  let body: string;
  if (match === "application/json") {
    const message = `${error.explanation}<br /><br />\n\n\n`;
    body = `{"message": ${JSON.stringify(message)}, "code": ${JSON.stringify(status)}, ` +
      `"title": ${JSON.stringify(error.title)}}`;
    headers.set("content-type", "application/json");
  } else if (match === "text/html") {
    body =
      `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n` +
      `  ${escapeHtml(error.explanation)}<br /><br />\n\n\n\n </body>\n</html>`;
    headers.set("content-type", "text/html; charset=UTF-8");
  } else {
    body = `${status}\n\n${error.explanation.replace(/\r/g, "").replace(/\n/g, " ")}\n\n   `;
    headers.set("content-type", "text/plain; charset=UTF-8");
  }
  return new Response(request.method === "HEAD" ? null : body, {
    status: error.status,
    statusText: error.title,
    headers,
  });
}

/**
 * webob's `HTTPNotFound` page: what the routes library and the metadata handler answer for a
 * path they do not serve.
 *
 * @example
 * ```ts
 * const res = notFoundPage(new Request("http://h/x", { headers: { accept: "application/json" } }));
 * res.status; // 404
 * ```
 */
export function notFoundPage(request: Request): Response {
  return webobErrorResponse(request, {
    status: 404,
    title: "Not Found",
    explanation: "The resource could not be found.",
  });
}
