import assert from "node:assert/strict";
import { assertDiskFits, assertMemoryFits } from "../../lib/images/fit.ts";
import { DomainError } from "../../lib/errors/mod.ts";

const GIB = 1024 ** 3;

function message(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DomainError);
    assert.equal(e.kind, "invalid");
    return e.message;
  }
  return "";
}

Deno.test("an image bigger than the root disk, or asking more min_disk, does not fit", () => {
  assert.equal(
    message(() => assertDiskFits({ size: 2 * GIB, min_disk: 0 }, 1)),
    `Flavor's disk is too small for requested image. Flavor disk is ${GIB} bytes, image is ${
      2 * GIB
    } bytes.`,
  );
  assert.equal(
    message(() => assertDiskFits({ size: 1, min_disk: 5 }, 1)),
    "Flavor's disk is smaller than the minimum size specified in image metadata. " +
      `Flavor disk is ${GIB} bytes, minimum size is ${5 * GIB} bytes.`,
  );
  assert.equal(message(() => assertDiskFits({ size: GIB, min_disk: 1 }, 1)), "");
});

Deno.test("an image asking more memory than the flavor has does not fit", () => {
  assert.equal(
    message(() => assertMemoryFits({ min_ram: 1024 }, 512)),
    "Flavor's memory is too small for requested image.",
  );
  assert.equal(message(() => assertMemoryFits({ min_ram: 512 }, 512)), "");
});
