/** The simulated guest's console log: what it says, how it grows, and Nova's tail. */
import assert from "node:assert/strict";
import { bootLines, bootLog, type GuestFacts, tailLog } from "../../lib/virt/boot_log.ts";

const GUEST: GuestFacts = {
  uuid: "0b5a7a9e-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
  hostname: "web-1",
  memoryMb: 2048,
  vcpus: 2,
  diskGb: 20,
  nics: [
    { mac: "fa:16:3e:00:00:01", addresses: [{ address: "10.0.0.5", prefix: 24 }] },
    { mac: "fa:16:3e:00:00:02", addresses: [{ address: "192.168.8.9", prefix: 20 }] },
  ],
  bootedAt: new Date("2026-01-02T03:04:05Z"),
};

Deno.test("boot log: kernel, NICs, cloud-init with hostname and addresses, then the login prompt", () => {
  const log = bootLog(GUEST, 3600);
  assert.match(log, /Memory: \d+K\/2097152K available/);
  assert.match(log, /Brought up 1 node, 2 CPUs/);
  assert.match(log, /\[vda\] 41943040 512-byte logical blocks \(21\.47 GB\/20\.00 GiB\)/);
  assert.match(log, /eth1: renamed from ens4/);
  assert.match(
    log,
    /\| eth0 {3}\| True \| 10\.0\.0\.5 +\| 255\.255\.255\.0 +\| global \| fa:16:3e:00:00:01 \|/,
  );
  assert.match(log, /\| eth1 {3}\| True \| 192\.168\.8\.9 +\| 255\.255\.240\.0 +\|/);
  assert.match(log, /running 'init' at Fri, 02 Jan 2026 03:04:09 \+0000\. Up 4\.87 seconds\./);
  assert.match(log, /SHA256:\S+ root@web-1 \(ED25519\)/);
  assert.ok(log.endsWith("\nweb-1 login: "), log);
  assert.notEqual(bootLog({ ...GUEST, uuid: "another" }, 3600), log);
});

Deno.test("boot log grows line by line with the seconds since boot", () => {
  assert.equal(bootLog(GUEST, -1), "");
  assert.equal(bootLog(GUEST, Number.NaN), "");
  let previous = "";
  for (const line of bootLines(GUEST)) {
    const log = bootLog(GUEST, line.at);
    assert.ok(log.startsWith(previous), `${line.at}s extends the earlier log`);
    assert.ok(log.includes(line.text));
    previous = log;
  }
  assert.equal(bootLog(GUEST, 8.1), bootLog(GUEST, 1e9));
  assert.doesNotMatch(bootLog(GUEST, 8), /login:/);
});

Deno.test("tailLog: Nova's lines[-length:]", () => {
  const log = "a\nb\nc\nd";
  assert.equal(tailLog(log, null), log);
  assert.equal(tailLog(log, 0), "");
  assert.equal(tailLog(log, 1), "d");
  assert.equal(tailLog(log, 3), "b\nc\nd");
  assert.equal(tailLog(log, 10), log);
  assert.equal(tailLog(log, -1), "b\nc\nd");
  assert.equal(tailLog(log, -3), "d");
  assert.equal(tailLog(log, -10), "");
  assert.equal(tailLog("", 5), "");
});
