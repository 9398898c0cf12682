/**
 * The web console in headless Chromium against a real quick start (`scripts/start.ts` on free
 * ports, the embedded identity, authtoken over HTTP): log in as a member, see a server listed
 * with its live state, stop it from the page, open its detail; log in as admin and see the
 * hypervisor's capacity bars. Screenshots go to state/console-screenshots/. Run with
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
    } finally {
      await browser.close();
      await qs.stop();
    }
  },
});
