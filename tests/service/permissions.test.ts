import assert from "node:assert/strict";

const root = new URL("../../", import.meta.url).pathname;

async function probe(permissionSet: string): Promise<Record<string, boolean>> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `-P=${permissionSet}`,
      "--no-prompt",
      "tests/fixtures/probe/permissions_probe.ts",
    ],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  return JSON.parse(text.split("\n").at(-1)!);
}

Deno.test("metadata permission set: no run, ffi or sys; writes only its store", async () => {
  const granted = await probe("metadata");
  assert.deepEqual(granted, {
    write_tmp: false,
    read_passwd: false,
    run: false,
    sys: false,
    ffi: false,
    write_state: true,
    read_etc: true,
    env: true,
    kv_state: true,
  });
});

Deno.test("compute permission set: no run, ffi or sys; writes only its store", async () => {
  const granted = await probe("compute");
  assert.equal(granted.write_tmp, false);
  assert.equal(granted.run, false);
  assert.equal(granted.ffi, false);
  assert.equal(granted.sys, false);
  assert.equal(granted.kv_state, true);
});
