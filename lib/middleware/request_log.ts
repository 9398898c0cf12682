/**
 * Nova's `request_log` filter: one access line per request, in the format Nova and Placement share:
 *
 * `<remote> "<METHOD> <URI>" status: <code> len: <bytes> microversion: <X.Y|-> time: <s.ssssss>`
 *
 * - remote: `environ(request).remoteAddr`, or `-` when unknown;
 * - URI: script name + path + `?query` (when there is one);
 * - len: the `Content-Length` header when the response has one; `0` when there is no body;
 *   otherwise the body is counted as it streams out (never buffered) and the line is written once
 *   the body has been sent, cancelled or has failed. Wrapping a body this way makes Deno send it
 *   chunked, so handlers that know their length should set `Content-Length`;
 * - microversion: `environ(request).apiVersion`, `-` when none was negotiated;
 * - time: seconds from entering the filter until the response (headers) came back, as Nova
 *   measures it.
 *
 * When the layer below throws, the error goes on after the line is written. A thrown `NovaFault` is
 * logged with its status and the length of the fault body faultwrap will render for it (in Nova
 * such faults are responses by the time they pass this filter); anything else is logged as
 * `status: 500 len: 0`, as Nova does for an exception.
 *
 * With `format: "json"` (`[deno] log_format = json`) each request is instead one JSON object on one
 * line, with the same facts under names a log pipeline can index: `request_id`, `method`, `path`
 * (the URI as above), `status`, `length`, `microversion` (`null` when none), `duration` (seconds),
 * `remote_addr` (`null` when unknown), `project_id` and `user_id` (from the request context,
 * `null` when the request had none).
 *
 * @module
 */
import { environ } from "../http/environ.ts";
import { faultResponse, NovaFault } from "../http/fault.ts";
import type { Middleware } from "../http/types.ts";

/** Settings of the access log. */
export interface RequestLogOptions {
  /** Receives each access line. */
  log: (line: string) => void;
  /** `text` (Nova's line, the default) or `json` (one object per request). */
  format?: "text" | "json";
}

/** A stream that forwards `body` and reports how many bytes went through once it ends. */
function counted(
  body: ReadableStream<Uint8Array>,
  done: (bytes: number) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let bytes = 0;
  let reported = false;
  const finish = () => {
    if (!reported) {
      reported = true;
      done(bytes);
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) {
          finish();
          controller.close();
          return;
        }
        bytes += chunk.value.byteLength;
        controller.enqueue(chunk.value);
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
}

/**
 * The access-log filter.
 *
 * @example
 * ```ts
 * const filter = requestLog({ log: (line) => console.info(line) });
 * // 192.0.2.9 "GET /v2.1/flavors?limit=1" status: 200 len: 61 microversion: 2.1 time: 0.004211
 * ```
 */
export function requestLog(opts: RequestLogOptions): Middleware {
  return async (request, next) => {
    const start = performance.now();
    const write = (status: number, length: number | string, seconds: number) => {
      const env = environ(request);
      const query = env.query;
      const remote = env.remoteAddr || "-";
      const uri = env.scriptName + env.pathInfo + query;
      const microversion = env.apiVersion ?? "-";
      if (opts.format === "json") {
        opts.log(JSON.stringify({
          request_id: env.requestId ?? null,
          method: request.method,
          path: uri,
          status,
          length: Number(length),
          microversion: env.apiVersion ?? null,
          duration: Number(seconds.toFixed(6)),
          remote_addr: env.remoteAddr || null,
          project_id: env.context?.projectId ?? null,
          user_id: env.context?.userId ?? null,
        }));
        return;
      }
      opts.log(
        `${remote} "${request.method} ${uri}" status: ${status} len: ${length} ` +
          `microversion: ${microversion} time: ${seconds.toFixed(6)}`,
      );
    };
    let response: Response;
    try {
      response = await next(request);
    } catch (error) {
      const seconds = (performance.now() - start) / 1000;
      if (error instanceof NovaFault) {
        const rendered = await faultResponse(error).arrayBuffer();
        write(error.status, rendered.byteLength, seconds);
      } else {
        write(500, 0, seconds);
      }
      throw error;
    }
    const seconds = (performance.now() - start) / 1000;
    const declared = response.headers.get("content-length");
    if (declared !== null && /^\d+$/.test(declared.trim())) {
      write(response.status, Number(declared.trim()), seconds);
      return response;
    }
    if (response.body === null) {
      write(response.status, 0, seconds);
      return response;
    }
    const body = counted(response.body, (bytes) => write(response.status, bytes, seconds));
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
