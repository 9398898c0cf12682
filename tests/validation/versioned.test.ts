/** Picking the schema that applies to a request's microversion. */

import { deepEqual, equal, throws } from "node:assert/strict";
import { parseMicroversion, selectSchema, versionInRange } from "../../lib/validation/versioned.ts";

Deno.test("versioned: parse microversions", () => {
  deepEqual(parseMicroversion("2.1"), { major: 2, minor: 1 });
  deepEqual(parseMicroversion("2.100"), { major: 2, minor: 100 });
  for (const bad of ["2", "2.01", "v2.1", "2.1.1", ""]) {
    throws(() => parseMicroversion(bad), RangeError);
  }
});

Deno.test("versioned: inclusive ranges with open ends", () => {
  const v = (minor: number) => ({ major: 2, minor });
  equal(versionInRange(v(54), "2.1", "2.54"), true);
  equal(versionInRange(v(55), "2.1", "2.54"), false);
  equal(versionInRange(v(9), "2.10"), false);
  equal(versionInRange(v(100), "2.10"), true);
  equal(versionInRange(v(1), undefined, "2.1"), true);
  equal(versionInRange(v(99)), true);
});

Deno.test("versioned: first matching schema, or null", () => {
  const entries = [
    { schema: { type: "object" as const, additionalProperties: true }, min: "2.1", max: "2.74" },
    { schema: { type: "object" as const, additionalProperties: false }, min: "2.75" },
  ];
  equal(selectSchema(entries, { major: 2, minor: 74 })?.additionalProperties, true);
  equal(selectSchema(entries, { major: 2, minor: 75 })?.additionalProperties, false);
  equal(selectSchema(entries, { major: 2, minor: 0 }), null);
});
