/**
 * The `format` checks Nova registers on its jsonschema FormatChecker, plus
 * the ones jsonschema itself supplies without optional dependencies.
 *
 * Every check except the name formats passes non-string values (type
 * checking is `type`'s job). Formats not listed here are not checked, as in
 * jsonschema.
 *
 * @module
 */

import { isValidPythonRegex, pySearch } from "../pyregex.ts";
import {
  type ValidationRegex,
  validAzNameLeadingTrailingSpacesRegex,
  validAzNameRegex,
  validNameLeadingTrailingSpacesRegex,
  validNameRegex,
} from "../printable.ts";
import { isBase64 } from "./base64.ts";
import { isIsoDateTime } from "./datetime.ts";
import { isCidr, isIPv4, isIPv6 } from "./ip.ts";
import { isUri } from "./uri.ts";
import { isUuidLike } from "./uuid.ts";

/** One format check. */
export interface FormatChecker {
  /** Whether the instance conforms. */
  check(instance: unknown): boolean;
  /**
   * When set, a failure is reported with this text as the whole error detail
   * instead of the usual `Invalid input for field/attribute ...` (Nova does this
   * for the name formats, via `InvalidName`).
   */
  detail?: string;
}

function forStrings(check: (value: string) => boolean): FormatChecker {
  return { check: (instance) => typeof instance !== "string" || check(instance) };
}

function nameFormat(rule: ValidationRegex): FormatChecker {
  return {
    check: (instance) => typeof instance === "string" && pySearch(rule.regex, instance),
    detail: `An invalid 'name' value was provided. The name must be: ${rule.reason}`,
  };
}

/**
 * Format name -> checker.
 *
 * @example
 * ```ts
 * FORMAT_CHECKERS.get("uuid")!.check("abc"); // => false
 * FORMAT_CHECKERS.get("uuid")!.check(42); // => true (not a string: not this keyword's concern)
 * ```
 */
export const FORMAT_CHECKERS: ReadonlyMap<string, FormatChecker> = new Map([
  ["uuid", forStrings(isUuidLike)],
  ["date-time", forStrings(isIsoDateTime)],
  ["uri", forStrings(isUri)],
  ["ipv4", forStrings(isIPv4)],
  ["ipv6", forStrings(isIPv6)],
  ["cidr", forStrings(isCidr)],
  ["base64", forStrings(isBase64)],
  ["regex", forStrings((value) => value !== "" && isValidPythonRegex(value))],
  ["email", forStrings((value) => value.includes("@"))],
  ["idn-email", forStrings((value) => value.includes("@"))],
  ["date", forStrings(isIsoDate)],
  ["name", nameFormat(validNameRegex)],
  ["name_with_leading_trailing_spaces", nameFormat(validNameLeadingTrailingSpacesRegex)],
  ["az_name", nameFormat(validAzNameRegex)],
  ["az_name_with_leading_trailing_spaces", nameFormat(validAzNameLeadingTrailingSpacesRegex)],
]);

/** jsonschema's `date`: `YYYY-MM-DD` naming a real calendar day. */
function isIsoDate(value: string): boolean {
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) && isIsoDateTime(value);
}

export { isBase64, isCidr, isIPv4, isIPv6, isIsoDateTime, isUri, isUuidLike };
