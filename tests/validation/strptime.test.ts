/** Python's strptime for Nova's time formats: what it accepts, what it refuses, str() of a time. */
import assert from "node:assert/strict";
import { pyDatetimeStr, pyStrptime } from "../../lib/validation/strptime.ts";

const F = "%Y-%m-%dT%H:%M:%S";
const FF = "%Y-%m-%dT%H:%M:%S.%f";
const SPACED = "%Y-%m-%d %H:%M:%S.%f";

Deno.test("pyStrptime accepts what Python's strptime does", () => {
  const at = Date.UTC(2012, 9, 8, 20, 10, 44) * 1000;
  assert.equal(pyStrptime("2012-10-08T20:10:44", F), at);
  assert.equal(pyStrptime("2012-10-08T20:10:44.587336", FF), at + 587336);
  assert.equal(pyStrptime("2012-10-08T20:10:44.5", FF), at + 500000);
  assert.equal(pyStrptime("2012-10-08 20:10:44.000001", SPACED), at + 1);
  assert.equal(pyStrptime("2012-10-08  \t20:10:44.000001", SPACED), at + 1, "any whitespace run");
  assert.equal(pyStrptime("2012-10-8t20:10:44", F), at, "one-digit fields, any case");
  assert.equal(pyStrptime("٢٠١٢-10-08T20:10:44", F), at, "Unicode digits");
  assert.equal(pyStrptime("2012-02-29T00:00:00", F), Date.UTC(2012, 1, 29) * 1000);
});

Deno.test("pyStrptime refuses what Python's strptime does", () => {
  for (
    const [text, format] of [
      ["2012-10-08T20:10:44", FF],
      ["2012-10-08T20:10:44.1234567", FF],
      ["2012-10-08 20:10:44", SPACED],
      ["2012-10-08T20:10:44Z", F],
      ["2013-02-29T00:00:00", F],
      ["2012-04-31T00:00:00", F],
      ["2012-10-08T24:00:00", F],
      ["2012-10-08T20:60:00", F],
      ["2012-10-08T20:10:60", F],
      ["0000-01-01T00:00:00", F],
      ["12-10-08T20:10:44", F],
      ["", F],
    ]
  ) {
    assert.equal(pyStrptime(text, format), null, text);
  }
});

Deno.test("pyDatetimeStr writes str() of a naive datetime", () => {
  assert.equal(pyDatetimeStr(Date.UTC(2012, 5, 1) * 1000), "2012-06-01 00:00:00");
  assert.equal(pyDatetimeStr(Date.UTC(2012, 5, 1) * 1000 + 5, "T"), "2012-06-01T00:00:00.000005");
  assert.equal(pyDatetimeStr(pyStrptime("0001-01-01T00:00:00", F)!), "0001-01-01 00:00:00");
});
