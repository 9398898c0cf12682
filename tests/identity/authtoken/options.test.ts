import assert from "node:assert/strict";
import { configFromValues } from "../../../lib/config/mod.ts";
import { authTokenOptions } from "../../../lib/identity/authtoken/mod.ts";

Deno.test("authtoken options: defaults", () => {
  const opts = authTokenOptions(configFromValues({}));
  assert.equal(opts.credentials, null);
  assert.equal(opts.interface, "internal");
  assert.equal(opts.delayAuthDecision, false);
  assert.equal(opts.includeServiceCatalog, true);
  assert.deepEqual(opts.serviceTokenRoles, ["service"]);
  assert.equal(opts.serviceTokenRolesRequired, true);
  assert.equal(opts.tokenCacheTime, 300);
  assert.equal(opts.httpRequestMaxRetries, 3);
  assert.equal(opts.httpConnectTimeout, null);
  assert.equal(opts.wwwAuthenticateUri, null);
});

Deno.test("authtoken options: the password plugin's options", () => {
  const opts = authTokenOptions(configFromValues({
    keystone_authtoken: {
      www_authenticate_uri: "http://ks:5000/",
      auth_url: "http://ks:5000/v3",
      auth_type: "password",
      username: "nova",
      password: "secret",
      user_domain_name: "Default",
      project_name: "service",
      project_domain_name: "Default",
      region_name: "RegionOne",
      token_cache_time: "2",
      service_token_roles: "service,admin",
      default_domain_id: "default",
    },
  }));
  assert.equal(opts.wwwAuthenticateUri, "http://ks:5000/");
  assert.equal(opts.authUrl, "http://ks:5000/v3");
  assert.equal(opts.regionName, "RegionOne");
  assert.equal(opts.tokenCacheTime, 2);
  assert.deepEqual(opts.serviceTokenRoles, ["service", "admin"]);
  assert.deepEqual(opts.credentials, {
    authUrl: "http://ks:5000/v3",
    password: "secret",
    userId: null,
    username: "nova",
    userDomainId: null,
    userDomainName: "Default",
    projectId: null,
    projectName: "service",
    projectDomainId: null,
    projectDomainName: "Default",
    domainId: null,
    domainName: null,
    systemScope: null,
    defaultDomainId: "default",
    defaultDomainName: null,
  });
});

Deno.test("authtoken options: paste keys win; auth_section supplies the credentials", () => {
  const config = configFromValues({
    keystone_authtoken: { auth_section: "svc", delay_auth_decision: "false" },
    svc: { auth_type: "v3password", auth_url: "http://a/v3", username: "n", password: "p" },
  });
  const opts = authTokenOptions(config, { delay_auth_decision: "true", token_cache_time: "7" });
  assert.equal(opts.delayAuthDecision, true);
  assert.equal(opts.tokenCacheTime, 7);
  assert.equal(opts.credentials?.username, "n");
  assert.equal(opts.credentials?.authUrl, "http://a/v3");
});

Deno.test("authtoken options: unsupported plugins and missing auth_url are refused", () => {
  assert.throws(
    () => authTokenOptions(configFromValues({ keystone_authtoken: { auth_type: "token" } })),
    /auth_type = token is not supported/,
  );
  assert.throws(
    () => authTokenOptions(configFromValues({ keystone_authtoken: { auth_type: "password" } })),
    /auth_url is required/,
  );
});
