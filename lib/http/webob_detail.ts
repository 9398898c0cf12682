/**
 * webob's error page for an exception raised with a detail message
 * (`webob.exc.HTTPServiceUnavailable("The Keystone service is temporarily unavailable.")`): the
 * class's explanation, then the detail on a line of its own. The format follows `Accept` exactly
 * as in webob_error.ts (which renders pages without a detail and picks the format here).
 *
 * Checked against webob 1.8: plain `<status>\n\n<explanation>\n\n <detail>  `, JSON
 * `{"message": "<explanation><br /><br />\n<detail>\n\n", "code": ..., "title": ...}`, HTML with the
 * same two lines in the page body.
 *
 * @module
 */
import { type WebobError, webobErrorResponse } from "./webob_error.ts";
import { pyJsonDumps } from "./pyjson.ts";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

/** Flatten text the way webob's `strip_tags` does for the plain format (line breaks -> spaces). */
function flat(text: string): string {
  return text.replace(/\r/g, "").replace(/\n/g, " ");
}

/**
 * Render webob's page for `error` with `detail` under the explanation.
 *
 * @example
 * ```ts
 * webobDetailResponse(request, {
 *   status: 500,
 *   title: "Internal Server Error",
 *   explanation: "The server has either erred or is incapable of performing the requested operation.",
 * }, "Invalid service catalog json.");
 * ```
 */
export function webobDetailResponse(
  request: Request,
  error: WebobError,
  detail: string,
): Response {
  const page = webobErrorResponse(request, error);
  const type = page.headers.get("content-type") ?? "text/plain; charset=UTF-8";
  const status = `${error.status} ${error.title}`;
  const e = error.explanation;
  let body: string;
  if (type.startsWith("application/json")) {
    body = pyJsonDumps({
      message: `${e}<br /><br />\n${detail}\n\n`,
      code: status,
      title: error.title,
    });
  } else if (type.startsWith("text/html")) {
    body =
      `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n` +
      `  ${escapeHtml(e)}<br /><br />\n${escapeHtml(detail)}\n\n\n </body>\n</html>`;
  } else {
    body = `${status}\n\n${flat(e)}\n\n ${flat(detail)}  `;
  }
  return new Response(request.method === "HEAD" ? null : body, {
    status: error.status,
    statusText: error.title,
    headers: page.headers,
  });
}
