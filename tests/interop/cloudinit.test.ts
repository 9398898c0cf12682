/**
 * cloud-init as the client of the metadata API, for a server the stock `openstack` CLI created:
 * a compute process (embedded identity, Neutron-proxy mode) and a metadata process share one
 * store file; the CLI creates a server with a key, user data and a property; then Debian's
 * cloud-init (unpacked by `scripts/install-clients.sh`), its OpenStack datasource and its EC2
 * crawler, read it through the metadata process with Neutron's signed headers. What cloud-init
 * reads must be what `openstack server show` and `openstack port list` report. Then
 * `../shared/interop/cloudinit-scenario.py`, when present, crawls the same server.
 * Skipped with a message when cloud-init or the CLI is missing, except in CI and under
 * `deno task test:interop`, where that fails.
 */
import assert from "node:assert/strict";
import { configDir, startService } from "../e2e/_process.ts";
import { authtokenSection, CLIENTS_REQUIRED, freePort, HAS_OSC } from "./_osc.ts";

const ROOT = Deno.env.get("CLOUDINIT_ROOT") ?? "/opt/interop/cloud-init";
const READER = new URL("./cloudinit_reader.py", import.meta.url).pathname;
const SCENARIO = new URL("../../../shared/interop/cloudinit-scenario.py", import.meta.url).pathname;
let haveCloudInit = true;
try {
  await Deno.stat(`${ROOT}/usr/lib/python3/dist-packages/cloudinit/version.py`);
} catch {
  haveCloudInit = false;
}
if (!haveCloudInit && CLIENTS_REQUIRED) {
  throw new Error("the interop run needs cloud-init: run scripts/install-clients.sh");
}
if (!haveCloudInit) console.error("skipping cloud-init interop: run scripts/install-clients.sh");
let haveScenario = true;
try {
  await Deno.stat(SCENARIO);
} catch {
  haveScenario = false;
}

const SECRET = "interop-proxy-secret";
const KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE9z8Yk7nXyS5h5rDfXJt4mWbV0QeGQb2b0E8iWJrP9z interop";
const USER_DATA = "#cloud-config\nruncmd:\n  - echo hello\n";

function conf(port: number, dir: string): string {
  return `[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = ${port}
metadata_listen = 127.0.0.1
metadata_listen_port = 0
[api]
auth_strategy = keystone
vendordata_jsonfile_path = ${dir}/vendor.json
[database]
connection = ${dir}/nova.sqlite
[neutron]
service_metadata_proxy = true
metadata_proxy_shared_secret = ${SECRET}
[deno]
seed_flavors = true
fake_boot_seconds = 0.3
[identity]
users = admin:admin-pw:admin:admin
users = demo:demo-pw:demo:member
users = nova:nova-pw:service:admin+service
signing_key_file =
${authtokenSection(port)}`;
}

function cloud(name: string, url: string, user: string): string {
  return `  ${name}:\n    auth:\n      auth_url: ${url}/identity\n      username: ${user}\n` +
    `      password: ${user}-pw\n      project_name: ${user}\n      user_domain_name: Default\n` +
    `      project_domain_name: Default\n    region_name: RegionOne\n` +
    `    identity_api_version: 3\n`;
}

