/**
 * Nova's `compute_req_id` filter: oslo.middleware's request-id filter plus Nova's historical
 * `x-compute-request-id` response header.
 *
 * Every request gets a fresh `req-<uuid4>` (in `environ(request).requestId`). An inbound
 * `X-OpenStack-Request-ID` is kept as the global request id (`environ(request).notes.globalRequestId`)
 * only when it has exactly that shape in lower-case hex; anything else is silently dropped. The
 * response carries the local id in `x-openstack-request-id` and `x-compute-request-id`, unless a
 * layer below already set that header. Faults rendered by faultwrap (which sits inside this filter)
 * get the headers too; an exception escaping the pipeline is passed on untouched.
 *
 * @module
 */
import { environ } from "../http/environ.ts";
import type { Middleware } from "../http/types.ts";
import { editHeaders } from "./_shared.ts";

/** The response header oslo.middleware sets. */
export const OPENSTACK_REQUEST_ID_HEADER = "x-openstack-request-id";
/** The response header Nova has always sent beside it. */
export const COMPUTE_REQUEST_ID_HEADER = "x-compute-request-id";
/** The shape an inbound global request id must have. */
export const GLOBAL_REQUEST_ID_PATTERN =
  /^req-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;

/**
 * A new request id, `req-` followed by a random UUID.
 *
 * @example
 * ```ts
 * generateRequestId(); // "req-3f0c..."
 * ```
 */
export function generateRequestId(): string {
  return `req-${crypto.randomUUID()}`;
}

/**
 * The request-id filter.
 *
 * @example
 * ```ts
 * const app = compose([computeRequestId(), faultwrap({})], router);
 * const response = await app(new Request("http://h/v2.1"));
 * response.headers.get("x-compute-request-id"); // "req-..."
 * ```
 */
export function computeRequestId(): Middleware {
  return async (request, next) => {
    const env = environ(request);
    const inbound = request.headers.get("x-openstack-request-id") ?? "";
    if (GLOBAL_REQUEST_ID_PATTERN.test(inbound)) env.notes.globalRequestId = inbound;
    const requestId = generateRequestId();
    env.requestId = requestId;
    const response = await next(request);
    const missing = [OPENSTACK_REQUEST_ID_HEADER, COMPUTE_REQUEST_ID_HEADER].filter((name) =>
      !response.headers.has(name)
    );
    if (missing.length === 0) return response;
    return editHeaders(response, (h) => {
      for (const name of missing) h.set(name, requestId);
    });
  };
}
