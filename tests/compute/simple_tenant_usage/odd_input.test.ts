/** Odd inputs to the usage and audit log routes: each is a 200 or a 400, never a 500. */
import assert from "node:assert/strict";
import { startCompute } from "../../support/compute.ts";

Deno.test("usage and audit log: odd inputs are answered, never with a 500", async () => {
  const h = await startCompute({ seedFlavors: true });
  try {
    const paths = [
      "/os-simple-tenant-usage?start=0001-01-01T00:00:00",
      "/os-simple-tenant-usage?start=0001-01-01T00:00:00.000001&end=9999-12-31T23:59:59.999999",
      "/os-simple-tenant-usage?start=%00&end=%FF",
      "/os-simple-tenant-usage?start=2024-01-01T00:00:00&detailed=%F0%9F%92%A9",
      "/os-simple-tenant-usage?limit=99999999999999999999999&start=2024-01-01T00:00:00",
      "/os-simple-tenant-usage?marker=%2F..%2F&start=2024-01-01T00:00:00",
      `/os-simple-tenant-usage/${"x".repeat(600)}?start=2024-01-01T00:00:00`,
      "/os-simple-tenant-usage/%E2%98%83?start=2024-01-01T00:00:00",
      "/os-simple-tenant-usage",
      "/os-instance_usage_audit_log/9999-12-31%2023:59:59.999999",
      "/os-instance_usage_audit_log/0001-01-15%2000:00:00",
      "/os-instance_usage_audit_log/0001-03-15%2000:00:00",
      "/os-instance_usage_audit_log/%00",
      "/os-instance_usage_audit_log/2024-01-01%2000:00:00.%F0%9F%92%A9",
    ];
    for (const version of ["2.1", "2.40", "latest"]) {
      for (const path of paths) {
        const res = await h.json(path, { version });
        assert.ok([200, 400].includes(res.status), `${version} ${path}: ${res.status} ${res.text}`);
      }
    }
  } finally {
    await h.close();
  }
});
