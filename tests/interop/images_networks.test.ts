/**
 * The stock `openstack` CLI against the compute process's Glance and Neutron subsets: it finds
 * `image` and `network` in the embedded identity's catalog, discovers their versions and resolves
 * images and networks by name, as `server create --image NAME --network NAME` does.
 */
import assert from "node:assert/strict";
import { configDir, startService } from "../e2e/_process.ts";
import { authtokenSection, freePort, HAS_OSC } from "./_osc.ts";

Deno.test({
  name: "openstack CLI: image and network look-ups through the catalog",
  ignore: !HAS_OSC,
  async fn(t) {
    const port = freePort();
    const dir = await configDir(`[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = ${port}
[api]
auth_strategy = keystone
[database]
connection = :memory:
[identity]
users = demo:demo-pw:demo:member
users = nova:nova-pw:service:admin+service
signing_key_file =
${authtokenSection(port)}[images]
image = name=cirros, min_ram=64, os_distro=cirros
image = name=ubuntu, min_disk=3, disk_format=raw
[networks]
network = name=private, cidr=10.0.0.0/24, dns=8.8.8.8
network = name=lab, cidr=192.168.50.0/24, gateway=192.168.50.254, mtu=1450
`);
    const svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: dir });
    const clouds = `${dir}/clouds.yaml`;
    await Deno.writeTextFile(
      clouds,
      `clouds:\n  demo:\n    auth:\n      auth_url: ${svc.url}/identity\n      username: demo\n` +
        `      password: demo-pw\n      project_name: demo\n      user_domain_name: Default\n` +
        `      project_domain_name: Default\n    region_name: RegionOne\n` +
        `    identity_api_version: 3\n`,
    );
    const openstack = async (...args: string[]) => {
      const out = await new Deno.Command("openstack", {
        args: ["--os-cloud", "demo", ...args, "-f", "json"],
        env: { OS_CLIENT_CONFIG_FILE: clouds, PATH: "/usr/bin:/bin", HOME: dir },
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      assert.ok(out.success, `openstack ${args.join(" ")}: ${stderr}`);
      return JSON.parse(new TextDecoder().decode(out.stdout));
    };
    try {
      assert.ok(svc.url, svc.stderr());
      await t.step("image list and show by name", async () => {
        const names = (await openstack("image", "list")).map((i: { Name: string }) => i.Name);
        assert.deepEqual(names.sort(), ["cirros", "ubuntu"]);
        const ubuntu = await openstack("image", "show", "ubuntu");
        assert.equal(ubuntu.min_disk, 3);
        assert.equal(ubuntu.disk_format, "raw");
        assert.equal(ubuntu.status, "active");
      });
      await t.step("network, subnet and security group look-ups", async () => {
        const nets = await openstack("network", "list");
        assert.deepEqual(nets.map((n: { Name: string }) => n.Name), ["private", "lab"]);
        const lab = await openstack("network", "show", "lab");
        assert.equal(lab.mtu, 1450);
        const subnet = await openstack("subnet", "show", "lab-subnet");
        assert.equal(subnet.gateway_ip, "192.168.50.254");
        assert.equal(subnet.cidr, "192.168.50.0/24");
        const groups = await openstack("security", "group", "list");
        assert.deepEqual(groups.map((g: { Name: string }) => g.Name), ["default"]);
        assert.deepEqual(await openstack("port", "list"), []);
      });
    } finally {
      await svc.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
