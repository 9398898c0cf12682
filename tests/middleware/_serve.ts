/**
 * Test helper: serve a handler over real HTTP on an ephemeral port, filling the environ's peer
 * address the way the entry points do.
 *
 * @module
 */
import { environ } from "../../lib/http/environ.ts";
import type { Handler } from "../../lib/http/types.ts";

/** A running test server. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  port: number;
  /** Stop the server (waits for in-flight requests). */
  close(): Promise<void>;
}

/** Start `handler` on 127.0.0.1 with an OS-chosen port. */
export function serve(handler: Handler): TestServer {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (request, info) => {
      environ(request).remoteAddr = info.remoteAddr.hostname;
      return handler(request);
    },
  );
  const port = server.addr.port;
  return { base: `http://127.0.0.1:${port}`, port, close: () => server.shutdown() };
}

/** A body stream that yields `chunks` pieces of `size` bytes, one per pull. */
export function chunkedBody(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= chunks) {
        controller.close();
        return;
      }
      sent++;
      controller.enqueue(new Uint8Array(size).fill(120));
    },
  });
}
