/**
 * The two answers auth_token gives itself:
 *
 * - 401 for a missing or invalid token: keystonemiddleware's own JSON body
 *   `{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires
 *   authentication."}}` (`Content-Type: application/json`, whatever the `Accept`) and
 *   `WWW-Authenticate: Keystone uri="<www_authenticate_uri>"`;
 * - 503 when Keystone cannot be asked: webob's `HTTPServiceUnavailable` page with the detail
 *   "The Keystone service is temporarily unavailable." (format chosen from `Accept`).
 *
 * @module
 */
import { pyJsonDumps } from "../../http/pyjson.ts";
import { webobDetailResponse } from "../../http/webob_detail.ts";

/** The message of the 401 body. */
export const UNAUTHORIZED_MESSAGE = "The request you have made requires authentication.";
/** The detail of the 503 page. */
export const UNAVAILABLE_DETAIL = "The Keystone service is temporarily unavailable.";

/** The `WWW-Authenticate` value pointing clients at Keystone (`None` when nothing is known). */
export function wwwAuthenticate(uri: string | null): string {
  return `Keystone uri="${uri ?? "None"}"`;
}

/** auth_token's 401 (no body for `HEAD`). */
export function unauthorizedResponse(request: Request, uri: string | null): Response {
  const body = pyJsonDumps({
    error: { code: 401, title: "Unauthorized", message: UNAUTHORIZED_MESSAGE },
  });
  return new Response(request.method === "HEAD" ? null : body, {
    status: 401,
    statusText: "Unauthorized",
    headers: { "content-type": "application/json", "www-authenticate": wwwAuthenticate(uri) },
  });
}

/** auth_token's 503. */
export function unavailableResponse(request: Request): Response {
  return webobDetailResponse(request, {
    status: 503,
    title: "Service Unavailable",
    explanation: "The server is currently unavailable. Please try again at a later time.",
  }, UNAVAILABLE_DETAIL);
}
