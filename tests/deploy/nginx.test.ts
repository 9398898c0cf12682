/**
 * Behind a real reverse proxy: Debian's nginx, configured by the shipped example site
 * (`etc/nginx/nova-deno.conf`), ends TLS in front of the quick start's two APIs, mounts the
 * compute API under `/compute` and on a port of its own, and serves the metadata API. With
 * `[oslo_middleware] enable_proxy_headers_parsing` on, every link and catalog URL a client sees
 * is the public https one, the real `openstack` CLI works through the proxy, and the metadata API
 * finds the guest by the address nginx forwards (and not by one the guest claims).
 *
 * Runs under `deno task test:deploy` (scripts/test-deploy.sh installs nginx when missing).
 */
import assert from "node:assert/strict";
import { oscRunner, writeClouds } from "../interop/_osc.ts";
import { startQuickStart } from "../interop/_quickstart.ts";
import { startNginx } from "./_nginx.ts";

/** The quick start's nova.conf, set up for a proxy in front and guests on loopback addresses. */
function behindProxy(conf: string): string {
  const edited = conf.replace(
    /^service_metadata_proxy = true$/m,
    "service_metadata_proxy = false",
  );
  if (edited === conf) throw new Error("etc/nova/nova.conf changed shape");
  // Guests get addresses of 127.0.0.0/24, so this host can speak from a guest's address.
  return edited + `
[oslo_middleware]
enable_proxy_headers_parsing = true

[networks]
network = name=loop, cidr=127.0.0.0/24, gateway=127.0.0.1, dns=127.0.0.1
`;
}

/** The port a `key = N` line of `conf` names. */
function portOf(conf: string, key: string): number {
  const m = new RegExp(`^${key} = (\\d+)$`, "m").exec(conf);
  if (!m) throw new Error(`no ${key} in nova.conf`);
  return Number(m[1]);
}

