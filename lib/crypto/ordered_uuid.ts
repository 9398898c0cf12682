/**
 * Version-4-shaped UUIDs whose first 48 bits are the creation time in milliseconds (as UUIDv7
 * lays them out), the rest random: still 74 random bits, the version nibble 4 and the RFC 4122
 * variant, so they read as the uuid4s Nova hands out. Keys built from them (a server's record,
 * its host index entry, its actions) land next to the previous ones instead of at random places
 * of the store's B-tree, so a burst of creates writes a few hot pages rather than one cold page
 * per key.
 *
 * @module
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * A new UUID for something created at `now` (epoch ms), ordered by time to the millisecond.
 *
 * @example
 * ```ts
 * const id = orderedUuid(Date.now()); // e.g. "0193a1b2-c3d4-4e5f-9a0b-1c2d3e4f5a6b"
 * ```
 */
export function orderedUuid(now: number): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let t = Math.max(0, Math.floor(now));
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => HEX[x]);
  return `${h[0]}${h[1]}${h[2]}${h[3]}-${h[4]}${h[5]}-${h[6]}${h[7]}-${h[8]}${h[9]}-` +
    `${h[10]}${h[11]}${h[12]}${h[13]}${h[14]}${h[15]}`;
}
