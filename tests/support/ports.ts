/**
 * Loopback ports for services under test. No side effects on import: unit tests, the interop and
 * deployment suites and the Tempest scripts share it.
 *
 * @module
 */

/** A loopback port nobody listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}
