import assert from "node:assert/strict";
import { PasteConfig } from "../../lib/paste/config.ts";
import { PasteError } from "../../lib/paste/error.ts";
import { parseIni } from "../../lib/paste/ini.ts";
import { interpolate, InterpolationError } from "../../lib/paste/interpolate.ts";

function config(text: string, extra?: Record<string, string>): PasteConfig {
  return new PasteConfig(parseIni(text, "/srv/nova/api-paste.ini"), extra);
}

Deno.test("interpolate: %% escapes and %(name)s references", () => {
  const vars: Record<string, string> = { a: "A", nested: "<%(a)s>", pct: "100%%" };
  const lookup = (name: string) => vars[name];
  assert.equal(interpolate("plain", lookup), "plain");
  assert.equal(interpolate("100%% sure", lookup), "100% sure");
  assert.equal(interpolate("%(a)s-%(nested)s-%(pct)s", lookup), "A-<A>-100%");
  assert.equal(interpolate("%%(a)s", lookup), "%(a)s");
});

Deno.test("interpolate: bad uses of % are errors", () => {
  const lookup = (name: string) => (name === "loop" ? "%(loop)s" : undefined);
  for (const raw of ["50%", "%d", "%(a", "%(a)d"]) {
    assert.throws(() => interpolate(raw, lookup), InterpolationError, raw);
  }
  assert.throws(() => interpolate("%(missing)s", lookup), /%\(missing\)s names nothing/);
  assert.throws(() => interpolate("%(loop)s", lookup), /nest deeper than 10 levels/);
});

Deno.test("config: here and __file__ come from the file's path", () => {
  const c = config("[app:a]\nroot = %(here)s/static\nme = %(__file__)s\n");
  assert.equal(c.get("app:a", "root"), "/srv/nova/static");
  assert.equal(c.get("app:a", "me"), "/srv/nova/api-paste.ini");
  assert.deepEqual(c.defaults(), { here: "/srv/nova", __file__: "/srv/nova/api-paste.ini" });
});

Deno.test("config: a relative file is made absolute for here", () => {
  const c = new PasteConfig(parseIni("[s]\na = %(here)s\n", "etc/api-paste.ini"));
  assert.equal(c.get("s", "a"), `${Deno.cwd()}/etc`);
  assert.equal(c.file, "etc/api-paste.ini");
});

Deno.test("config: names resolve in the section first, then [DEFAULT]", () => {
  const c = config(
    "[DEFAULT]\nport = 8774\nurl = http://h:%(port)s/%(suffix)s\nsuffix = d\n" +
      "[s]\nport = 9000\nsuffix = s\nown = %(url)s\n[t]\nown = %(url)s\n",
  );
  assert.equal(c.get("s", "own"), "http://h:9000/s");
  assert.equal(c.get("t", "own"), "http://h:8774/d");
  // A default read through a section sees that section's values, as in ConfigParser.
  assert.equal(c.get("s", "url"), "http://h:9000/s");
  assert.equal(c.defaults().url, "http://h:8774/d");
});

Deno.test("config: keys lists the section's own keys, then inherited defaults", () => {
  const c = config("[DEFAULT]\nb = 1\nz = 2\n[s]\nx = 1\nb = 3\n");
  assert.deepEqual(c.keys("s"), ["x", "b", "here", "__file__", "z"]);
  assert.equal(c.isDefault("z"), true);
  assert.equal(c.isDefault("x"), false);
});

Deno.test("config: caller globals fill gaps in [DEFAULT] and stay literal", () => {
  const c = config("[DEFAULT]\na = file\n[s]\nv = %(a)s %(b)s\n", { a: "caller", b: "50%" });
  assert.equal(c.get("s", "v"), "file 50%");
  assert.equal(c.defaults().a, "file");
});

Deno.test("config: expansion errors name file, line, section and key", () => {
  const c = config("[s]\n\nbad = %(nope)s\n");
  assert.throws(
    () => c.get("s", "bad"),
    (error: unknown) => {
      assert.ok(error instanceof PasteError);
      assert.equal(
        error.message,
        "/srv/nova/api-paste.ini:3: [s] bad: %(nope)s names nothing in this section or [DEFAULT]",
      );
      assert.equal(error.section, "s");
      return true;
    },
  );
});
