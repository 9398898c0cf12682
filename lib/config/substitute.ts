/**
 * oslo.config's value substitution: `$name` and `${name}` refer to another option's value,
 * `${group.name}` to one in another group, and `$$` (or `\$`) is a literal dollar. A `$` followed
 * by anything else is left alone.
 *
 * @module
 */

/**
 * One `$` construct: an escaped dollar, a bare reference, a braced reference, or a lone dollar.
 * Names start with a letter or `_` and continue with letters, digits, `_` and `.` (so `$a.b` is a
 * reference to `b` in group `a`, as in Python's `string.Template` with oslo's pattern).
 */
const PLACEHOLDER = /\$(?:(\$)|([_a-z][._a-z0-9]*)|\{([_a-z][._a-z0-9]*)\}|)/gi;

/**
 * Replaces the references in `text` with what `resolve` returns for each name (the text between
 * `$`/`${` and the end of the name, e.g. `my_ip` or `api.max_limit`). `resolve` throws for a name
 * it does not know.
 *
 * @example
 * ```ts
 * substitute("http://$my_ip:${api.port}/ costs $$5", (name) => ({ my_ip: "10.0.0.1", "api.port": "80" })[name]!);
 * // "http://10.0.0.1:80/ costs $5"
 * ```
 */
export function substitute(text: string, resolve: (name: string) => string): string {
  if (!text.includes("$")) return text;
  const escaped = text.replaceAll("\\$", "$$$$");
  return escaped.replace(
    PLACEHOLDER,
    (whole: string, dollar?: string, bare?: string, braced?: string) => {
      if (dollar) return "$";
      const name = bare ?? braced;
      return name === undefined ? whole : resolve(name);
    },
  );
}
