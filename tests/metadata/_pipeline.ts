/**
 * Test support: the metadata service's paste pipeline (`buildService("metadata")`, an in-memory
 * store) served over real HTTP on a free port, with its store and configuration at hand.
 *
 * @module
 */
import { buildService } from "../../lib/service/build.ts";
import { environ } from "../../lib/http/environ.ts";
import type { Config } from "../../lib/config/mod.ts";

/** A running metadata service. */
export interface MetadataPipeline {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Every line the service logged. */
  logs: string[];
  /** The service's store (servers created in it are what the service finds). */
  kv: Deno.Kv;
  /** The service's configuration. */
  config: Config;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Start the metadata pipeline; `env` adds `OS_<GROUP>__<OPTION>` settings. */
export async function startMetadata(
  env: Record<string, string> = {},
  pasteText?: string,
): Promise<MetadataPipeline> {
  const logs: string[] = [];
  const built = await buildService("metadata", {
    noFiles: true,
    pasteText,
    env: { OS_DATABASE__CONNECTION: ":memory:", ...env },
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
    kv: await built.runtime.kv(),
    config: built.config,
    fetch: (path, init) => fetch(origin + path, init),
    async close() {
      await server.shutdown();
      built.runtime.close();
    },
  };
}
