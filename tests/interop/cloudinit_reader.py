#!/usr/bin/python3
"""Read an instance's metadata with cloud-init's own readers; print what they found as JSON.

usage: cloudinit_reader.py BASE_URL INSTANCE_ID TENANT_ID SECRET

cloud-init's modules come from the unpacked Debian package (CLOUDINIT_ROOT, default
/opt/interop/cloud-init). The script stands where Neutron's metadata proxy stands: every request
cloud-init makes gets the signed X-Instance-ID, X-Tenant-ID and X-Instance-ID-Signature headers,
and the link-local address is mapped to BASE_URL; no request goes anywhere else.
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import tempfile

ROOT = os.environ.get("CLOUDINIT_ROOT", "/opt/interop/cloud-init")
sys.path.insert(0, os.path.join(ROOT, "usr/lib/python3/dist-packages"))

from cloudinit import helpers, sources, url_helper  # noqa: E402
from cloudinit import version as ci_version  # noqa: E402
from cloudinit.sources import DataSourceOpenStack  # noqa: E402
from cloudinit.sources.helpers import ec2, openstack  # noqa: E402

LINK_LOCAL = "http://169.254.169.254"


def main():
    base, instance_id, tenant_id, secret = sys.argv[1:5]
    base = base.rstrip("/")
    signature = hmac.new(secret.encode(), instance_id.encode(), hashlib.sha256).hexdigest()
    proxy_headers = {
        "X-Instance-ID": instance_id,
        "X-Tenant-ID": tenant_id,
        "X-Instance-ID-Signature": signature,
    }
    requests = []
    original = url_helper.readurl

    def readurl(url, *args, **kwargs):
        if url.startswith(LINK_LOCAL):
            url = base + url[len(LINK_LOCAL):]
        if url != base and not url.startswith(base + "/"):
            raise url_helper.UrlError(ValueError("not the metadata API: " + url), url=url)
        headers = dict(kwargs.get("headers") or {})
        callback = kwargs.pop("headers_cb", None)
        if callback is not None:
            headers.update(callback(url) or {})
        headers.update(proxy_headers)
        kwargs["headers"] = headers
        requests.append(url[len(base):])
        return original(url, *args, **kwargs)

    url_helper.readurl = readurl

    tmp = tempfile.mkdtemp(prefix="cloudinit-reader-")
    paths = helpers.Paths({"cloud_dir": tmp, "run_dir": tmp})
    config = {
        "datasource_list": ["OpenStack"],
        "datasource": {"OpenStack": {
            "metadata_urls": [base], "max_wait": 10, "timeout": 5, "retries": 1,
            "apply_network_config": True,
        }},
    }
    ds = DataSourceOpenStack.DataSourceOpenStack(config, None, paths)
    # _get_data first asks the DMI tables whether this is an OpenStack guest; say it is.
    DataSourceOpenStack.detect_openstack = lambda accept_oracle=False: True
    out = {"cloud_init": ci_version.version_string()}
    reader = openstack.MetadataReader(base, timeout=5, retries=1)
    out["versions"] = reader._fetch_available_versions()
    out["selected_version"] = reader._find_working_version()
    out["found"] = bool(ds._get_data())
    if out["found"]:
        md = ds.metadata or {}
        out["uuid"] = md.get("uuid")
        out["instance_id"] = ds.get_instance_id()
        out["hostname"] = ds.get_hostname().hostname
        out["metadata_hostname"] = md.get("hostname")
        out["name"] = md.get("name")
        out["project_id"] = md.get("project_id")
        out["availability_zone"] = md.get("availability_zone")
        out["meta"] = md.get("meta")
        out["keys"] = ds.get_public_ssh_keys()
        ud = ds.userdata_raw
        if isinstance(ud, str):
            ud = ud.encode()
        out["user_data"] = base64.b64encode(ud or b"").decode()
        out["network_json"] = ds.network_json
        macs = {
            (link.get("ethernet_mac_address") or "").lower(): "eth%d" % i
            for i, link in enumerate((ds.network_json or {}).get("links", []))
        }
        out["network_config"] = openstack.convert_net_json(ds.network_json, known_macs=macs)
        out["vendordata"] = ds.vendordata_pure
        out["vendordata2"] = ds.vendordata2_pure
        out["ec2_from_openstack_reader"] = ds.ec2_metadata
    out["ec2"] = ec2.get_instance_metadata(
        api_version="latest", metadata_address=base, timeout=5, retries=1)
    out["ec2_keys"] = sources.normalize_pubkey_data(out["ec2"].get("public-keys"))
    ec2_ud = ec2.get_instance_userdata(
        api_version="latest", metadata_address=base, timeout=5, retries=1)
    if isinstance(ec2_ud, str):
        ec2_ud = ec2_ud.encode()
    out["ec2_user_data"] = base64.b64encode(ec2_ud or b"").decode()
    out["requests"] = requests
    json.dump(out, sys.stdout, default=str)


if __name__ == "__main__":
    main()
