"""Read a subunit v2 stream (stestr's last run) from the file named by the argument; print one JSON object a line per test:
{"id": ..., "status": "success"|"fail"|"skip"|..., "why": the skip reason or the traceback's
last line}. Run with Debian's python3 (it has python3-subunit, a Tempest dependency)."""
import json
import sys

import subunit
import testtools


def why(test):
    details = test.get("details") or {}
    for key in ("reason", "traceback"):
        content = details.get(key)
        if content is None:
            continue
        text = "".join(part.decode("utf-8", "replace") if isinstance(part, bytes) else part
                       for part in content.iter_bytes()).strip()
        lines = [line for line in text.splitlines() if line.strip()]
        if key == "traceback" and lines:
            return "\n".join(lines[-6:])
        return text
    return ""


def emit(test):
    print(json.dumps({"id": test["id"], "status": test["status"], "why": why(test)}))


def main():
    with open(sys.argv[1], "rb") as source:
        stream = subunit.ByteStreamToStreamResult(source, non_subunit_name="stdout")
        result = testtools.StreamToDict(emit)
        result.startTestRun()
        try:
            stream.run(result)
        finally:
            result.stopTestRun()


if __name__ == "__main__":
    main()
