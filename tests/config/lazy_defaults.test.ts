/**
 * Start-up checks every option the files or the environment set, but converts an option left at
 * its default only when it is first read (most of the several hundred registered options never
 * are), unless that default refers to other options.
 */
import assert from "node:assert/strict";
import { ConfigError, configFromValues, integer, OptionRegistry } from "../../lib/config/mod.ts";
import type { OptionType } from "../../lib/config/types.ts";

/** A string type that counts its conversions. */
function counted(): { type: OptionType<string>; parses: () => number } {
  let parses = 0;
  return {
    type: {
      name: "string",
      parse(value: unknown) {
        parses++;
        return String(value);
      },
      render: (value) => value,
    },
    parses: () => parses,
  };
}

Deno.test("a default is converted when first read, once; a set value at build", () => {
  const plain = counted();
  const set = counted();
  const registry = new OptionRegistry().register("g", [
    { name: "plain", type: plain.type, default: "x", help: "Left at its default." },
    { name: "set", type: set.type, default: "y", help: "Set in a file." },
  ]);
  const config = configFromValues({ g: { set: "z" } }, { registry });
  assert.equal(set.parses(), 1);
  assert.equal(plain.parses(), 0);
  assert.equal(config.get("g", "plain"), "x");
  assert.equal(config.get("g", "plain"), "x");
  assert.equal(plain.parses(), 1);
});

Deno.test("a default that refers to another option is resolved at build", () => {
  const refers = counted();
  const registry = new OptionRegistry().register("g", [
    { name: "base", type: counted().type, default: "/srv", help: "A base." },
    { name: "path", type: refers.type, default: "$base/key", help: "Under the base." },
  ]);
  const config = configFromValues({}, { registry });
  assert.equal(refers.parses(), 1);
  assert.equal(config.get("g", "path"), "/srv/key");
});

Deno.test("a bad set value still stops the build", () => {
  const registry = new OptionRegistry().register("g", [
    { name: "n", type: integer(), default: 1, help: "A number." },
  ]);
  assert.throws(() => configFromValues({ g: { n: "many" } }, { registry }), ConfigError);
});
