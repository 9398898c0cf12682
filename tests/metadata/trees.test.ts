/**
 * The metadata trees over real HTTP: servers created through the instance domain in the metadata
 * service's own store, found by the client's address (127.0.0.1 is a fixed IP of the loopback
 * network here), by a trusted forwarded address, or by Neutron's signed proxy headers.
 */
import assert from "node:assert/strict";
import { startMetadata } from "./_pipeline.ts";
import { createServer, LOOPBACK_NETWORK } from "./_servers.ts";

const KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE9z8Yk7nXyS5h5rDfXJt4mWbV0QeGQb2b0E8iWJrP9z me@host";
const USER_DATA = "#cloud-config\nhostname: from-user-data\n";
const b64 = (text: string) => btoa(text);

async function body(res: Response): Promise<string> {
  return await res.text();
}

async function get(
  m: { fetch(p: string, i?: RequestInit): Promise<Response> },
  path: string,
  headers: Record<string, string> = {},
) {
  const res = await m.fetch(path, { headers: { accept: "text/plain", ...headers } });
  return { status: res.status, type: res.headers.get("content-type"), text: await body(res) };
}

Deno.test("metadata trees: the OpenStack tree of the server at the caller's address", async () => {
  const m = await startMetadata(LOOPBACK_NETWORK);
  try {
    const vm = await createServer(m, {
      fixedIp: "127.0.0.1",
      name: "web-1",
      keyName: "mykey",
      keyData: KEY,
      userData: b64(USER_DATA),
      metadata: { role: "web" },
      tag: "eth-main",
    });
    const port = vm.ports[0];
    const listing = await get(m, "/openstack");
    assert.equal(listing.status, 200);
    assert.equal(listing.type, "text/plain; charset=UTF-8");
    assert.deepEqual(listing.text.split("\n"), [
      "2012-08-10",
      "2013-04-04",
      "2013-10-17",
      "2015-10-15",
      "2016-06-30",
      "2016-10-06",
      "2017-02-22",
      "2018-08-27",
      "2020-10-14",
      "2025-04-04",
      "latest",
    ]);
    const files = (v: string) => get(m, `/openstack/${v}`).then((r) => r.text.split("\n"));
    assert.deepEqual(await files("2012-08-10"), ["meta_data.json", "user_data"]);
    assert.deepEqual(await files("2013-10-17"), [
      "meta_data.json",
      "user_data",
      "password",
      "vendor_data.json",
    ]);
    const all = [
      "meta_data.json",
      "user_data",
      "password",
      "vendor_data.json",
      "network_data.json",
      "vendor_data2.json",
    ];
    assert.deepEqual(await files("latest"), all);
    assert.deepEqual(await files("latest/"), all);
    assert.deepEqual(await files("latest/version"), all);

    const md = await get(m, "/openstack/latest/meta_data.json");
    assert.equal(md.status, 200);
    assert.equal(md.type, "application/json");
    const doc = JSON.parse(md.text);
    assert.deepEqual(Object.keys(doc), [
      "uuid",
      "meta",
      "public_keys",
      "keys",
      "hostname",
      "name",
      "launch_index",
      "availability_zone",
      "random_seed",
      "project_id",
      "devices",
      "dedicated_cpus",
    ]);
    assert.equal(doc.uuid, vm.uuid);
    assert.deepEqual(doc.meta, { role: "web" });
    assert.deepEqual(doc.public_keys, { mykey: KEY });
    assert.deepEqual(doc.keys, [{ name: "mykey", type: "ssh", data: KEY }]);
    assert.equal(doc.hostname, "web-1.novalocal");
    assert.equal(doc.name, "web-1");
    assert.equal(doc.launch_index, 0);
    assert.equal(doc.availability_zone, "nova");
    assert.equal(atob(doc.random_seed).length, 512);
    assert.equal(doc.project_id, "p1");
    assert.deepEqual(doc.devices, [{
      vf_trusted: false,
      type: "nic",
      mac: port.mac_address,
      bus: "pci",
      address: "0000:00:03.0",
      tags: ["eth-main"],
    }]);
    assert.deepEqual(doc.dedicated_cpus, []);
    assert.match(md.text, /^\{"uuid": "/, "spelled as Python's json.dumps");

    const folsom = JSON.parse((await get(m, "/openstack/2012-08-10/meta_data.json")).text);
    assert.deepEqual(Object.keys(folsom), [
      "uuid",
      "meta",
      "public_keys",
      "keys",
      "hostname",
      "name",
      "launch_index",
      "availability_zone",
    ]);
    const newton = JSON.parse((await get(m, "/openstack/2016-06-30/meta_data.json")).text);
    assert.deepEqual(newton.devices, [{
      type: "nic",
      mac: port.mac_address,
      bus: "pci",
      address: "0000:00:03.0",
      tags: ["eth-main"],
    }]);
    assert.equal("dedicated_cpus" in newton, false);

    const ud = await m.fetch("/openstack/latest/user_data");
    assert.equal(ud.headers.get("content-type"), "text/plain; charset=UTF-8");
    assert.equal(await ud.text(), USER_DATA);

    const net = await get(m, "/openstack/latest/network_data.json");
    assert.equal(net.type, "text/plain; charset=UTF-8");
    assert.equal(
      net.text,
      JSON.stringify(
        {
          links: [{
            id: ("tap" + port.id).slice(0, 14),
            vif_id: port.id,
            type: "ovs",
            mtu: 1450,
            ethernet_mac_address: port.mac_address,
          }],
          networks: [{
            id: "network0",
            type: "ipv4",
            link: ("tap" + port.id).slice(0, 14),
            ip_address: "127.0.0.1",
            netmask: "255.255.255.0",
            routes: [{ network: "0.0.0.0", netmask: "0.0.0.0", gateway: "127.0.0.254" }],
            network_id: port.network_id,
            services: [{ type: "dns", address: "127.0.0.53" }],
          }],
          services: [{ type: "dns", address: "127.0.0.53" }],
        },
        null,
        0,
      ).replace(/":/g, '": ').replace(/,"/g, ', "').replace(/,\{/g, ", {"),
    );

    const vd = await get(m, "/openstack/latest/vendor_data.json");
    assert.deepEqual([vd.status, vd.type, vd.text], [200, "application/json", "{}"]);
    const vd2 = await get(m, "/openstack/latest/vendor_data2.json");
    assert.deepEqual([vd2.status, vd2.text], [200, '{"static": {}}']);

    for (
      const path of [
        "/openstack/2012-08-10/password",
        "/openstack/2013-04-04/vendor_data.json",
        "/openstack/2015-10-15/vendor_data2.json",
        "/openstack/2011-01-01/meta_data.json",
        "/openstack/latest/meta_data.json/uuid",
        "/openstack/latest/nothing",
        "/openstack/content",
        "/openstack/content/0000",
        "/openstack/latest/content",
      ]
    ) {
      assert.equal((await get(m, path)).status, 404, path);
    }
    // Nova serves network_data.json at every version, though only Liberty and later list it.
    assert.equal((await get(m, "/openstack/2013-10-17/network_data.json")).text, net.text);
    // A version from the future is served when asked for by name.
    assert.equal((await get(m, "/openstack/2025-04-04/meta_data.json")).status, 200);
  } finally {
    await m.close();
  }
});

Deno.test("metadata trees: the EC2 tree, listings and 404s as Nova's handler", async () => {
  const m = await startMetadata(LOOPBACK_NETWORK);
  try {
    const vm = await createServer(m, {
      fixedIp: "127.0.0.1",
      name: "web-1",
      keyName: "mykey",
      keyData: KEY,
      userData: b64(USER_DATA),
    });
    const text = async (path: string) => {
      const r = await get(m, path);
      assert.equal(r.status, 200, path);
      assert.equal(r.type, "text/plain; charset=UTF-8", path);
      return r.text;
    };
    assert.equal(
      await text("/ec2"),
      "1.0\n2007-01-19\n2007-03-01\n2007-08-29\n2007-10-10\n2007-12-15\n2008-02-01\n" +
        "2008-09-01\n2009-04-04\nlatest",
    );
    assert.equal(await text("/latest"), "meta-data/\nuser-data");
    assert.equal(await text("/ec2/latest/"), "meta-data/\nuser-data");
    const latest = [
      "ami-id",
      "ami-launch-index",
      "ami-manifest-path",
      "block-device-mapping/",
      "hostname",
      "instance-action",
      "instance-id",
      "instance-type",
      "local-hostname",
      "local-ipv4",
      "placement/",
      "public-hostname",
      "public-ipv4",
      "public-keys/",
      "reservation-id",
      "security-groups",
    ];
    assert.deepEqual((await text("/latest/meta-data/")).split("\n"), latest);
    assert.deepEqual((await text("/2009-04-04/meta-data")).split("\n"), latest);
    assert.deepEqual((await text("/1.0/meta-data/")).split("\n"), [
      "ami-id",
      "ami-launch-index",
      "ami-manifest-path",
      "hostname",
      "instance-id",
      "local-ipv4",
      "public-keys/",
      "reservation-id",
      "security-groups",
    ]);
    assert.deepEqual((await text("/2007-12-15/meta-data/")).split("\n"), [
      "ami-id",
      "ami-launch-index",
      "ami-manifest-path",
      "block-device-mapping/",
      "hostname",
      "instance-id",
      "instance-type",
      "local-hostname",
      "local-ipv4",
      "public-hostname",
      "public-ipv4",
      "public-keys/",
      "reservation-id",
      "security-groups",
    ]);
    assert.equal(await text("/latest/meta-data/instance-id"), `i-${vm.uuid.slice(0, 8)}`);
    assert.equal(await text("/latest/meta-data/ami-id"), `ami-${vm.image_ref.slice(0, 8)}`);
    assert.equal(await text("/latest/meta-data/ami-launch-index"), "0");
    assert.equal(await text("/latest/meta-data/ami-manifest-path"), "FIXME");
    assert.equal(await text("/latest/meta-data/hostname"), "web-1.novalocal");
    assert.equal(await text("/latest/meta-data/local-hostname"), "web-1.novalocal");
    assert.equal(await text("/latest/meta-data/local-ipv4"), "127.0.0.1");
    assert.equal(await text("/latest/meta-data/public-ipv4"), "");
    assert.equal(await text("/latest/meta-data/instance-type"), "m1.tiny");
    assert.equal(await text("/latest/meta-data/instance-action"), "none");
    assert.equal(await text("/latest/meta-data/reservation-id"), vm.reservation_id);
    assert.equal(await text("/latest/meta-data/security-groups"), "default");
    assert.equal(await text("/latest/meta-data/placement"), "availability-zone");
    assert.equal(await text("/latest/meta-data/placement/availability-zone"), "nova");
    assert.equal(await text("/latest/meta-data/block-device-mapping/"), "ami\nroot");
    assert.equal(await text("/latest/meta-data/block-device-mapping/root"), "/dev/vda");
    assert.equal(await text("/latest/meta-data/public-keys/"), "0=mykey");
    assert.equal(await text("/latest/meta-data/public-keys/0/"), "openssh-key");
    assert.equal(await text("/latest/meta-data/public-keys/0/openssh-key"), KEY);
    assert.equal(await text("/latest/user-data"), USER_DATA);
    assert.equal(await text("/2009-04-04/user-data/"), USER_DATA);
    for (
      const path of [
        "/latest/meta-data/nothing",
        "/latest/meta-data/hostname/more",
        "/latest/meta-data/security-groups/default",
        "/latest/meta-data/public-keys/1",
        "/2010-01-01/meta-data/",
        "/1.0/meta-data/local-hostname",
        "/nothing",
      ]
    ) {
      const r = await get(m, path);
      assert.equal(r.status, 404, path);
      assert.equal(r.text, "404 Not Found\n\nThe resource could not be found.\n\n   ");
    }
    const head = await m.fetch("/latest/meta-data/hostname", { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), String("web-1.novalocal".length));
    assert.equal(await head.text(), "");
  } finally {
    await m.close();
  }
});

Deno.test("metadata trees: without user data, without a key", async () => {
  const m = await startMetadata(LOOPBACK_NETWORK);
  try {
    await createServer(m, { fixedIp: "127.0.0.1" });
    assert.equal((await get(m, "/openstack/latest/user_data")).status, 404);
    assert.equal((await get(m, "/latest/user-data")).status, 404);
    assert.equal((await get(m, "/latest")).text, "meta-data/");
    assert.equal((await get(m, "/latest/meta-data/public-keys")).status, 404);
    const doc = JSON.parse((await get(m, "/openstack/latest/meta_data.json")).text);
    assert.equal("public_keys" in doc || "keys" in doc || "meta" in doc, false);
    assert.deepEqual((await get(m, "/openstack/latest")).text.split("\n"), [
      "meta_data.json",
      "password",
      "vendor_data.json",
      "network_data.json",
      "vendor_data2.json",
    ]);
  } finally {
    await m.close();
  }
});
