/**
 * JSON text spelled the way Python's `json.dumps` spells it by default (`", "` and `": "` between
 * items, non-ASCII escaped as `\uXXXX`), so headers and bodies match what keystonemiddleware sends
 * byte for byte.
 *
 * @module
 */

function escapeString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Serialize like Python's `json.dumps(value)`.
 *
 * @example
 * ```ts
 * pyJsonDumps({ a: [1, "é"] }); // '{"a": [1, "\\u00e9"]}'
 * ```
 */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return escapeString(value);
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    return JSON.stringify(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(", ")}]`;
  if (typeof value === "object") {
    const items = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${escapeString(k)}: ${pyJsonDumps(v)}`);
    return `{${items.join(", ")}}`;
  }
  return "null";
}
