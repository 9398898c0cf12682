/**
 * Escaped HTML for the console's server-rendered pages: the `html` template tag escapes every
 * interpolated value unless it is already {@link Html} (made by the tag itself), so no value from
 * the API or the user is ever read as markup.
 *
 * @module
 */

/** A piece of markup the tag built (trusted). */
export class Html {
  /** The markup. */
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** `value` as text safe inside an element or a quoted attribute. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function part(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(part).join("");
  return escapeHtml(value);
}

/**
 * Build markup: literal parts as written, values escaped (arrays joined, null / undefined / false
 * left out, {@link Html} kept).
 *
 * @example
 * ```ts
 * html`<td>${"<b>"}</td>`.text; // "<td>&lt;b&gt;</td>"
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new Html(out);
}
