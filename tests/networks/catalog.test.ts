import assert from "node:assert/strict";
import { ConfigError, configFromValues } from "../../lib/config/mod.ts";
import { parseNetworkLine } from "../../lib/config/options/networks.ts";
import {
  networkCatalog,
  PRIVATE_NETWORK_ID,
  PRIVATE_SUBNET_ID,
} from "../../lib/networks/catalog.ts";

Deno.test("without [networks] network lines there is the shared private network", () => {
  const catalog = networkCatalog(configFromValues({}));
  const [net, ...rest] = catalog.list();
  assert.equal(rest.length, 0);
  assert.equal(net.id, PRIVATE_NETWORK_ID);
  assert.equal(net.name, "private");
  assert.equal(net.shared, true);
  assert.equal(net.project_id, null);
  assert.deepEqual(net.subnets, [{
    id: PRIVATE_SUBNET_ID,
    network_id: PRIVATE_NETWORK_ID,
    name: "private-subnet",
    ip_version: 4,
    cidr: "10.0.0.0/24",
    gateway_ip: "10.0.0.1",
    dns_nameservers: ["8.8.8.8"],
    allocation_pools: [{ start: "10.0.0.2", end: "10.0.0.254" }],
    enable_dhcp: true,
  }]);
  assert.deepEqual(catalog.byName("private"), [net]);
  assert.deepEqual(catalog.byName("public"), []);
  assert.equal(catalog.get(PRIVATE_NETWORK_ID.toUpperCase()), net);
  assert.equal(catalog.subnet(PRIVATE_SUBNET_ID), net.subnets[0]);
  assert.ok(catalog.visibleTo(net, "anyone", false));
});

Deno.test("a project network is visible to its project and admins only", () => {
  const catalog = networkCatalog(configFromValues({
    networks: { network: ["name=mine, cidr=192.168.5.0/24, project=p1, mtu=1450"] },
  }));
  const [net] = catalog.list();
  assert.equal(net.shared, false);
  assert.equal(net.mtu, 1450);
  assert.equal(net.subnets[0].name, "mine-subnet");
  assert.ok(catalog.visibleTo(net, "p1", false));
  assert.ok(!catalog.visibleTo(net, "p2", false));
  assert.ok(catalog.visibleTo(net, "p2", true));
  const again = networkCatalog(configFromValues({
    networks: { network: ["name=mine, cidr=192.168.5.0/24, project=p1"] },
  }));
  assert.equal(again.list()[0].id, net.id);
  assert.equal(again.list()[0].subnets[0].id, net.subnets[0].id);
});

Deno.test("network lines: pools, gateway and defaults", () => {
  assert.deepEqual(parseNetworkLine("name=a, cidr=10.1.2.77/24").pools, [
    { start: "10.1.2.2", end: "10.1.2.254" },
  ]);
  assert.equal(parseNetworkLine("name=a, cidr=10.1.2.77/24").cidr, "10.1.2.0/24");
  assert.deepEqual(parseNetworkLine("name=a, cidr=10.0.0.0/29, gateway=10.0.0.4").pools, [
    { start: "10.0.0.1", end: "10.0.0.3" },
    { start: "10.0.0.5", end: "10.0.0.6" },
  ]);
  assert.deepEqual(parseNetworkLine("name=a, cidr=10.0.0.0/30, gateway=none").pools, [
    { start: "10.0.0.1", end: "10.0.0.2" },
  ]);
  const line = parseNetworkLine(
    "name=a, cidr=10.0.0.0/24, pool=10.0.0.10-10.0.0.20+10.0.0.30-10.0.0.30, dns=1.1.1.1+9.9.9.9",
  );
  assert.deepEqual(line.pools, [
    { start: "10.0.0.10", end: "10.0.0.20" },
    { start: "10.0.0.30", end: "10.0.0.30" },
  ]);
  assert.deepEqual(line.dns, ["1.1.1.1", "9.9.9.9"]);
});

Deno.test("a bad network line stops loading with one line naming it", () => {
  const bad: [string, RegExp][] = [
    ["cidr=10.0.0.0/24", /expected a name=NAME pair/],
    ["name=a", /expected a cidr/],
    ["name=a, cidr=10.0.0.0/33", /expected cidr to be an IPv4 network/],
    ["name=a, cidr=fd00::/64", /expected cidr to be an IPv4 network/],
    ["name=a, cidr=10.0.0.0/24, gateway=10.0.1.1", /host address of 10.0.0.0\/24/],
    ["name=a, cidr=10.0.0.0/24, pool=10.0.0.9-10.0.0.3", /ends before it starts/],
    ["name=a, cidr=10.0.0.0/24, pool=10.0.0.1-10.0.0.3", /holds the gateway/],
    ["name=a, cidr=10.0.0.0/24, pool=10.0.0.5", /START-END/],
    ["name=a, cidr=10.0.0.0/24, dns=resolver", /expected dns to be an IPv4 address/],
    ["name=a, cidr=10.0.0.0/24, mtu=9", /expected mtu/],
    ["name=a, cidr=10.0.0.0/24, shared=maybe", /expected shared to be true or false/],
    ["name=a, cidr=10.0.0.0/24, colour=red", /unknown key "colour"/],
  ];
  for (const [line, reason] of bad) {
    assert.throws(
      () => configFromValues({ networks: { network: [line] } }).get("networks", "network"),
      (e: Error) => e instanceof ConfigError && reason.test(e.message) && !e.message.includes("\n"),
      line,
    );
  }
});

Deno.test("two networks with one id stop the catalog", () => {
  const id = "11111111-2222-3333-4444-555555555555";
  const config = configFromValues({
    networks: {
      network: [`name=a, cidr=10.0.0.0/24, id=${id}`, `name=b, cidr=10.0.1.0/24, id=${id}`],
    },
  });
  assert.throws(() => networkCatalog(config), /is used twice/);
});
