/**
 * The web console in headless Chromium against a real quick start (`scripts/start.ts` on free
 * ports, the embedded identity, authtoken over HTTP): log in as a member, see a server listed
 * with its live state, stop it from the page, open its detail; log in as admin and see the
 * hypervisor's capacity bars. Then, from the page: create a server, read its metadata view (its uuid
 * in meta_data.json), resize it and confirm; as admin arm an emulator fault on its page. Screenshots go to state/console-screenshots/. Run with
 * `deno task test:console` (not part of `deno task test`); skipped when chromium is missing.
 */
import assert from "node:assert/strict";
import { startQuickStart } from "../interop/_quickstart.ts";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";
import { chromiumPath, launch } from "./_chromium.ts";

const SHOTS = new URL("../../state/console-screenshots/", import.meta.url).pathname;
const binary = chromiumPath();
if (binary === null && Deno.env.get("CI")) {
  throw new Error("CI needs chromium: run scripts/install-browser.sh");
}

/** A project-scoped token from the quick start's embedded identity. */
async function token(origin: string, user: string, password: string, project: string) {
  const res = await fetch(`${origin}/identity/v3/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: user, domain: { name: "Default" }, password } },
        },
        scope: { project: { name: project, domain: { name: "Default" } } },
      },
    }),
  });
  await res.body?.cancel();
  assert.equal(res.status, 201);
  return res.headers.get("X-Subject-Token")!;
}

/** Fill the log-in form and submit it. */
function logIn(user: string, password: string, project: string): string {
  return `(() => {
    document.getElementById("username").value = ${JSON.stringify(user)};
    document.getElementById("password").value = ${JSON.stringify(password)};
    document.getElementById("project").value = ${JSON.stringify(project)};
    document.getElementById("login").requestSubmit();
    return true;
  })()`;
}

/** The value of a fact on the server page (`Status`, `Flavor`, …). */
const fact = (name: string) =>
  `[...document.querySelectorAll("#server-facts dt")].find((dt) => dt.textContent === ${
    JSON.stringify(name)
  })?.nextElementSibling.textContent`;

const rowStatus = (name: string) =>
  `[...document.querySelectorAll("#servers tr")].find((tr) => tr.cells[0].innerText === ${
    JSON.stringify(name)
  })?.cells[1].innerText`;

Deno.test({
  name: "console: log in, watch a server go ACTIVE, stop it from the page, see the hosts",
  ignore: binary === null,
  async fn() {
    const qs = await startQuickStart();
    const origin = qs.endpoint.replace(/\/v2\.1$/, "");
    const browser = await launch(binary!);
    try {
      await Deno.mkdir(SHOTS, { recursive: true });
      const demo = await token(origin, "demo", "demo", "demo");
      const created = await fetch(`${qs.endpoint}/servers`, {
        method: "POST",
        headers: {
          "X-Auth-Token": demo,
          "Content-Type": "application/json",
          "OpenStack-API-Version": "compute 2.37",
        },
        body: JSON.stringify({
          server: { name: "web-1", imageRef: CIRROS_IMAGE_ID, flavorRef: "1", networks: "auto" },
        }),
      });
      const body = await created.json();
      assert.equal(created.status, 202, JSON.stringify(body));
      const id = body.server.id;

      await browser.navigate(`${origin}/console/`);
      await browser.waitFor(`!document.getElementById("login-view").hidden`, "the log-in form");
      await browser.screenshot(`${SHOTS}login.png`);
      await browser.evaluate(logIn("demo", "wrong", "demo"));
      await browser.waitFor(
        `document.getElementById("login-error").innerText !== ""`,
        "a log-in error",
      );
      await browser.evaluate(logIn("demo", "demo", "demo"));
      await browser.waitFor(`${rowStatus("web-1")} === "ACTIVE"`, "web-1 ACTIVE in the list");
      assert.equal(
        await browser.evaluate(`sessionStorage.getItem("nova-console-token") !== null`),
        true,
      );
      await browser.screenshot(`${SHOTS}servers.png`);

      // Stop it with the row's button; polling shows SHUTOFF without a reload.
      await browser.evaluate(`document.querySelector(
        '#servers tr[data-server="${id}"] button[data-action="stop"]').click()`);
      await browser.waitFor(`${rowStatus("web-1")} === "SHUTOFF"`, "web-1 SHUTOFF after Stop");

      await browser.evaluate(`location.hash = "#/servers/${id}"`);
      await browser.waitFor(
        `document.getElementById("server-name").innerText === "web-1" &&
         document.getElementById("server-actions").innerText.includes("stop") &&
         document.getElementById("server-actions").innerText.includes("create")`,
        "the detail with the create and stop actions",
      );
      await browser.screenshot(`${SHOTS}server.png`);

      // Create a server with the page's form: it opens the new server's page.
      await browser.evaluate(`location.hash = "#/servers"`);
      await browser.waitFor(
        `document.getElementById("create-image").options.length > 0 &&
         document.getElementById("create-flavor").options.length > 0 &&
         document.getElementById("create-network").options.length > 0`,
        "the create form's choices",
      );
      await browser.evaluate(`(() => {
        const pick = (id, value) => { document.getElementById(id).value = value; };
        pick("create-name", "web-2");
        pick("create-image", ${JSON.stringify(CIRROS_IMAGE_ID)});
        pick("create-flavor", "1");
        const net = [...document.getElementById("create-network").options]
          .find((o) => /private/.test(o.textContent)) ?? { value: "auto" };
        pick("create-network", net.value);
        document.getElementById("create").requestSubmit();
        return true;
      })()`);
      await browser.waitFor(
        `document.getElementById("server-name").innerText === "web-2" && ${
          fact("Status")
        } === "ACTIVE"`,
        "web-2 ACTIVE on its page",
      );
      const id2 = String(await browser.evaluate(`location.hash.split("/")[2]`));
      assert.match(id2, /^[0-9a-f-]{36}$/);
      // The metadata view shows what cloud-init reads: meta_data.json names the server's uuid.
      await browser.waitFor(
        `JSON.parse(document.querySelector('[data-metadata="meta_data.json"] pre').textContent)
           .uuid === ${JSON.stringify(id2)}`,
        "web-2's uuid in its meta_data.json view",
      );
      assert.match(
        String(
          await browser.evaluate(
            `document.querySelector('[data-metadata="EC2 meta-data index"] pre').textContent`,
          ),
        ),
        /^instance-id$/m,
      );
      await browser.screenshot(`${SHOTS}metadata.png`);

      // Resize to m1.small, then confirm, with the page's buttons.
      await browser.evaluate(`(() => {
        document.getElementById("resize-flavor").value = "2";
        document.getElementById("resize").requestSubmit();
        return true;
      })()`);
      await browser.waitFor(
        `${
          fact("Status")
        } === "VERIFY_RESIZE" && !document.getElementById("resize-confirm").disabled`,
        "web-2 VERIFY_RESIZE with Confirm enabled",
      );
      await browser.evaluate(`document.getElementById("resize-confirm").click()`);
      await browser.waitFor(
        `${fact("Status")} === "ACTIVE" && ${fact("Flavor")} === "m1.small"`,
        "web-2 ACTIVE on m1.small after Confirm",
      );
      // A member sees no emulator controls.
      assert.equal(await browser.evaluate(`document.getElementById("emulator").hidden`), true);

      // A member cannot list hypervisors: the page says so (policy applies as to any client).
      await browser.evaluate(`location.hash = "#/hosts"`);
      await browser.waitFor(
        `document.getElementById("hosts-error").innerText !== ""`,
        "the member's hypervisor error",
      );

      await browser.evaluate(`document.getElementById("logout").click()`);
      await browser.waitFor(`!document.getElementById("login-view").hidden`, "the log-in form");
      await browser.evaluate(logIn("admin", "admin", "admin"));
      await browser.evaluate(`location.hash = "#/hosts"`);
      await browser.waitFor(
        `document.querySelectorAll("#hosts meter").length >= 3 &&
         Number(document.querySelector("#hosts meter").max) > 0`,
        "capacity bars for the admin",
      );
      await browser.screenshot(`${SHOTS}hosts.png`);

      // The admin arms a fault for web-2's next reboot from its page (the quick start's emulator).
      await browser.evaluate(`location.hash = "#/servers/${id2}"`);
      await browser.waitFor(`!document.getElementById("emulator").hidden`, "the emulator panel");
      await browser.evaluate(`(() => {
        document.getElementById("fault-action").value = "reboot";
        document.getElementById("fault").requestSubmit();
        return true;
      })()`);
      await browser.waitFor(
        `document.getElementById("faults").textContent.includes("armed: reboot")`,
        "the armed reboot fault listed",
      );
      await browser.screenshot(`${SHOTS}emulator.png`);
    } finally {
      await browser.close();
      await qs.stop();
    }
  },
});
