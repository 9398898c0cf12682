import assert from "node:assert/strict";
import * as nodePath from "node:path";
import { dirname, isAbsolute, join, normalize } from "../../lib/paste/posix_path.ts";

const PATHS = [
  "",
  ".",
  "..",
  "/",
  "//",
  "a",
  "a/",
  "/a",
  "/a/",
  "/a/b",
  "/a//b/",
  "a/b/../c",
  "../a/../../b",
  "/../a",
  "/a/./b/.",
  "/a/b/..",
  "./a",
  "a/..",
  "a/../..",
  "/etc/nova/../nova/./api-paste.ini",
  "//a//b//",
];

Deno.test("posix_path: normalize, dirname and isAbsolute agree with node:path", () => {
  for (const p of PATHS) {
    assert.equal(normalize(p), nodePath.posix.normalize(p), `normalize(${JSON.stringify(p)})`);
    assert.equal(dirname(p), nodePath.posix.dirname(p), `dirname(${JSON.stringify(p)})`);
    assert.equal(isAbsolute(p), nodePath.posix.isAbsolute(p), `isAbsolute(${JSON.stringify(p)})`);
  }
});

Deno.test("posix_path: join agrees with node:path", () => {
  for (
    const [a, b] of [["/work", "etc/api-paste.ini"], ["/", "x"], ["", ""], ["a", ""], [
      "/a/",
      "../b/",
    ]]
  ) {
    assert.equal(join(a, b), nodePath.posix.join(a, b), `join(${a}, ${b})`);
  }
});
