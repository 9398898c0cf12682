/**
 * A strict DER reader: walks tag-length-value elements and refuses anything DER forbids
 * (indefinite or padded lengths, non-minimal integers, stray bits in BIT STRINGs). Failures are
 * {@link DerError}s whose message mimics the `ParseError { kind: ..., location: [...] }` text that
 * pyca/cryptography's Rust ASN.1 parser puts into its `ValueError`s.
 *
 * @module
 */

/** ASN.1 tag classes, as the two top bits of the identifier octet. */
export const TagClass = {
  universal: 0,
  application: 1,
  contextSpecific: 2,
  private: 3,
} as const;

/** Universal tag numbers this project reads. */
export const UniversalTag = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  objectIdentifier: 6,
  utf8String: 12,
  sequence: 16,
  set: 17,
  utcTime: 23,
  generalizedTime: 24,
} as const;

const CLASS_NAMES = ["Universal", "Application", "ContextSpecific", "Private"];

/** An element's tag: class, constructed bit and number. */
export interface DerTag {
  cls: number;
  constructed: boolean;
  number: number;
}

/** One decoded tag-length-value element. */
export interface DerElement extends DerTag {
  /** The value octets. */
  contents: Uint8Array;
  /** The whole element, identifier and length included. */
  raw: Uint8Array;
}

/**
 * A DER decoding failure. `kind` follows the Rust `asn1` crate's error kinds (`ShortData`,
 * `InvalidValue`, `UnexpectedTag`, ...); `location` names the fields being read, outermost first.
 *
 * @example
 * ```ts
 * import { DerError, DerReader } from "./der.ts";
 * try {
 *   new DerReader(new Uint8Array([0x30, 0x05])).read();
 * } catch (e) {
 *   console.log(e instanceof DerError && e.kind); // "ShortData { needed: 5 }"
 * }
 * ```
 */
export class DerError extends Error {
  /** The error kind, rendered as the Rust crate's Debug output would. */
  readonly kind: string;
  /** Field names and element indexes, outermost first (`Certificate::tbs_cert`, 0, ...). */
  readonly location: (string | number)[];

  constructor(kind: string, location: (string | number)[] = []) {
    super(DerError.render(kind, location));
    this.name = "DerError";
    this.kind = kind;
    this.location = location;
  }

  /** The same failure, placed inside an enclosing field or element index. */
  within(field: string | number): DerError {
    return new DerError(this.kind, [field, ...this.location]);
  }

  private static render(kind: string, location: (string | number)[]): string {
    const items = location.map((l) => (typeof l === "number" ? String(l) : `"${l}"`));
    const where = items.length ? `, location: [${items.join(", ")}]` : "";
    return `ParseError { kind: ${kind}${where} }`;
  }
}

/** Render a tag the way the Rust crate's `UnexpectedTag` Debug output does. */
export function describeTag(tag: DerTag): string {
  return `Tag { value: ${tag.number}, constructed: ${tag.constructed}, class: ${
    CLASS_NAMES[tag.cls]
  } }`;
}

/**
 * Run `body`, re-throwing any {@link DerError} as located inside `field` (a field name or an
 * element index).
 *
 * @example
 * ```ts
 * import { DerReader, inField } from "./der.ts";
 * const n = inField("Outer::count", () => new DerReader(new Uint8Array([2, 1, 5])).readInteger());
 * console.log(n); // 5n
 * ```
 */
export function inField<T>(field: string | number, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof DerError) throw e.within(field);
    throw e;
  }
}

/**
 * Sequential reader over a run of DER elements.
 *
 * @example
 * ```ts
 * import { DerReader, UniversalTag } from "./der.ts";
 * const seq = new DerReader(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x2a])).readSequence();
 * console.log(seq.readInteger()); // 42n
 * seq.finish();
 * ```
 */
export class DerReader {
  private readonly data: Uint8Array;
  private pos = 0;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  /** True once every element has been read. */
  get done(): boolean {
    return this.pos >= this.data.length;
  }

