/**
 * cloud-init as the client of the metadata API: Debian's cloud-init (unpacked by
 * `scripts/install-clients.sh`), its OpenStack datasource and its EC2 crawler, against a real
 * `metadata.ts` process in Neutron-proxy mode, for a server created through the instance domain
 * in that process's store. What cloud-init reads must be what the server record says.
 * Skipped with a message when cloud-init is missing, except in CI.
 */
import assert from "node:assert/strict";
import { configDir, startService } from "../e2e/_process.ts";
import { createServers, instanceDeps } from "../../lib/instances/mod.ts";
import { networkCatalog } from "../../lib/networks/catalog.ts";
import { allocatePort, releasePorts } from "../../lib/networks/ports.ts";
import { configFromValues } from "../../lib/config/mod.ts";
import { DEFAULT_IMAGE } from "../../lib/images/catalog.ts";
import { createInput } from "../instances/support.ts";

const ROOT = Deno.env.get("CLOUDINIT_ROOT") ?? "/opt/interop/cloud-init";
const READER = new URL("./cloudinit_reader.py", import.meta.url).pathname;
let haveCloudInit = true;
try {
  await Deno.stat(`${ROOT}/usr/lib/python3/dist-packages/cloudinit/version.py`);
} catch {
  haveCloudInit = false;
}
if (!haveCloudInit && Deno.env.get("CI")) {
  throw new Error("CI needs cloud-init: run scripts/install-clients.sh");
}
if (!haveCloudInit) console.error("skipping cloud-init interop: run scripts/install-clients.sh");

const SECRET = "interop-proxy-secret";
const KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE9z8Yk7nXyS5h5rDfXJt4mWbV0QeGQb2b0E8iWJrP9z interop";
const USER_DATA = "#cloud-config\nruncmd:\n  - echo hello\n";

Deno.test({
  name: "cloud-init's OpenStack and EC2 readers find the server's identity, keys, data, network",
  ignore: !haveCloudInit,
  sanitizeResources: false,
  async fn() {
    const dir = await configDir("");
    const store = `${dir}/nova.sqlite`;
    await Deno.writeTextFile(`${dir}/vendor.json`, '{"cloud": "nova-deno"}');
    await Deno.writeTextFile(
      `${dir}/nova.conf`,
      `[DEFAULT]
metadata_listen = 127.0.0.1
metadata_listen_port = 0
[database]
connection = ${store}
[neutron]
service_metadata_proxy = true
metadata_proxy_shared_secret = ${SECRET}
[api]
vendordata_jsonfile_path = ${dir}/vendor.json
`,
    );
    const svc = await startService("metadata.ts", { OS_NOVA_CONFIG_DIR: dir });
    const kv = await Deno.openKv(store);
    try {
      assert.ok(svc.url, svc.stderr());
      const config = configFromValues({});
      const hourAgo = () => new Date(Date.now() - 3600_000);
      const deps = instanceDeps(config, { allocatePort, releasePorts }, hourAgo);
      const [vm] = await createServers(
        kv,
        createInput({
          name: "ci-guest",
          context: { projectId: "demo-project", userId: "demo", isAdmin: false },
          image: DEFAULT_IMAGE,
          networks: [{ network: networkCatalog(config).list()[0] }],
          keyName: "ci-key",
          keyData: KEY,
          userData: btoa(USER_DATA),
          metadata: { purpose: "interop" },
        }),
        deps,
      );
      const out = await new Deno.Command("/usr/bin/python3", {
        args: [READER, svc.url, vm.uuid, vm.project_id, SECRET],
        env: { CLOUDINIT_ROOT: ROOT },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      assert.ok(out.success, stderr);
      const read = JSON.parse(new TextDecoder().decode(out.stdout));
      assert.equal(read.found, true, stderr);
      assert.ok(read.versions.includes("latest") && read.versions.includes("2018-08-27"));
      assert.equal(read.selected_version, "2018-08-27");
      assert.equal(read.uuid, vm.uuid);
      assert.equal(read.instance_id, vm.uuid);
      assert.equal(read.metadata_hostname, "ci-guest.novalocal");
      assert.equal(read.hostname, "ci-guest");
      assert.equal(read.name, "ci-guest");
      assert.equal(read.project_id, "demo-project");
      assert.equal(read.availability_zone, vm.availability_zone);
      assert.deepEqual(read.meta, { purpose: "interop" });
      assert.deepEqual(read.keys, [KEY]);
      assert.equal(atob(read.user_data), USER_DATA);
      const port = vm.ports[0];
      assert.equal(read.network_json.links[0].ethernet_mac_address, port.mac_address);
      assert.equal(read.network_json.links[0].vif_id, port.id);
      assert.equal(read.network_json.networks[0].network_id, port.network_id);
      assert.equal(read.network_config.version, 1);
      const physical = read.network_config.config.find((c: { type: string }) =>
        c.type === "physical"
      );
      assert.equal(physical.mac_address, port.mac_address);
      assert.equal(physical.name, "eth0");
      assert.deepEqual(read.vendordata, { cloud: "nova-deno" });
      assert.deepEqual(read.vendordata2, { static: { cloud: "nova-deno" } });
      // The EC2 tree, crawled by cloud-init's EC2 helper.
      assert.equal(read.ec2["instance-id"], `i-${vm.uuid.slice(0, 8)}`);
      assert.equal(read.ec2["local-ipv4"], port.fixed_ips[0].ip_address);
      assert.equal(read.ec2.hostname, "ci-guest.novalocal");
      assert.equal(read.ec2["instance-type"], vm.flavor.name);
      assert.equal(read.ec2["reservation-id"], vm.reservation_id);
      assert.deepEqual(read.ec2.placement, { "availability-zone": vm.availability_zone });
      assert.deepEqual(read.ec2_keys, [KEY]);
      assert.equal(atob(read.ec2_user_data), USER_DATA);
      assert.equal(read.ec2_from_openstack_reader["instance-id"], read.ec2["instance-id"]);
      assert.ok(read.requests.length > 10, read.requests.join(" "));
    } finally {
      kv.close();
      await svc.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