async function python(args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const out = await new Deno.Command("/usr/bin/python3", {
    args,
    env: { CLOUDINIT_ROOT: ROOT },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { ok: out.success, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test({
  name: "cloud-init's OpenStack and EC2 readers find what the openstack CLI created and shows",
  ignore: !haveCloudInit || !HAS_OSC,
  async fn(t) {
    const port = freePort();
    const dir = await configDir("");
    await Deno.writeTextFile(`${dir}/nova.conf`, conf(port, dir));
    await Deno.writeTextFile(`${dir}/vendor.json`, '{"cloud": "nova-deno"}');
    await Deno.writeTextFile(`${dir}/key.pub`, KEY + "\n");
    await Deno.writeTextFile(`${dir}/user-data`, USER_DATA);
    const env = { OS_NOVA_CONFIG_DIR: dir };
    const api = await startService("compute.ts", env);
    const md = await startService("metadata.ts", env);
    const clouds = `${dir}/clouds.yaml`;
    await Deno.writeTextFile(
      clouds,
      `clouds:\n${cloud("demo", api.url, "demo")}${cloud("admin", api.url, "admin")}`,
    );
    const run = async (as: string, ...args: string[]) => {
      const out = await new Deno.Command("openstack", {
        args: ["--os-cloud", as, ...args],
        env: { OS_CLIENT_CONFIG_FILE: clouds, PATH: "/usr/bin:/bin", HOME: dir },
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      assert.ok(out.success, `openstack ${args.join(" ")}: ${stderr}`);
      return new TextDecoder().decode(out.stdout);
    };
    const openstack = async (as: string, ...args: string[]) =>
      JSON.parse(await run(as, ...args, "-f", "json"));
    try {
      assert.ok(api.url, api.stderr());
      assert.ok(md.url, md.stderr());
      await openstack("demo", "keypair", "create", "--public-key", `${dir}/key.pub`, "ci-key");
      const created = await openstack(
        "demo",
        ..."server create --image cirros --flavor m1.tiny --network private".split(" "),
        ..."--key-name ci-key --property purpose=interop --wait".split(" "),
        "--user-data",
        `${dir}/user-data`,
        "ci-guest",
      );
      assert.equal(created.status, "ACTIVE");
      const id: string = created.id;
      // As admin at 2.3+, show also reports the reservation id and the user data.
      const shown = await openstack(
        "admin",
        "--os-compute-api-version",
        "2.90",
        "server",
        "show",
        id,
      );
      const ports = await openstack("demo", "port", "list", "--server", id);
      assert.equal(ports.length, 1, JSON.stringify(ports));
      const vif = await openstack("demo", "port", "show", ports[0].ID);
      const fixedIp: string = shown.addresses.private[0];
      const out = await python([READER, md.url, id, shown.project_id, SECRET]);
      assert.ok(out.ok, out.stderr);
      const read = JSON.parse(out.stdout);
      assert.equal(read.found, true);
      assert.ok(read.versions.includes("latest") && read.versions.includes("2018-08-27"));
      assert.equal(read.selected_version, "2018-08-27");
      // Identity and hostname, as the compute API reports them.
      assert.equal(read.uuid, id);
      assert.equal(read.instance_id, id);
      assert.equal(read.name, shown.name);
      assert.equal(read.metadata_hostname, `${shown["OS-EXT-SRV-ATTR:hostname"]}.novalocal`);
      assert.equal(read.hostname, shown["OS-EXT-SRV-ATTR:hostname"]);
      assert.equal(read.project_id, shown.project_id);
      assert.equal(read.availability_zone, shown["OS-EXT-AZ:availability_zone"]);
      assert.deepEqual(read.meta, shown.properties);
      assert.deepEqual(read.meta, { purpose: "interop" });
      // Keys (as imported, the file's newline included, as Nova keeps it) and user data.
      assert.equal(shown.key_name, "ci-key");
      const publicKey = await run("demo", "keypair", "show", "--public-key", "ci-key");
      assert.equal(publicKey.trimEnd(), KEY);
      assert.deepEqual(read.keys.map((k: string) => k.trimEnd()), [KEY]);
      assert.deepEqual(read.ec2_keys.map((k: string) => k.trimEnd()), [KEY]);
      assert.equal(atob(shown["OS-EXT-SRV-ATTR:user_data"]), USER_DATA);
      assert.equal(atob(read.user_data), USER_DATA);
      // Network data: the server's one port, as the CLI lists it.
      const [link] = read.network_json.links;
      assert.equal(link.ethernet_mac_address, vif.mac_address);
      assert.equal(link.vif_id, vif.id);
      const [network] = read.network_json.networks;
      // The private subnet has DHCP on: Nova then gives the type, not the address.
      assert.equal(network.type, "ipv4_dhcp");
      assert.equal(network.link, link.id);
      assert.equal(network.network_id, vif.network_id);
      assert.deepEqual(
        vif.fixed_ips.map((f: { ip_address: string }) => f.ip_address),
        [fixedIp],
      );
      assert.equal(read.network_config.version, 1);
      const physical = read.network_config.config.find((c: { type: string }) =>
        c.type === "physical"
      );
      assert.equal(physical.mac_address, vif.mac_address);
      assert.equal(physical.name, "eth0");
      assert.deepEqual(read.vendordata, { cloud: "nova-deno" });
      assert.deepEqual(read.vendordata2, { static: { cloud: "nova-deno" } });
      // The EC2 tree, crawled by cloud-init's EC2 helper.
      assert.equal(read.ec2["instance-id"], `i-${id.slice(0, 8)}`);
      assert.equal(read.ec2["local-ipv4"], fixedIp);
      assert.equal(read.ec2.hostname, read.metadata_hostname);
      assert.equal(read.ec2["instance-type"], "m1.tiny");
      assert.equal(read.ec2["reservation-id"], shown["OS-EXT-SRV-ATTR:reservation_id"]);
      assert.deepEqual(read.ec2.placement, {
        "availability-zone": shown["OS-EXT-AZ:availability_zone"],
      });
      assert.equal(atob(read.ec2_user_data), USER_DATA);
      assert.equal(read.ec2_from_openstack_reader["instance-id"], read.ec2["instance-id"]);
      assert.ok(read.requests.length > 10, read.requests.join(" "));

      if (haveScenario) {
        await t.step("the shared cloud-init scenario passes", async () => {
          const out = await python([
            SCENARIO,
            md.url,
            id,
            SECRET,
            shown.project_id,
            "--expect-key",
            `${dir}/key.pub`,
            "--expect-user-data",
            `${dir}/user-data`,
            "--expect-hostname",
            shown["OS-EXT-SRV-ATTR:hostname"],
          ]);
          const last = out.stdout.trim().split("\n").at(-1);
          assert.ok(out.ok, out.stdout + out.stderr);
          assert.match(last ?? "", /^\d+ passed, 0 failed$/, out.stdout);
          console.error(`cloudinit-scenario.py: ${last}`);
        });
      }
    } finally {
      await md.stop();
      await api.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
