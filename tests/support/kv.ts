/**
 * A throwaway in-memory Deno KV for tests.
 *
 * @module
 */

/** Opens an in-memory KV, runs `body` with it, and closes it however `body` ends. */
export async function withKv(body: (kv: Deno.Kv) => Promise<void>): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  try {
    await body(kv);
  } finally {
    kv.close();
  }
}
