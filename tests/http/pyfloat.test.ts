/** pyFloat: numbers that serialize as Python's float repr. */
import assert from "node:assert/strict";
import { pyFloat } from "../../lib/http/pyfloat.ts";

Deno.test("pyFloat writes Python's repr of a float into JSON", () => {
  const cases: [number, string][] = [
    [1, "1.0"],
    [0.5, "0.5"],
    [1e-5, "1e-05"],
    [0.0001, "0.0001"],
    [1e16, "1e+16"],
    [1e15, "1000000000000000.0"],
    [123456789012345680.0, "1.2345678901234568e+17"],
    [3.40282e+38, "3.40282e+38"],
    [-2, "-2.0"],
    [0, "0.0"],
  ];
  for (const [n, text] of cases) {
    assert.equal(JSON.stringify(pyFloat(n)), text, String(n));
    assert.equal(JSON.stringify({ f: pyFloat(n) }), `{"f":${text}}`);
    // It reads back as the same number.
    assert.equal(JSON.parse(JSON.stringify(pyFloat(n))), n);
  }
  assert.ok(JSON.isRawJSON(pyFloat(1)));
});

Deno.test("pyFloat refuses NaN and infinities", () => {
  for (const n of [NaN, Infinity, -Infinity]) assert.throws(() => pyFloat(n), RangeError);
});

Deno.test("pyFloat: shared values stay right for 0 and -0 in either order", () => {
  assert.equal(
    JSON.stringify([pyFloat(-0), pyFloat(0), pyFloat(-0), pyFloat(1), pyFloat(1)]),
    "[-0.0,0.0,-0.0,1.0,1.0]",
  );
  assert.equal(pyFloat(2.5), pyFloat(2.5));
});
