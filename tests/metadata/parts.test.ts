/** The metadata API's parts: the cache's expiry, network_data.json, printing, vendor data. */
import assert from "node:assert/strict";
import { MetadataCache } from "../../lib/metadata/cache.ts";
import { netmaskOf, networkData } from "../../lib/metadata/network_data.ts";
import { findInTree, printNode } from "../../lib/metadata/tree.ts";
import { ec2Number } from "../../lib/metadata/instance.ts";
import { networkCatalogOf, networkFromLine } from "../../lib/networks/catalog.ts";
import { parseNetworkLine } from "../../lib/config/options/networks.ts";
import { ConfigError } from "../../lib/config/mod.ts";
import { startMetadata } from "./_pipeline.ts";
import { createServer, LOOPBACK_NETWORK } from "./_servers.ts";

Deno.test("cache: an entry lives for the configured seconds; 0 keeps nothing", () => {
  let now = 1_000_000;
  const cache = new MetadataCache<string>(15, () => now);
  cache.set("metadata-10.0.0.5", "md");
  now += 14_999;
  assert.equal(cache.get("metadata-10.0.0.5"), "md");
  now += 1;
  assert.equal(cache.get("metadata-10.0.0.5"), undefined);
  const off = new MetadataCache<string>(0, () => now);
  off.set("k", "v");
  assert.equal(off.get("k"), undefined);
  const small = new MetadataCache<string>(15, () => now, 2);
  small.set("a", "1");
  small.set("b", "2");
  small.set("c", "3");
  assert.deepEqual([small.get("a"), small.get("b"), small.get("c")], [undefined, "2", "3"]);
});

Deno.test("network_data: a DHCP subnet is ipv4_dhcp; ports without addresses are skipped", () => {
  const dhcp = networkFromLine(parseNetworkLine("name=a, cidr=10.1.0.0/24, dns=10.1.0.3+10.1.0.4"));
  const fixed = networkFromLine(
    parseNetworkLine("name=b, cidr=10.2.0.0/16, dhcp=false, dns=10.1.0.3"),
  );
  const catalog = networkCatalogOf([dhcp, fixed]);
  const port = (id: string, net: typeof dhcp, ip: string | null) => ({
    id,
    network_id: net.id,
    mac_address: `fa:16:3e:00:00:0${id.length}`,
    fixed_ips: ip ? [{ subnet_id: net.subnets[0].id, ip_address: ip }] : [],
    device_id: "vm",
    device_owner: "compute:nova",
    project_id: "p",
    created_at: "2024-01-01T00:00:00Z",
  });
  const doc = networkData([
    port("p0-0000000000000", dhcp, "10.1.0.9"),
    port("p1", dhcp, null),
    port("p2-0000000000000", fixed, "10.2.3.4"),
  ], catalog)!;
  assert.deepEqual(doc.links.map((l) => l.id), ["tapp0-00000000", "tapp2-00000000"]);
  assert.deepEqual(doc.networks[0], {
    id: "network0",
    type: "ipv4_dhcp",
    link: "tapp0-00000000",
    network_id: dhcp.id,
  });
  assert.equal(doc.networks[1].netmask, "255.255.0.0");
  assert.equal(doc.networks[1].ip_address, "10.2.3.4");
  assert.deepEqual(doc.services, [
    { type: "dns", address: "10.1.0.3" },
    { type: "dns", address: "10.1.0.4" },
  ]);
  assert.equal(networkData([], catalog), null);
  assert.equal(netmaskOf("10.0.0.0/8"), "255.0.0.0");
  assert.equal(netmaskOf("10.0.0.0/30"), "255.255.255.252");
});

