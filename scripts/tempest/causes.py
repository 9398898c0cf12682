"""Group a Tempest run's failures by cause: the Tempest client call that failed (or the assertion)
and the error's first detail line, most common first. Reads the subunit file that
scripts/tempest/run.ts keeps (state/tempest/<mode>/results.subunit):

    /usr/bin/python3 scripts/tempest/causes.py state/tempest/embedded/results.subunit
"""
import collections
import re
import sys

import subunit
import testtools

FRAME = re.compile(r'File "[^"]*/tempest/([^"]+)", line \d+, in (\w+)')
PLUMBING = ("rest_client", "base_compute_client", "network/base", "auth.py", "credentials")


def cause(traceback):
    frames = FRAME.findall(traceback)
    calls = [f"{path.rsplit('/', 1)[-1][:-3]}.{func}" for path, func in frames
             if "/services/" in path and not any(p in path for p in PLUMBING)]
    lines = [line.strip() for line in traceback.strip().splitlines() if line.strip()]
    error = next((line for line in reversed(lines) if re.match(r"[\w.]+(Error|Exception|Found|"
                                                                r"Code|Credentials|Request|Conflict"
                                                                r"|Forbidden|Timeout)\b", line)),
                 lines[-1] if lines else "")
    detail = lines[-1] if lines and lines[-1] != error else ""
    return f"{calls[-1] if calls else '(assertion)'}: {error[:90]} {detail[:110]}".strip()


def main():
    groups = collections.defaultdict(list)

    def emit(test):
        if test["status"] not in ("fail", "uxsuccess"):
            return
        content = test["details"].get("traceback")
        text = "".join(p.decode("utf-8", "replace") for p in content.iter_bytes()) if content else ""
        groups[cause(text)].append(test["id"].split("[")[0])

    with open(sys.argv[1], "rb") as source:
        stream = subunit.ByteStreamToStreamResult(source, non_subunit_name="stdout")
        result = testtools.StreamToDict(emit)
        result.startTestRun()
        stream.run(result)
        result.stopTestRun()
    for key, ids in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"{len(ids):4d}  {key}")
        for test_id in ids[:3]:
            print(f"        {test_id.replace('tempest.api.compute.', '')}")


if __name__ == "__main__":
    main()
