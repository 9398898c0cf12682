/**
 * The console's reset of the cloud (hosts page, admins, `[emulator] enabled`): a plain form, a
 * confirmation page (no JavaScript needed), CSRF on both posts, then back to the hosts page.
 */
import assert from "node:assert/strict";
import { type Harness, PERSONAS, startCompute } from "../support/compute.ts";
import { encodeSession } from "../../lib/console_ui/session.ts";
import { RESET_QUESTION } from "../../lib/console_ui/forms.ts";
import { serverBody } from "../compute/servers/_support.ts";

type Who = { cookie: string; csrf: string };

function cookieFor(persona: "admin" | "member"): Who {
  const p = PERSONAS[persona];
  const csrf = `csrf-of-${persona}-0123456789`;
  const token = persona === "admin" ? "admin:admin" : `${p.user}:${p.project}`;
  const session = encodeSession({
    token,
    user: p.user,
    project: p.project,
    roles: [...p.roles],
    csrf,
  });
  return { csrf, cookie: `nova_console=${session}` };
}

const CONSOLE = {
  console_ui: { enabled: true },
  deno: { fake_boot_seconds: 0 },
  virt: { fake_delete_seconds: 0 },
};

function post(h: Harness, who: Who, fields: Record<string, string>): Promise<Response> {
  return h.fetch("/console/emulator/reset", {
    token: null,
    method: "POST",
    headers: { Cookie: who.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

async function page(h: Harness, who: Who, path: string): Promise<string> {
  const res = await h.fetch(path, { token: null, headers: { Cookie: who.cookie } });
  assert.equal(res.status, 200);
  return await res.text();
}

async function serverCount(h: Harness): Promise<number> {
  const res = await h.json("/v2.1/servers?all_tenants=1", { as: "admin" });
  assert.equal(res.status, 200, res.text);
  return res.body.servers.length;
}

Deno.test("console: an admin resets the cloud after a confirmation page", async () => {
  const h = await startCompute({
    pipeline: "paste",
    config: { ...CONSOLE, emulator: { enabled: true } },
  });
  try {
    const admin = cookieFor("admin");
    const member = cookieFor("member");
    const made = await h.json("/v2.1/servers", { as: "member", json: serverBody() });
    assert.equal(made.status, 202, made.text);

    // The button is on the hosts page for admins only.
    const hosts = await page(h, admin, "/console/hosts");
    assert.match(hosts, /<form id="reset" method="post" action="\/console\/emulator\/reset">/);
    assert.match(hosts, /Reset the cloud to the quick-start seed<\/button>/);
    assert.doesNotMatch(await page(h, member, "/console/hosts"), /id="reset"/);

    // No CSRF field, or a wrong one: refused, nothing happens.
    const attempts: Record<string, string>[] = [{}, { csrf: "forged-token-0123456789" }];
    for (const fields of attempts) {
      const forged = await post(h, admin, fields);
      assert.equal(forged.status, 403);
      await forged.body?.cancel();
    }
    // First the question: a page whose form posts again with confirm=yes, and a way back.
    const ask = await post(h, admin, { csrf: admin.csrf });
    assert.equal(ask.status, 200);
    const askHtml = await ask.text();
    assert.ok(askHtml.includes(`<p id="confirm-question">${RESET_QUESTION}</p>`));
    assert.match(askHtml, /<form id="confirm" method="post" action="\/console\/emulator\/reset">/);
    assert.match(askHtml, /name="confirm" value="yes"/);
    assert.match(askHtml, /name="csrf" value="csrf-of-admin-0123456789"/);
    assert.match(askHtml, /<a href="\/console\/hosts">No, go back<\/a>/);
    assert.equal(await serverCount(h), 1, "asking changes nothing");

    // A member's confirmed post is refused by policy.
    const refused = await post(h, member, { csrf: member.csrf, confirm: "yes" });
    assert.equal(refused.status, 403);
    await refused.body?.cancel();
    assert.equal(await serverCount(h), 1);

    // Confirmed: reset, then back to the hosts page.
    const done = await post(h, admin, { csrf: admin.csrf, confirm: "yes" });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get("location"), "/console/hosts");
    await done.body?.cancel();
    assert.equal(await serverCount(h), 0);
    const flavors = await h.json("/v2.1/flavors", { as: "admin" });
    assert.equal(flavors.body.flavors.length, 5, "the quick-start seed's flavors");
  } finally {
    await h.close();
  }
});

Deno.test("console: without the emulator the hosts page has no reset", async () => {
  const h = await startCompute({ pipeline: "paste", config: CONSOLE });
  try {
    const admin = cookieFor("admin");
    assert.doesNotMatch(await page(h, admin, "/console/hosts"), /id="reset"/);
    const res = await post(h, admin, { csrf: admin.csrf, confirm: "yes" });
    assert.equal(res.status, 404);
    await res.body?.cancel();
  } finally {
    await h.close();
  }
});
