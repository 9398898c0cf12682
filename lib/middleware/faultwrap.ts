/**
 * Nova's `faultwrap` filter (`FaultWrapper`): whatever is thrown below it becomes a JSON fault.
 *
 * - A thrown `NovaFault` is rendered by `faultResponse` with its own status, message and headers.
 * - Anything else becomes `500 {"computeFault": {"code": 500, "message": ...}}`. The message names the
 *   error's class but never its text or stack; the stack goes to `opts.log` only. By default the
 *   message is the one Nova's API-method wrapper (`expected_errors`) gives an unexpected exception,
 *   since in this port controller errors reach faultwrap directly:
 *   `Unexpected API Error. Please contact the administrator\n<class 'TypeError'>`
 *   (the middle sentence is Nova's default support string; see `support`). With
 *   `genericServerError: true` the message is instead what FaultWrapper itself renders for an error
 *   raised outside an API method: `The server has either erred or is incapable of performing the
 *   requested operation.`
 * - When the router has negotiated a microversion (`environ(request).apiVersion`), the fault also
 *   carries `OpenStack-API-Version: compute X.Y`, `X-OpenStack-Nova-API-Version: X.Y` and
 *   `Vary: OpenStack-API-Version, X-OpenStack-Nova-API-Version`, as Nova's `Fault` does.
 *
 * Responses returned normally (not thrown) are passed through untouched.
 *
 * @module
 */
import { applicationUrl, environ } from "../http/environ.ts";
import { faultResponse, NovaFault } from "../http/fault.ts";
import type { Middleware } from "../http/types.ts";
import { stampVersionHeaders } from "../http/version_headers.ts";

/** Settings of the fault wrapper. */
export interface FaultwrapOptions {
  /** Receives the stack of unexpected errors and a one-line note for every fault. */
  log?: (msg: string) => void;
  /** The support sentence of the unexpected-error message (Nova's `support_string()`). */
  support?: string;
  /** Use webob's generic 500 text instead of the "Unexpected API Error" message. */
  genericServerError?: boolean;
}

/** Nova's default support string (`nova.version.NOVA_SUPPORT`, used without a release file). */
export const DEFAULT_SUPPORT_STRING = "Please contact the administrator";
/** The explanation webob gives a bare HTTP 500. */
export const GENERIC_SERVER_ERROR =
  "The server has either erred or is incapable of performing the requested operation.";

/** How Python would print the type of the thrown value: `<class 'TypeError'>`. */
export function errorClassName(error: unknown): string {
  let name: string;
  if (error instanceof Error) {
    name = error.constructor?.name || error.name || "Error";
  } else if (error === null || error === undefined) {
    name = String(error);
  } else {
    name = (error as { constructor?: { name?: string } }).constructor?.name ?? typeof error;
  }
  return `<class '${name}'>`;
}

/**
 * The message Nova returns for an unexpected error raised in an API method.
 *
 * @example
 * ```ts
 * unexpectedErrorMessage(new TypeError("x"));
 * // "Unexpected API Error. Please contact the administrator\n<class 'TypeError'>"
 * ```
 */
export function unexpectedErrorMessage(
  error: unknown,
  support: string = DEFAULT_SUPPORT_STRING,
): string {
  return `Unexpected API Error. ${support}\n${errorClassName(error)}`;
}

/**
 * The fault wrapper.
 *
 * @example
 * ```ts
 * const app = compose([faultwrap({ log: console.error })], async () => {
 *   throw new NovaFault(404, "Flavor m1.huge could not be found.");
 * });
 * (await app(new Request("http://h/v2.1/flavors/m1.huge"))).status; // 404
 * ```
 */
export function faultwrap(opts: FaultwrapOptions = {}): Middleware {
  const log = opts.log ?? (() => {});
  return async (request, next) => {
    try {
      return await next(request);
    } catch (error) {
      const env = environ(request);
      let fault: NovaFault;
      if (error instanceof NovaFault) {
        fault = error;
      } else {
        const detail = error instanceof Error ? (error.stack ?? String(error)) : String(error);
        log(`Caught error: ${detail}`);
        fault = new NovaFault(
          500,
          opts.genericServerError
            ? GENERIC_SERVER_ERROR
            : unexpectedErrorMessage(error, opts.support ?? DEFAULT_SUPPORT_STRING),
        );
      }
      const query = env.query;
      log(`${applicationUrl(request)}${env.pathInfo}${query} returned with HTTP ${fault.status}`);
      const response = faultResponse(fault);
      return env.apiVersion ? stampVersionHeaders(response, env.apiVersion) : response;
    }
  };
}