Deno.test("printNode and findInTree: Nova's listing rules", () => {
  const tree = { b: "x", a: { c: 1 }, k: { "0": { _name: "0=key", "openssh-key": "ssh" } } };
  assert.equal(printNode(tree), "a/\nb\nk/");
  assert.equal(printNode(tree.k), "0=key");
  assert.equal(printNode(tree.k["0"]), "openssh-key");
  assert.equal(printNode(["x", "y"]), "x\ny");
  assert.equal(printNode(null), "None");
  assert.equal(printNode(3), "3");
  assert.equal(findInTree(tree, ["a", "c"]), 1);
  assert.equal(findInTree(tree, ["a", "c", "d"]), undefined);
  assert.equal(findInTree(tree, ["b", "length"]), undefined);
  assert.equal(findInTree(tree, ["constructor"]), undefined);
});

Deno.test("ec2Number: a UUID's first eight hex digits, else a hash's", () => {
  assert.equal(ec2Number("0C7B5A3E-1b59-4f4e-9f4c-3f5f1d0f4a11"), "0c7b5a3e");
  assert.match(ec2Number("cirros"), /^[0-9a-f]{8}$/);
  assert.equal(ec2Number("cirros"), ec2Number("cirros"));
});

Deno.test("vendor data: StaticJSON from the file; a missing or bad file stops start-up", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const good = `${dir}/vendor.json`;
    await Deno.writeTextFile(good, '{"cloud": {"name": "nova-deno"}, "n": [1, 2]}');
    const m = await startMetadata({
      ...LOOPBACK_NETWORK,
      OS_API__VENDORDATA_JSONFILE_PATH: good,
    });
    try {
      await createServer(m, { fixedIp: "127.0.0.1" });
      const vd = await m.fetch("/openstack/latest/vendor_data.json");
      assert.equal(await vd.text(), '{"cloud": {"name": "nova-deno"}, "n": [1, 2]}');
      const vd2 = await m.fetch("/openstack/latest/vendor_data2.json");
      assert.equal(await vd2.text(), '{"static": {"cloud": {"name": "nova-deno"}, "n": [1, 2]}}');
    } finally {
      await m.close();
    }
    const bad = `${dir}/bad.json`;
    await Deno.writeTextFile(bad, "{not json");
    for (
      const [path, reason] of [[bad, /failed to load json/], [`${dir}/none`, /does not exist/]]
    ) {
      await assert.rejects(
        () => startMetadata({ OS_API__VENDORDATA_JSONFILE_PATH: path as string }),
        (e: Error) => e instanceof ConfigError && (reason as RegExp).test(e.message),
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("vendor data: DynamicJSON POSTs Nova's facts; a failing target is skipped", async () => {
  const seen: { body: Record<string, unknown>; agent: string | null }[] = [];
  const target = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    if (new URL(req.url).pathname === "/fail") return new Response("no", { status: 500 });
    seen.push({ body: await req.json(), agent: req.headers.get("user-agent") });
    return Response.json({ joined: true });
  });
  const base = `http://127.0.0.1:${target.addr.port}`;
  const m = await startMetadata({
    ...LOOPBACK_NETWORK,
    OS_API__VENDORDATA_PROVIDERS: "StaticJSON,DynamicJSON",
    OS_API__VENDORDATA_DYNAMIC_TARGETS: `ad@${base}/join,broken@${base}/fail,nameless`,
  });
  try {
    const vm = await createServer(m, { fixedIp: "127.0.0.1", metadata: { k: "v" } });
    const res = await m.fetch("/openstack/latest/vendor_data2.json");
    assert.equal(await res.text(), '{"static": {}, "ad": {"joined": true}, "broken": {}}');
    assert.deepEqual(seen[0].body, {
      "project-id": "p1",
      "instance-id": vm.uuid,
      "image-id": vm.image_ref,
      "user-data": null,
      "hostname": vm.hostname,
      "metadata": { k: "v" },
      "boot-roles": "",
    });
    assert.equal(seen[0].agent, "openstack-nova-vendordata");
    assert.ok(
      m.logs.some((l) => l.startsWith("WARNING Error from dynamic vendordata service broken")),
    );
    assert.ok(m.logs.some((l) => l.includes("Vendordata target nameless lacks a name")));
  } finally {
    await m.close();
    await target.shutdown();
  }
});
