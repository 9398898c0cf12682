/**
 * The value trees behind the metadata paths, and how Nova prints a node of one (`ec2_md_print`)
 * and walks into one (`find_path_in_tree`).
 *
 * @module
 */

/** A node: a directory (object), a list, bytes, or a scalar. */
export type Node =
  | { [key: string]: Node }
  | Node[]
  | Uint8Array
  | string
  | number
  | boolean
  | null;

function isDir(node: Node): node is { [key: string]: Node } {
  return node !== null && typeof node === "object" && !Array.isArray(node) &&
    !(node instanceof Uint8Array);
}

/** Python's `sorted` order of str (code points). */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * Print a node as Nova's metadata handler does: a directory lists its keys sorted, a key whose
 * value is a directory ends with `/` (or shows that directory's `_name`), `_name` itself is never
 * listed; a list prints one item a line; bytes and text as they are; anything else as Python's
 * `str` would.
 *
 * @example
 * ```ts
 * printNode({ b: "x", a: { c: 1 } }); // "a/\nb"
 * ```
 */
export function printNode(node: Node): string | Uint8Array {
  if (node instanceof Uint8Array || typeof node === "string") return node;
  if (Array.isArray(node)) return node.map((n) => String(printNode(n))).join("\n");
  if (isDir(node)) {
    return Object.keys(node).filter((k) => k !== "_name").sort(byCodePoint).map((key) => {
      const value = node[key];
      if (isDir(value)) return "_name" in value ? String(value._name) : key + "/";
      return key;
    }).join("\n");
  }
  if (node === null) return "None";
  if (typeof node === "boolean") return node ? "True" : "False";
  return String(node);
}

/**
 * The node at `tokens` below `node`, or undefined when there is none. Only directories can be
 * entered (Nova fails with a 500 on a token below a list or a scalar; here that is not found).
 */
export function findInTree(node: Node, tokens: readonly string[]): Node | undefined {
  let here = node;
  for (const token of tokens) {
    if (!isDir(here) || !Object.hasOwn(here, token)) return undefined;
    here = here[token];
  }
  return here;
}
