/**
 * JSON Schema validation with Nova's semantics and messages, for request
 * bodies and query strings.
 *
 * @example
 * ```ts
 * import { parseJsonBody, validateBody, parameterTypes } from "./lib/validation/mod.ts";
 *
 * const schema = {
 *   type: "object",
 *   properties: {
 *     flavor: {
 *       type: "object",
 *       properties: { name: parameterTypes.name, ram: parameterTypes.flavorParamPositive },
 *       required: ["name", "ram"],
 *       additionalProperties: false,
 *     },
 *   },
 *   required: ["flavor"],
 *   additionalProperties: false,
 * };
 * validateBody(schema, await parseJsonBody(request)); // throws NovaFault(400, ...) when invalid
 * ```
 *
 * @module
 */

export type { PathSegment, Schema, SchemaObject, TypeName } from "./types.ts";
export { ValidationError, type ValidationErrorInit, type ValidationTarget } from "./errors.ts";
export { isValid, iterErrors, validate, type ValidateOptions } from "./validator.ts";
export {
  MALFORMED_BODY,
  parseJsonBody,
  peekAction,
  requestContentType,
  SUPPORTED_CONTENT_TYPES,
  validateBody,
} from "./body.ts";
export {
  emptyQueryDict,
  NOT_UTF8,
  parseQueryString,
  type QueryDict,
  stripAdditionalQueryParameters,
  toQueryDict,
  validateQuery,
  type ValidateQueryOptions,
} from "./query.ts";
export { FORMAT_CHECKERS, type FormatChecker } from "./formats/mod.ts";
export {
  buildRegexRange,
  isPrintable,
  type RegexRangeOptions,
  type ValidationRegex,
  validAzNameLeadingTrailingSpacesRegex,
  validAzNameRegex,
  validDescriptionRegex,
  validNameLeadingTrailingSpacesRegex,
  validNameRegex,
} from "./printable.ts";
export {
  compilePythonRegex,
  isValidPythonRegex,
  pyMatch,
  pySearch,
  PythonRegexError,
  translatePythonRegex,
} from "./pyregex.ts";
export { pyRepr, pyStr } from "./pyrepr.ts";
export * as parameterTypes from "./parameter_types.ts";
