/**
 * Nova's `nova.compute.flavors.create`: turn a validated `POST /flavors` body into a new flavor
 * (generated id when none is given, integer ranges, rxtx factor range, defaults) with Nova's
 * `InvalidInput` messages as 400s.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import type { NewFlavor } from "../../flavors/mod.ts";
import { pyFloatFromString, pyIntFromString } from "../../validation/pynumber.ts";
import { pyFloatRepr, pyNumberRepr } from "../../validation/pyrepr.ts";
import { boolFromWord } from "./bool_words.ts";
import { MAX_INT, SQL_SP_FLOAT_MAX } from "./schemas.ts";

function invalidInput(reason: string): NovaFault {
  return new NovaFault(400, `Invalid input received: ${reason}`);
}

/** oslo's `validate_integer` over `int(str(value))`. */
function integer(value: unknown, name: string, min: number): number {
  const n = pyIntFromString(typeof value === "number" ? pyNumberRepr(value) : String(value));
  if (n === null) throw invalidInput(`${name} must be an integer`);
  if (n < BigInt(min)) throw invalidInput(`${name} must be >= ${min}`);
  if (n > BigInt(MAX_INT)) throw invalidInput(`${name} must be <= ${MAX_INT}`);
  return Number(n);
}

function rxtxFactor(value: unknown): number {
  const f = typeof value === "number" ? value : pyFloatFromString(String(value));
  if (f === null || Number.isNaN(f) || f <= 0 || f > SQL_SP_FLOAT_MAX) {
    // Python's "%g" of 3.40282e+38.
    const max = pyFloatRepr(SQL_SP_FLOAT_MAX).replace(/\.0$/, "");
    throw invalidInput(`'rxtx_factor' argument must be a float between 0 and ${max}`);
  }
  return f;
}

/** A public flavor id from the body: falsy -> a new UUID; numbers as Python prints them. */
function flavorId(value: unknown): string {
  if (!value) return crypto.randomUUID();
  return typeof value === "number" ? pyNumberRepr(value) : String(value);
}

/**
 * Build the flavor to store from the body's `flavor` object (already schema-checked).
 * `description` is only read from 2.55 (`withDescription`).
 *
 * @example
 * ```ts
 * newFlavorFromBody({ name: "m1.test", ram: 512, vcpus: 1, disk: 1 }, false).flavorid; // a UUID
 * ```
 */
export function newFlavorFromBody(
  vals: Record<string, unknown>,
  withDescription: boolean,
): NewFlavor {
  const flavorid = flavorId(vals.id);
  const name = String(vals.name).trim();
  const memory_mb = integer(vals.ram, "ram", 1);
  const vcpus = integer(vals.vcpus, "vcpus", 1);
  const root_gb = integer(vals.disk, "disk", 0);
  const ephemeral_gb = integer(vals["OS-FLV-EXT-DATA:ephemeral"] ?? 0, "ephemeral", 0);
  const swap = integer(vals.swap ?? 0, "swap", 0);
  const rxtx_factor = rxtxFactor(vals.rxtx_factor ?? 1.0);
  const isPublic = vals["os-flavor-access:is_public"] ?? true;
  const is_public = typeof isPublic === "boolean" ? isPublic : boolFromWord(String(isPublic));
  if (is_public === null) throw invalidInput("is_public must be a boolean");
  const description = withDescription
    ? (vals.description as string | null | undefined) ?? null
    : null;
  return {
    flavorid,
    name,
    memory_mb,
    vcpus,
    root_gb,
    ephemeral_gb,
    swap,
    rxtx_factor,
    is_public,
    description,
  };
}
