/**
 * oslo.utils' `bool_from_string(strict=True)`: the words Nova accepts as booleans.
 *
 * @module
 */

const TRUE_WORDS = new Set(["1", "t", "true", "on", "y", "yes"]);
const FALSE_WORDS = new Set(["0", "f", "false", "off", "n", "no"]);

/**
 * The boolean a word stands for (case and surrounding whitespace ignored), or null when it is not
 * one of oslo's words.
 *
 * @example
 * ```ts
 * boolFromWord(" Yes "); // true
 * boolFromWord("maybe"); // null
 * ```
 */
export function boolFromWord(value: string): boolean | null {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}
