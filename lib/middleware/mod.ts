/**
 * The paste filters of Nova's API pipelines (api-paste.ini), each a function from a plain options
 * object to a `Middleware`:
 *
 * `cors`, `httpProxyToWsgi`, `computeRequestId`, `faultwrap`, `requestLog`, `sizeLimit`,
 * `osprofiler`, `noauth2`, `legacyV2Compatible`.
 *
 * @example
 * ```ts
 * import { compose } from "../http/compose.ts";
 * import * as mw from "./mod.ts";
 *
 * const app = compose([
 *   mw.cors({ allowedOrigin: [], allowCredentials: true, exposeHeaders: [], maxAge: null,
 *     allowMethods: [], allowHeaders: [] }),
 *   mw.httpProxyToWsgi({ enabled: false }),
 *   mw.computeRequestId(),
 *   mw.faultwrap({ log: console.error }),
 *   mw.requestLog({ log: console.info }),
 *   mw.sizeLimit({ maxBytes: 114688 }),
 *   mw.osprofiler({ enabled: false }),
 * ], router);
 * ```
 *
 * @module
 */
export { cors, CORS_SIMPLE_HEADERS, type CorsOptions } from "./cors.ts";
export { httpProxyToWsgi, type HttpProxyToWsgiOptions } from "./http_proxy_to_wsgi.ts";
export {
  COMPUTE_REQUEST_ID_HEADER,
  computeRequestId,
  generateRequestId,
  GLOBAL_REQUEST_ID_PATTERN,
  OPENSTACK_REQUEST_ID_HEADER,
} from "./request_id.ts";
export {
  DEFAULT_SUPPORT_STRING,
  errorClassName,
  faultwrap,
  type FaultwrapOptions,
  GENERIC_SERVER_ERROR,
  unexpectedErrorMessage,
} from "./faultwrap.ts";
export { requestLog, type RequestLogOptions } from "./request_log.ts";
export { RequestTooLargeError, sizeLimit, type SizeLimitOptions } from "./sizelimit.ts";
export { legacyV2Compatible, MICROVERSION_HEADERS } from "./legacy_v2_compatible.ts";
export { osprofiler, type OsprofilerOptions } from "./osprofiler.ts";
export { healthcheck, healthcheckApp, type HealthcheckOptions } from "./healthcheck.ts";
export { healthcheckOptions } from "./healthcheck_options.ts";
export { noauth2, type NoAuth2Options } from "./noauth2.ts";
export { type WebobError, webobErrorResponse } from "../http/webob_error.ts";