/** `curl` from a given local address; returns the status and the body. */
async function curlFrom(
  address: string,
  url: string,
  headers: string[] = [],
): Promise<{ status: number; body: string }> {
  const out = await new Deno.Command("curl", {
    args: [
      "-sS",
      "--interface",
      address,
      ...headers.flatMap((h) => ["-H", h]),
      "-w",
      "\n%{http_code}",
      url,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const at = text.lastIndexOf("\n");
  return { status: Number(text.slice(at + 1)), body: text.slice(0, at) };
}

Deno.test({
  name: "nginx in front: TLS, a /compute prefix, public links, the CLI and metadata by address",
  sanitizeResources: false,
  sanitizeOps: false,
}, async (t) => {
  let metaPort = 0;
  let computePort = 0;
  const qs = await startQuickStart((conf) => {
    metaPort = portOf(conf, "metadata_listen_port");
    computePort = portOf(conf, "osapi_compute_listen_port");
    return behindProxy(conf);
  });
  let nginx;
  try {
    nginx = await startNginx(computePort, metaPort);
  } catch (e) {
    await qs.stop();
    throw e;
  }
  const client = Deno.createHttpClient({ caCerts: [nginx.caPem] });
  const get = (url: string, init: RequestInit = {}) => fetch(url, { ...init, client });
  try {
    let token = "";
    await t.step("the versions document names the public prefix", async () => {
      const response = await get(`${nginx.site}/compute/`);
      const body = await response.json();
      const v21 = body.versions.find((v: { id: string }) => v.id === "v2.1");
      assert.equal(v21.links[0].href, `${nginx.site}/compute/v2.1/`);
    });

    await t.step("the embedded identity's catalog lists https URLs under the prefix", async () => {
      const response = await get(`${nginx.site}/compute/identity/v3/auth/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ["password"],
              password: {
                user: { name: "admin", password: "admin", domain: { name: "Default" } },
              },
            },
            scope: { project: { name: "admin", domain: { name: "Default" } } },
          },
        }),
      });
      assert.equal(response.status, 201);
      token = response.headers.get("x-subject-token") ?? "";
      const body = await response.json();
      const urls = new Map<string, string>();
      for (const service of body.token.catalog) {
        const pub = service.endpoints.find((e: { interface: string }) => e.interface === "public");
        urls.set(service.type, pub.url);
      }
      assert.equal(urls.get("compute"), `${nginx.site}/compute/v2.1`);
      assert.equal(urls.get("identity"), `${nginx.site}/compute/identity/v3`);
      assert.equal(urls.get("image"), `${nginx.site}/compute/image`);
      assert.equal(urls.get("network"), `${nginx.site}/compute/network`);
      assert.equal(urls.get("block-storage"), `${nginx.site}/compute/volume/v3`);
    });

    await t.step("the compute API on its own TLS port links to that port", async () => {
      const response = await get(`${nginx.computePort}/v2.1/flavors`, {
        headers: { "x-auth-token": token },
      });
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.ok(body.flavors.length > 0);
      for (const flavor of body.flavors) {
        assert.ok(
          flavor.links[0].href.startsWith(`${nginx.computePort}/v2.1/flavors/`),
          flavor.links[0].href,
        );
      }
    });

    const home = await Deno.makeTempDir({ prefix: "nova-deno-nginx-osc-" });
    let serverId = "";
    let address = "";
    await t.step("the openstack CLI works through nginx", async () => {
      const path = await writeClouds(home, `${nginx.site}/compute`, [
        { name: "proxied", username: "demo", password: "demo", project: "demo" },
      ]);
      const yaml = await Deno.readTextFile(path);
      await Deno.writeTextFile(
        path,
        yaml.replace(
          "identity_api_version: 3\n",
          `identity_api_version: 3\n    cacert: ${nginx.caPath}\n`,
        ),
      );
      const osc = oscRunner(path, home);
      const created = JSON.parse(
        await osc(
          "proxied",
          "server",
          "create",
          "--flavor",
          "m1.tiny",
          "--image",
          "cirros",
          "--network",
          "loop",
          "--wait",
          "-f",
          "json",
          "behind-nginx",
        ),
      );
      assert.equal(created.status, "ACTIVE");
      serverId = created.id;
      const shown = JSON.parse(await osc("proxied", "server", "show", serverId, "-f", "json"));
      const addresses = shown.addresses as Record<string, string[]>;
      address = addresses.loop[0];
      assert.match(address, /^127\.0\.0\.\d+$/);
      const listed = await osc("proxied", "server", "list", "-f", "value", "-c", "Name");
      assert.match(listed, /behind-nginx/);
      // The volume service's discovery goes through the prefix too.
      await osc("proxied", "volume", "create", "--size", "1", "proxied-volume");
      const volumes = await osc("proxied", "volume", "list", "-f", "value", "-c", "Name");
      assert.match(volumes, /proxied-volume/);
    });

    await t.step("server links are the public ones", async () => {
      const response = await get(`${nginx.site}/compute/v2.1/servers/${serverId}`, {
        headers: { "x-auth-token": token },
      });
      const body = await response.json();
      assert.equal(body.server.links[0].href, `${nginx.site}/compute/v2.1/servers/${serverId}`);
    });

    await t.step("the metadata API finds the guest by the address nginx forwards", async () => {
      const guest = await curlFrom(address, `${nginx.metadata}/openstack/latest/meta_data.json`);
      assert.equal(guest.status, 200, guest.body);
      assert.equal(JSON.parse(guest.body).uuid, serverId);
      const ec2 = await curlFrom(address, `${nginx.metadata}/latest/meta-data/local-ipv4`);
      assert.equal(ec2.body, address);
    });

    await t.step("a guest cannot claim another's address", async () => {
      const other = address === "127.0.0.2" ? "127.0.0.3" : "127.0.0.2";
      const forged = await curlFrom(
        other,
        `${nginx.metadata}/openstack/latest/meta_data.json`,
        [`X-Forwarded-For: ${address}`],
      );
      assert.notEqual(forged.status, 200);
      assert.ok(!forged.body.includes(serverId));
    });
    await Deno.remove(home, { recursive: true });
  } finally {
    client.close();
    await nginx.stop();
    await qs.stop();
  }
});
