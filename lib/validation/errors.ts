/**
 * The validation error value and Nova's rendering of it.
 *
 * @module
 */

import { pyStr } from "./pyrepr.ts";
import type { PathSegment } from "./types.ts";

/** Where the validated document came from; it changes how Nova words the error. */
export type ValidationTarget = "body" | "query";

/** Construction fields of a {@link ValidationError}. */
export interface ValidationErrorInit {
  /** The keyword that failed (`type`, `required`, ...). */
  keyword: string;
  /** jsonschema's message, e.g. `'abc' is not of type 'integer'`. */
  message: string;
  /** Path from the document root to the failing value. */
  path: readonly PathSegment[];
  /** The failing value (for `required` etc., the object that lacks something). */
  instance: unknown;
  /** A complete replacement for Nova's detail (used by the name formats). */
  detailOverride?: string;
}

/**
 * One schema violation, with jsonschema's message and enough context to
 * produce Nova's user-facing text via {@link ValidationError.detail}.
 */
export class ValidationError extends Error {
  /** The keyword that failed. */
  readonly keyword: string;
  /** Path from the document root to the failing value. */
  readonly path: readonly PathSegment[];
  /** The failing value. */
  readonly instance: unknown;
  /** A complete replacement for Nova's detail, if any. */
  readonly detailOverride?: string;

  /** Create an error from its parts (see {@link ValidationErrorInit}). */
  constructor(init: ValidationErrorInit) {
    super(init.message);
    this.name = "ValidationError";
    this.keyword = init.keyword;
    this.path = init.path;
    this.instance = init.instance;
    this.detailOverride = init.detailOverride;
  }

  /**
   * Nova's error detail for this error.
   *
   * - request bodies name the *last* path segment:
   *   `Invalid input for field/attribute foo. Value: 1. 1 is not of type 'string'`
   * - query strings name the *first* one (the parameter):
   *   `Invalid input for query parameters limit. Value: abc. 'abc' does not match '^[0-9]*$'`
   * - errors at the document root are the bare message:
   *   `'name' is a required property`
   *
   * The value is shown with Python's `str()`: strings bare, others as Python literals.
   */
  detail(target: ValidationTarget = "body"): string {
    if (this.detailOverride !== undefined) return this.detailOverride;
    if (this.path.length === 0) return this.message;
    const value = pyStr(this.instance);
    if (target === "body") {
      const field = pyStr(this.path[this.path.length - 1]);
      return `Invalid input for field/attribute ${field}. Value: ${value}. ${this.message}`;
    }
    const param = pyStr(this.path[0]);
    return `Invalid input for query parameters ${param}. Value: ${value}. ${this.message}`;
  }
}
