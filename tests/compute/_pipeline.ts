/**
 * Test support: the whole compute paste pipeline (`buildService("osapi_compute")` with noauth2 and
 * an in-memory store) served over real HTTP on a free port.
 *
 * @module
 */
import { buildService } from "../../lib/service/build.ts";
import { environ } from "../../lib/http/environ.ts";

/** Extra request options: a noauth2 token (`user:project`) and a microversion header. */
export interface PipelineInit extends RequestInit {
  /** `X-Auth-Token`; `admin:admin` unless told, `null` for none. */
  token?: string | null;
  /** Sent as `OpenStack-API-Version: compute <version>`. */
  version?: string;
  /** Serialised as the body with `Content-Type: application/json` (the method defaults to POST). */
  json?: unknown;
}

/** A running pipeline. */
export interface Pipeline {
  /** `http://127.0.0.1:<port>` (no path). */
  origin: string;
  port: number;
  /** Every line the service logged (request_log's lines among them). */
  logs: string[];
  fetch(path: string, init?: PipelineInit): Promise<Response>;
  close(): Promise<void>;
}

/** Start the full compute pipeline; `env` adds `OS_<GROUP>__<OPTION>` settings. */
export async function startPipeline(env: Record<string, string> = {}): Promise<Pipeline> {
  const logs: string[] = [];
  const built = await buildService("osapi_compute", {
    noFiles: true,
    env: {
      OS_API__AUTH_STRATEGY: "noauth2",
      OS_DATABASE__CONNECTION: ":memory:",
      OS_DENO__SEED_FLAVORS: "true",
      ...env,
    },
    log: (line) => logs.push(line),
  });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (request, info) => {
      environ(request).remoteAddr = info.remoteAddr.hostname;
      return built.handler(request);
    },
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;
  return {
    origin,
    port: server.addr.port,
    logs,
    fetch(path, init = {}) {
      const { token, version, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== null) headers.set("X-Auth-Token", token ?? "admin:admin");
      if (version !== undefined) headers.set("OpenStack-API-Version", `compute ${version}`);
      let body = rest.body;
      let method = rest.method;
      if (json !== undefined) {
        body = JSON.stringify(json);
        headers.set("Content-Type", "application/json");
        method ??= "POST";
      }
      return fetch(origin + path, { ...rest, method, headers, body });
    },
    async close() {
      await server.shutdown();
      built.runtime.close();
    },
  };
}

/** Read a response: status, headers and the body parsed as JSON when it is JSON. */
export async function read(
  response: Response,
  // deno-lint-ignore no-explicit-any
): Promise<{ status: number; headers: Headers; text: string; body: any }> {
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch { /* not JSON */ }
  return { status: response.status, headers: response.headers, text, body };
}
