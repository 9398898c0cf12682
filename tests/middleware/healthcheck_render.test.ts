/** The healthcheck's answer formats against oslo.middleware's templates as jinja renders them. */
import assert from "node:assert/strict";
import {
  type ProcessFacts,
  renderHtml,
  renderJson,
  renderText,
} from "../../lib/middleware/healthcheck_render.ts";
import type { HealthcheckResult } from "../../lib/middleware/healthcheck_backends.ts";

const OK: HealthcheckResult = {
  available: true,
  reason: "OK",
  details: "Path '/tmp/x' was not found",
};
const DISABLED: HealthcheckResult = {
  available: false,
  reason: "DISABLED BY FILE",
  details: `<&>"'`,
};
const FACTS: ProcessFacts = {
  hostname: "host1",
  now: "2024-01-02 03:04:05.678000",
  version: "PV",
  platform: "PL",
};

// The expected pages below were rendered by jinja2 3.1 from oslo.middleware's HTML template.
const HEAD = "<HTML>\n<HEAD><TITLE>Healthcheck Status</TITLE></HEAD>\n<BODY>\n";
const TABLE = '<TABLE bgcolor="#ffffff" border="1">\n<TBODY>\n<TR>\n';
const STATUS = "<H1>Server status</H1>\n<B>Server hostname:</B><PRE>host1</PRE>\n" +
  "<B>Current time:</B><PRE>2024-01-02 03:04:05.678000</PRE>\n<B>Python version:</B><PRE>PV</PRE>\n" +
  "<B>Platform:</B><PRE>PL</PRE>\n<HR></HR>\n<H2>Garbage collector:</H2>\n" +
  "<B>Counts:</B><PRE>()</PRE>\n<B>Thresholds:</B><PRE>()</PRE>\n<HR></HR>\n";
const KINDS = "<TH>\nKind\n</TH>\n<TH>\nReason\n</TH>\n<TH>\nDetails\n</TH>\n\n</TR>\n";
const OK_ROW = "<TR>\n<TD>HealthcheckResult</TD>\n    <TD>OK</TD>\n" +
  "<TD>Path &#39;/tmp/x&#39; was not found</TD>\n</TR>";

Deno.test("healthcheck render: plain text is the reasons, one a line", () => {
  assert.equal(renderText([OK]), "OK");
  assert.equal(renderText([OK, DISABLED]), "OK\nDISABLED BY FILE");
  assert.equal(renderText([]), "");
});

Deno.test("healthcheck render: HTML as oslo's template renders it", () => {
  assert.equal(
    renderHtml([OK, DISABLED], null),
    HEAD + "\n<H2>Result of 2 checks:</H2>\n" + TABLE + "\n<TH>\nReason\n</TH>\n</TR>\n" +
      "<TR>\n\n    <TD>OK</TD>\n\n</TR><TR>\n\n    <TD>DISABLED BY FILE</TD>\n\n</TR>\n" +
      "</TBODY>\n</TABLE>\n<HR></HR>\n\n</BODY>\n</HTML>",
  );
  assert.equal(
    renderHtml([], null),
    HEAD + "\n<H2>Result of 0 checks:</H2>\n" + TABLE + "\n<TH>\nReason\n</TH>\n</TR>\n\n" +
      "</TBODY>\n</TABLE>\n<HR></HR>\n\n</BODY>\n</HTML>",
  );
  assert.equal(
    renderHtml([OK, DISABLED], FACTS),
    HEAD + STATUS + "<H2>Result of 2 checks:</H2>\n" + TABLE + KINDS + OK_ROW +
      "<TR>\n<TD>HealthcheckResult</TD>\n    <TD>DISABLED BY FILE</TD>\n" +
      "<TD>&lt;&amp;&gt;&#34;&#39;</TD>\n</TR>\n</TBODY>\n</TABLE>\n<HR></HR>\n\n\n</BODY>\n</HTML>",
  );
  assert.equal(
    renderHtml([OK], { ...FACTS, hostname: null }),
    HEAD + STATUS.replace("<B>Server hostname:</B><PRE>host1</PRE>", "") +
      "<H2>Result of 1 checks:</H2>\n" + TABLE + KINDS + OK_ROW +
      "\n</TBODY>\n</TABLE>\n<HR></HR>\n\n\n</BODY>\n</HTML>",
  );
});

Deno.test("healthcheck render: JSON as Python's json.dumps(indent=4, sort_keys=True)", () => {
  assert.equal(
    renderJson([OK], null),
    '{\n    "detailed": false,\n    "reasons": [\n        "OK"\n    ]\n}',
  );
  assert.equal(renderJson([], null), '{\n    "detailed": false,\n    "reasons": []\n}');
  assert.equal(
    renderJson([{ ...OK, details: "é" }], { ...FACTS, now: "N" }),
    '{\n    "detailed": true,\n    "gc": {\n        "counts": [],\n        "threshold": []\n    },\n' +
      '    "greenthreads": [],\n    "now": "N",\n    "platform": "PL",\n' +
      '    "python_version": "PV",\n    "reasons": [\n        {\n' +
      '            "class": "HealthcheckResult",\n            "details": "\\u00e9",\n' +
      '            "reason": "OK"\n        }\n    ],\n    "threads": []\n}',
  );
});
