/**
 * Debian's nginx in front of a running quick start, configured from the shipped example site
 * (`etc/nginx/nova-deno.conf`) with only its addresses, ports and certificate paths swapped, and a
 * throw-away certificate for `localhost` / 127.0.0.1 made with openssl.
 *
 * @module
 */
import { freePort } from "../support/ports.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** The nginx binary, or null when it is not installed. */
export function nginxBinary(): string | null {
  for (const path of ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch { /* not there */ }
  }
  return null;
}

/** A running nginx. */
export interface Nginx {
  /** `https://127.0.0.1:<port>`: the site that mounts the compute API under `/compute`. */
  site: string;
  /** `https://127.0.0.1:<port>`: the compute API on its own TLS port. */
  computePort: string;
  /** `http://127.0.0.1:<port>`: the metadata site. */
  metadata: string;
  /** The certificate (PEM) clients must trust, and its path. */
  caPem: string;
  caPath: string;
  /** What nginx logged (error log). */
  errors(): Promise<string>;
  stop(): Promise<void>;
}

/** Replace `from` by `to` everywhere, insisting that it occurs (the example changed shape else). */
function swap(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`etc/nginx/nova-deno.conf no longer has ${from}`);
  return text.replaceAll(from, to);
}

async function run(cmd: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/**
 * Start nginx with the example site in front of a compute API on `computeBackend` and a metadata
 * API on `metadataBackend` (loopback ports). Throws when nginx is missing or does not come up.
 */
export async function startNginx(computeBackend: number, metadataBackend: number): Promise<Nginx> {
  const nginx = nginxBinary();
  if (nginx === null) {
    throw new Error("nginx is not installed: run scripts/install-deploy-tools.sh");
  }
  const dir = await Deno.makeTempDir({ prefix: "nova-deno-nginx-" });
  // nginx's workers run as an unprivileged user when started by root: let them use the directory.
  await Deno.chmod(dir, 0o777);
  // A throw-away CA and a certificate it signs for localhost / 127.0.0.1 (TLS clients refuse a
  // self-signed CA certificate as the server's own).
  const ca = `${dir}/ca.pem`;
  const caKey = `${dir}/ca-key.pem`;
  const cert = `${dir}/cert.pem`;
  const key = `${dir}/key.pem`;
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=nova-deno test CA",
    "-keyout",
    caKey,
    "-out",
    ca,
  ]);
  await run("openssl", [
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=localhost",
    "-keyout",
    key,
    "-out",
    `${dir}/cert.csr`,
  ]);
  await Deno.writeTextFile(
    `${dir}/cert.ext`,
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n" +
      "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
  );
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    `${dir}/cert.csr`,
    "-CA",
    ca,
    "-CAkey",
    caKey,
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    `${dir}/cert.ext`,
    "-out",
    cert,
  ]);
  const site = freePort();
  const own = freePort();
  const meta = freePort();
  let conf = await Deno.readTextFile(`${ROOT}/etc/nginx/nova-deno.conf`);
  conf = swap(conf, "server 127.0.0.1:8774;", `server 127.0.0.1:${computeBackend};`);
  conf = swap(conf, "server 127.0.0.1:8775;", `server 127.0.0.1:${metadataBackend};`);
  conf = swap(conf, "listen 443 ssl;", `listen 127.0.0.1:${site} ssl;`);
  conf = swap(conf, "listen 192.0.2.10:8774 ssl;", `listen 127.0.0.1:${own} ssl;`);
  conf = swap(conf, "listen 169.254.169.254:80;", `listen 127.0.0.1:${meta};`);
  conf = swap(conf, "/etc/ssl/certs/nova-deno.pem", cert);
  conf = swap(conf, "/etc/ssl/private/nova-deno.key", key);
  await Deno.writeTextFile(`${dir}/site.conf`, conf);
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((t) => `  ${t}_temp_path ${dir}/${t};`).join("\n");
  await Deno.writeTextFile(
    `${dir}/nginx.conf`,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
${temp}
  include ${dir}/site.conf;
}
`,
  );
  const child = new Deno.Command(nginx, {
    args: ["-p", dir, "-c", `${dir}/nginx.conf`, "-g", "daemon off;"],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const stderr = new Response(child.stderr).text();
  const stop = async () => {
    if (!exited) {
      try {
        child.kill("SIGQUIT");
      } catch { /* gone */ }
    }
    await status;
    await stderr;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  // Up once every listener accepts connections.
  for (const port of [site, own, meta]) {
    for (let waited = 0;; waited += 50) {
      try {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port });
        conn.close();
        break;
      } catch {
        if (exited || waited > 10_000) {
          const log = await Deno.readTextFile(`${dir}/error.log`).catch(() => "");
          await stop();
          throw new Error(`nginx did not come up: ${await stderr}${log}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
  return {
    site: `https://127.0.0.1:${site}`,
    computePort: `https://127.0.0.1:${own}`,
    metadata: `http://127.0.0.1:${meta}`,
    caPem: await Deno.readTextFile(ca),
    caPath: ca,
    errors: () => Deno.readTextFile(`${dir}/error.log`).catch(() => ""),
    stop,
  };
}
