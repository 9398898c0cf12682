/**
 * Nova's error values and their JSON rendering (`{"itemNotFound": {"code": 404, "message": ...}}`).
 *
 * @module
 */
import { NovaFault } from "../errors/fault.ts";

export { NovaFault };

const FAULT_NAMES: Record<number, string> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "itemNotFound",
  405: "badMethod",
  409: "conflictingRequest",
  413: "overLimit",
  415: "badMediaType",
  429: "overLimit",
  501: "notImplemented",
  503: "serviceUnavailable",
};

/** The fault key Nova uses for an HTTP status (`computeFault` for anything unnamed). */
export function faultName(status: number): string {
  return FAULT_NAMES[status] ?? "computeFault";
}

/** Shorthand constructors for the faults controllers raise most. */
export const faults = {
  badRequest: (message: string) => new NovaFault(400, message),
  unauthorized: (message = "The request you have made requires authentication.") =>
    new NovaFault(401, message),
  forbidden: (message: string) => new NovaFault(403, message),
  notFound: (message = "The resource could not be found.") => new NovaFault(404, message),
  conflict: (message: string) => new NovaFault(409, message),
  notAcceptable: (message: string) => new NovaFault(406, message),
  unsupportedMediaType: (message: string) => new NovaFault(415, message),
  notImplemented: (message: string) => new NovaFault(501, message),
};

/** Render a fault as Nova's JSON response. */
export function faultResponse(fault: NovaFault): Response {
  const name = faultName(fault.status);
  const body: Record<string, unknown> = { code: fault.status, message: fault.message };
  if ((fault.status === 413 || fault.status === 429) && fault.headers["Retry-After"]) {
    body.retryAfter = fault.headers["Retry-After"];
  }
  const headers = new Headers(fault.headers);
  headers.set("content-type", "application/json; charset=UTF-8");
  return new Response(JSON.stringify({ [name]: body }), { status: fault.status, headers });
}