  /** The tag of the next element, or `undefined` at the end. Throws on a malformed tag. */
  peekTag(): DerTag | undefined {
    if (this.done) return undefined;
    return this.parseTag(this.pos).tag;
  }

  /** True when the next element carries exactly this tag. */
  peekIs(cls: number, constructed: boolean, number: number): boolean {
    const t = this.peekTag();
    return t !== undefined && t.cls === cls && t.constructed === constructed && t.number === number;
  }

  /** Read the next element, whatever its tag. */
  read(): DerElement {
    const start = this.pos;
    const { tag, next } = this.parseTag(start);
    let p = next;
    if (p >= this.data.length) throw new DerError("ShortData { needed: 1 }");
    const first = this.data[p++];
    let length: number;
    if (first < 0x80) {
      length = first;
    } else if (first === 0x80) {
      throw new DerError("InvalidLength"); // indefinite length is BER, not DER
    } else {
      const count = first & 0x7f;
      if (count > 4) throw new DerError("InvalidLength");
      if (p + count > this.data.length) {
        throw new DerError(`ShortData { needed: ${p + count - this.data.length} }`);
      }
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + this.data[p + i];
      // DER: long form only when needed, and with no leading zero octets.
      if (this.data[p] === 0 || length < 0x80) throw new DerError("InvalidLength");
      p += count;
    }
    if (p + length > this.data.length) {
      throw new DerError(`ShortData { needed: ${p + length - this.data.length} }`);
    }
    this.pos = p + length;
    return {
      ...tag,
      contents: this.data.subarray(p, p + length),
      raw: this.data.subarray(start, p + length),
    };
  }

  /** Read the next element and insist on its tag. */
  expect(cls: number, constructed: boolean, number: number): DerElement {
    const tag = this.peekTag();
    if (tag === undefined) throw new DerError("ShortData { needed: 1 }");
    if (tag.cls !== cls || tag.constructed !== constructed || tag.number !== number) {
      throw new DerError(`UnexpectedTag { actual: ${describeTag(tag)} }`);
    }
    return this.read();
  }

  /** Read a universal SEQUENCE and return a reader over its contents. */
  readSequence(): DerReader {
    return new DerReader(this.expect(TagClass.universal, true, UniversalTag.sequence).contents);
  }

  /** Read a universal SET and return a reader over its contents. */
  readSet(): DerReader {
    return new DerReader(this.expect(TagClass.universal, true, UniversalTag.set).contents);
  }

  /** Read an INTEGER (minimally encoded, any sign). */
  readInteger(): bigint {
    return decodeInteger(this.expect(TagClass.universal, false, UniversalTag.integer).contents);
  }

  /** Read an OBJECT IDENTIFIER in dotted form. */
  readOid(): string {
    return decodeOid(
      this.expect(TagClass.universal, false, UniversalTag.objectIdentifier).contents,
    );
  }

  /** Read a NULL. */
  readNull(): void {
    const el = this.expect(TagClass.universal, false, UniversalTag.null);
    if (el.contents.length !== 0) throw new DerError("InvalidValue");
  }

  /** Read a BOOLEAN (DER allows only 0x00 and 0xFF). */
  readBoolean(): boolean {
    const c = this.expect(TagClass.universal, false, UniversalTag.boolean).contents;
    if (c.length !== 1 || (c[0] !== 0 && c[0] !== 0xff)) throw new DerError("InvalidValue");
    return c[0] === 0xff;
  }

  /** Read an OCTET STRING. */
  readOctetString(): Uint8Array {
    return this.expect(TagClass.universal, false, UniversalTag.octetString).contents;
  }

  /** Read a BIT STRING and return its bytes (the unused-bit count must be zero-padded). */
  readBitString(cls: number = TagClass.universal, number: number = UniversalTag.bitString): {
    unusedBits: number;
    bytes: Uint8Array;
  } {
    return decodeBitString(this.expect(cls, false, number).contents);
  }

  /** Fail unless every element has been consumed. */
  finish(): void {
    if (!this.done) throw new DerError("ExtraData");
  }

