/**
 * oslo.middleware's request body limiter (`sizelimit`, `RequestBodySizeLimiter`).
 *
 * - A `Content-Length` above the limit is refused at once with 413 and the explanation
 *   `Request is too large. Larger than max_request_body_size (<max>).`
 * - A body without `Content-Length` (chunked) is counted while the application reads it. Crossing the
 *   limit makes the read fail with a `RequestTooLargeError` (a `NovaFault` with status 413 and the
 *   explanation `Request is too large. Larger than <max>.`); once the layer below settles, this
 *   filter answers the 413 itself, whatever that layer returned or threw.
 *
 * How the 413 looks: in Nova, oslo raises `webob.exc.HTTPRequestEntityTooLarge` from a `wsgify`
 * callable, which turns it straight into webob's own error page; it never reaches faultwrap. So by
 * default (`style: "webob"`) the response is webob's page, e.g. for `Accept: application/json`
 * `{"message": "Request is too large. ...<br /><br />\n\n\n", "code": "413 Request Entity Too Large",
 * "title": "Request Entity Too Large"}` (see webob_error.ts). With `style: "fault"` the filter throws
 * the `NovaFault` instead, and faultwrap renders `{"overLimit": {"code": 413, "message": ...}}`.
 *
 * @module
 */
import { NovaFault } from "../http/fault.ts";
import type { Middleware } from "../http/types.ts";
import { rebuildRequest } from "./_shared.ts";
import { webobErrorResponse } from "../http/webob_error.ts";

/** Settings of the body limiter. */
export interface SizeLimitOptions {
  /** `[oslo_middleware] max_request_body_size` (oslo's default is 114688). */
  maxBytes: number;
  /** How the 413 is produced: webob's page (as Nova answers) or a thrown `NovaFault`. */
  style?: "webob" | "fault";
  /** Receives oslo's info line when a declared length is refused. */
  log?: (msg: string) => void;
}

/** The 413 raised while a body is read (or, in `fault` style, thrown for a declared length). */
export class RequestTooLargeError extends NovaFault {
  /** A 413 with the given explanation. */
  constructor(message: string) {
    super(413, message);
    this.name = "RequestTooLargeError";
  }
}

/**
 * The body limiter.
 *
 * @example
 * ```ts
 * const filter = sizeLimit({ maxBytes: 114688 });
 * ```
 */
export function sizeLimit(opts: SizeLimitOptions): Middleware {
  const max = opts.maxBytes;
  const style = opts.style ?? "webob";
  const refuse = (request: Request, error: RequestTooLargeError): Response => {
    if (style === "fault") throw error;
    return webobErrorResponse(request, {
      status: 413,
      title: "Request Entity Too Large",
      explanation: error.message,
    });
  };

  return async (request, next) => {
    const declared = request.headers.get("content-length");
    const length = declared !== null && /^\s*\d+\s*$/.test(declared) ? Number(declared) : null;
    if (length !== null) {
      if (length > max) {
        const message = `Request is too large. Larger than max_request_body_size (${max}).`;
        opts.log?.(message);
        return refuse(request, new RequestTooLargeError(message));
      }
      return next(request);
    }
    if (request.body === null) return next(request);

    let tripped: RequestTooLargeError | null = null;
    let seen = 0;
    const limiter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > max) {
          tripped ??= new RequestTooLargeError(`Request is too large. Larger than ${max}.`);
          controller.error(tripped);
          return;
        }
        controller.enqueue(chunk);
      },
    });
    const limited = rebuildRequest(request, { body: request.body.pipeThrough(limiter) });
    let response: Response | undefined;
    let failure: unknown;
    let failed = false;
    try {
      response = await next(limited);
    } catch (error) {
      failed = true;
      failure = error;
    }
    if (tripped !== null) {
      response?.body?.cancel().catch(() => {});
      return refuse(request, tripped);
    }
    if (failed) throw failure;
    return response as Response;
  };
}
