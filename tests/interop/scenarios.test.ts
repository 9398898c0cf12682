/**
 * The shared real-client scenarios (`../shared/interop/osc-scenario.sh` and `sdk-scenario.py`,
 * unmodified) with `STRICT=1` against a started quick start (`scripts/start.ts` on a copy of
 * `etc/nova` with free ports and its state in a temporary directory), with an admin token from
 * the embedded identity. A server exists before they run, so their checks of an existing server
 * run too. Any FAIL fails the test, and so does any SKIP but one: osc-scenario.sh skips
 * `quota show` unconditionally (its reason: osc resolves the project through Keystone and asks
 * the network service too), so the test runs `openstack quota show` through the catalog itself
 * and requires it to pass. Ignored, with a message, where the scenarios or the CLI are missing
 * (the project's tests must not need `../shared`).
 */
import assert from "node:assert/strict";
import { HAS_OSC } from "./_osc.ts";
import { type QuickStart, startQuickStart } from "./_quickstart.ts";

const SHARED = new URL("../../../shared/interop/", import.meta.url).pathname;
const OSC_SCENARIO = `${SHARED}osc-scenario.sh`;
const SDK_SCENARIO = `${SHARED}sdk-scenario.py`;
let haveScenarios = true;
try {
  await Deno.stat(OSC_SCENARIO);
  await Deno.stat(SDK_SCENARIO);
} catch {
  haveScenarios = false;
  console.error("skipping the shared client scenarios: ../shared/interop is not there");
}

/** The one SKIP osc-scenario.sh prints whatever the API does, and its stated reason. */
const UNCONDITIONAL_SKIP = /^SKIP quota show: osc 6\.0 resolves the project through Keystone/;

/** A scenario's outcome: its step lines by kind and its summary. */
export interface ScenarioOutcome {
  passed: string[];
  failed: string[];
  skipped: string[];
  summary: string | undefined;
  ok: boolean;
  output: string;
}

/** Sort a scenario's output lines into PASS, FAIL and SKIP and find its summary line. */
export function parseScenario(output: string, ok: boolean): ScenarioOutcome {
  const lines = output.split("\n");
  return {
    passed: lines.filter((l) => l.startsWith("PASS ")),
    failed: lines.filter((l) => l.startsWith("FAIL ")),
    skipped: lines.filter((l) => l.startsWith("SKIP ")),
    summary: lines.findLast((l) => /^\d+ passed, \d+ failed/.test(l)),
    ok,
    output,
  };
}

async function runScenario(command: string, args: string[]): Promise<ScenarioOutcome> {
  const env: Record<string, string> = { STRICT: "1", WAIT: "30" };
  for (const [k, v] of Object.entries(Deno.env.toObject())) {
    if (!k.startsWith("OS_")) env[k] = v;
  }
  const ran = await new Deno.Command(command, {
    args,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return parseScenario(decode(ran.stdout) + decode(ran.stderr), ran.success);
}

function report(name: string, o: ScenarioOutcome): string {
  return `${name}: ${o.summary}\n${
    [...o.failed, ...o.skipped].join("\n")
  }\n--- output\n${o.output}`;
}

Deno.test({
  name: "shared client scenarios with STRICT=1 against the quick start: no FAIL, no SKIP",
  ignore: !HAS_OSC || !haveScenarios,
  sanitizeResources: false, // start's children are awaited in stop(), after the steps
  async fn(t) {
    const qs: QuickStart = await startQuickStart();
    try {
      const issued = await qs.openstack(
        "nova-deno-admin",
        "token",
        "issue",
        "-f",
        "value",
        "-c",
        "id",
      );
      assert.ok(issued.ok, issued.stderr + qs.output());
      const token = issued.stdout.trim();

      await t.step("an existing server for the read-only checks", async () => {
        const r = await qs.openstack(
          "nova-deno-admin",
          ...["server", "create", "--image", "cirros", "--flavor", "m1.tiny"],
          ...["--network", "private", "--wait", "-f", "json", "interop-existing"],
        );
        assert.ok(r.ok, r.stderr);
        assert.equal(JSON.parse(r.stdout).status, "ACTIVE");
      });

      await t.step(
        "osc-scenario.sh: no FAIL, no SKIP but its unconditional quota show",
        async () => {
          const o = await runScenario("bash", [OSC_SCENARIO, qs.endpoint, token]);
          console.log(`osc-scenario.sh: ${o.summary}`);
          assert.ok(o.ok, report("osc", o));
          assert.deepEqual(o.failed, [], report("osc", o));
          assert.equal(
            o.summary,
            `${o.passed.length} passed, 0 failed, 1 skipped`,
            report("osc", o),
          );
          assert.equal(o.skipped.length, 1, report("osc", o));
          assert.match(o.skipped[0], UNCONDITIONAL_SKIP, report("osc", o));
          assert.ok(o.passed.length >= 40, report("osc", o));
        },
      );

      await t.step(
        "the skipped step itself: openstack quota show through the catalog",
        async () => {
          for (const args of [[], ["demo"], ["--default"]]) {
            const r = await qs.openstack("nova-deno-admin", "quota", "show", ...args, "-f", "json");
            assert.ok(r.ok, `quota show ${args.join(" ")}: ${r.stderr}`);
            const q = JSON.parse(r.stdout);
            assert.equal(q.instances, 10, r.stdout); // compute
            assert.equal(q.cores, 20, r.stdout);
            assert.equal(q.ports, 500, r.stdout); // network
            if (args[0] === "demo") assert.equal(q.project_name, "demo");
          }
        },
      );

      await t.step("sdk-scenario.py: no FAIL, no SKIP", async () => {
        const o = await runScenario("/usr/bin/python3", [
          SDK_SCENARIO,
          qs.endpoint,
          token,
          "--wait",
          "30",
        ]);
        console.log(`sdk-scenario.py: ${o.summary}`);
        assert.ok(o.ok, report("sdk", o));
        assert.deepEqual(o.failed, [], report("sdk", o));
        assert.deepEqual(o.skipped, [], report("sdk", o));
        assert.equal(o.summary, `${o.passed.length} passed, 0 failed`, report("sdk", o));
        assert.ok(o.passed.length >= 45, report("sdk", o));
      });
    } finally {
      await qs.stop();
    }
  },
});
