/**
 * The flavor domain errors: Nova's wording, and kinds that the one fault table turns into Nova's
 * statuses (the record-too-large case stays the 400 the extra-specs API answered with).
 */
import assert from "node:assert/strict";
import { asFault } from "../../lib/compute/faults.ts";
import { DomainError } from "../../lib/errors/mod.ts";
import {
  FlavorAccessExists,
  FlavorAccessNotFound,
  FlavorExtraSpecNotFound,
  FlavorIdExists,
  FlavorNameExists,
  FlavorNotFound,
  FlavorRecordTooLarge,
  MarkerNotFound,
} from "../../lib/flavors/mod.ts";
import { NovaFault } from "../../lib/http/fault.ts";

Deno.test("flavor errors carry Nova's messages and map to Nova's statuses", () => {
  const cases: [DomainError, number, string][] = [
    [new FlavorNotFound("9"), 404, "Flavor 9 could not be found."],
    [new FlavorNameExists("m1.x"), 409, "Flavor with name m1.x already exists."],
    [new FlavorIdExists("9"), 409, "Flavor with ID 9 already exists."],
    [
      new FlavorAccessExists(3, "p"),
      409,
      "Flavor access already exists for flavor 3 and project p combination.",
    ],
    [new FlavorAccessNotFound(3, "p"), 404, "Flavor access not found for 3 / p combination."],
    [new FlavorExtraSpecNotFound("9", "k"), 404, "Flavor 9 has no extra specs with key k."],
    [
      new FlavorRecordTooLarge("9"),
      400,
      "Flavor 9 extra specs exceed the 64 KiB the store allows per flavor.",
    ],
    [new MarkerNotFound("m"), 400, "marker [m] not found"],
  ];
  for (const [error, status, message] of cases) {
    assert.ok(error instanceof DomainError);
    assert.equal(error.message, message);
    const fault = asFault(error);
    assert.ok(fault instanceof NovaFault);
    assert.equal(fault.status, status, error.name);
    assert.equal(fault.message, message);
  }
  assert.equal(new FlavorNotFound("9").name, "FlavorNotFound");
});