  private parseTag(at: number): { tag: DerTag; next: number } {
    const b = this.data[at];
    const cls = b >> 6;
    const constructed = (b & 0x20) !== 0;
    let number = b & 0x1f;
    let p = at + 1;
    if (number === 0x1f) {
      number = 0;
      let first = true;
      for (;;) {
        if (p >= this.data.length) throw new DerError("ShortData { needed: 1 }");
        const c = this.data[p++];
        if (first && c === 0x80) throw new DerError("InvalidTag");
        first = false;
        number = number * 128 + (c & 0x7f);
        if (number > 0xffffffff) throw new DerError("InvalidTag");
        if ((c & 0x80) === 0) break;
      }
      if (number < 0x1f) throw new DerError("InvalidTag");
    }
    return { tag: { cls, constructed, number }, next: p };
  }
}

/**
 * Decode INTEGER contents, rejecting empty and non-minimal encodings.
 *
 * @example
 * ```ts
 * import { decodeInteger } from "./der.ts";
 * console.log(decodeInteger(new Uint8Array([0x00, 0x80]))); // 128n
 * ```
 */
export function decodeInteger(c: Uint8Array): bigint {
  if (c.length === 0) throw new DerError("InvalidValue");
  if (c.length > 1) {
    if ((c[0] === 0x00 && c[1] < 0x80) || (c[0] === 0xff && c[1] >= 0x80)) {
      throw new DerError("InvalidValue");
    }
  }
  let v = 0n;
  for (const b of c) v = (v << 8n) | BigInt(b);
  if (c[0] & 0x80) v -= 1n << BigInt(8 * c.length);
  return v;
}

/**
 * Decode OBJECT IDENTIFIER contents to dotted form, rejecting padded sub-identifiers.
 *
 * @example
 * ```ts
 * import { decodeOid } from "./der.ts";
 * console.log(decodeOid(new Uint8Array([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01])));
 * // "1.2.840.113549.1.1.1"
 * ```
 */
export function decodeOid(c: Uint8Array): string {
  // The Rust crate caps encoded identifiers at 63 octets.
  if (c.length === 0) throw new DerError("InvalidValue");
  if (c.length > 63) throw new DerError("OidTooLong");
  const arcs: bigint[] = [];
  let value = 0n;
  let startOfArc = true;
  for (let i = 0; i < c.length; i++) {
    const b = c[i];
    if (startOfArc && b === 0x80) throw new DerError("InvalidValue");
    value = (value << 7n) | BigInt(b & 0x7f);
    startOfArc = (b & 0x80) === 0;
    if (startOfArc) {
      arcs.push(value);
      value = 0n;
    }
  }
  if (!startOfArc) throw new DerError("InvalidValue");
  const first = arcs[0];
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join(".");
}

/**
 * Decode BIT STRING contents: the leading unused-bit count must be 0-7 and the unused bits zero.
 *
 * @example
 * ```ts
 * import { decodeBitString } from "./der.ts";
 * console.log(decodeBitString(new Uint8Array([0x00, 0xff])).bytes); // Uint8Array [ 255 ]
 * ```
 */
export function decodeBitString(c: Uint8Array): { unusedBits: number; bytes: Uint8Array } {
  if (c.length === 0) throw new DerError("InvalidValue");
  const unusedBits = c[0];
  if (unusedBits > 7 || (c.length === 1 && unusedBits !== 0)) throw new DerError("InvalidValue");
  if (unusedBits && (c[c.length - 1] & ((1 << unusedBits) - 1)) !== 0) {
    throw new DerError("InvalidValue");
  }
  return { unusedBits, bytes: c.subarray(1) };
}

/**
 * Parse exactly one element filling all of `data` (the equivalent of `asn1::parse_single`).
 *
 * @example
 * ```ts
 * import { parseSingle } from "./der.ts";
 * const seq = parseSingle(new Uint8Array([0x30, 0x00]), (r) => r.readSequence());
 * console.log(seq.done); // true
 * ```
 */
export function parseSingle<T>(data: Uint8Array, body: (r: DerReader) => T): T {
  const r = new DerReader(data);
  const out = body(r);
  r.finish();
  return out;
}
