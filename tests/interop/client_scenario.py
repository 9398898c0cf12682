#!/usr/bin/python3
"""One client's compact scenario against a cloud, each step checking the outcome.

usage: client_scenario.py CLIENT MICROVERSION PREFIX METADATA_URL SECRET

CLIENT is `sdk` (openstacksdk) or `novaclient` (python-novaclient's Python API); MICROVERSION is
`2.1` or `max` (the newest the client speaks: novaclient's API_MAX_VERSION; for openstacksdk each
resource's own maximum, negotiated with the cloud). OS_CLIENT_CONFIG_FILE names a clouds.yaml with
the clouds `demo` (a member of project demo) and `admin` (an admin). PREFIX keeps the names of
this run's servers, flavors and keys apart from other runs on the same cloud. The metadata API at
METADATA_URL (Neutron-proxy mode, shared secret SECRET) must serve the created server's key.

Covers flavors, keypairs, quotas, limits, the server life cycle by names (create and wait,
stop/start, reboot, pause, suspend, lock, rescue, shelve, resize and confirm, rebuild, metadata,
tags, console log, delete) and operator calls (services, hypervisors, zones, migrations, live
migration). Prints `PASS step` or `FAIL step: why` per step and a last line `N passed, M failed`;
exits non-zero when a step failed. Nothing is skipped.
"""

import base64
import hashlib
import hmac
import json
import sys
import time
import traceback
import urllib.request

import openstack

CLIENT, MICROVERSION, PREFIX, METADATA_URL, SECRET = sys.argv[1:6]
KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE9z8Yk7nXyS5h5rDfXJt4mWbV0QeGQb2b0E8iWJrP9z "
       + PREFIX)
USER_DATA = "#cloud-config\nhostname: " + PREFIX + "\n"
RESULTS = []


def fingerprint(key):
    """The MD5 fingerprint Nova reports for a public key."""
    digest = hashlib.md5(base64.b64decode(key.split()[1])).hexdigest()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def step(name):
    def run(fn):
        try:
            fn()
            RESULTS.append((name, None))
            print("PASS " + name, flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported
            RESULTS.append((name, e))
            print("FAIL %s: %s" % (name, e), flush=True)
            traceback.print_exc(file=sys.stderr)
        return fn
    return run


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def eventually(read, good, what, tries=120):
    """Poll read() (every 0.25 s) until good(value); return it, or fail naming what."""
    value = None
    for _ in range(tries):
        value = read()
        if good(value):
            return value
        time.sleep(0.25)
    raise AssertionError("%s: last seen %r" % (what, value))


def metadata_keys(server_id, project_id):
    """The public keys the metadata API serves the guest (as Neutron's proxy asks)."""
    sig = hmac.new(SECRET.encode(), server_id.encode(), hashlib.sha256).hexdigest()
    req = urllib.request.Request(
        METADATA_URL.rstrip("/") + "/openstack/latest/meta_data.json",
        headers={"X-Instance-ID": server_id, "X-Tenant-ID": project_id,
                 "X-Instance-ID-Signature": sig})
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.load(res)


class Novaclient:
    """The scenario's calls through python-novaclient's Python API."""

    def __init__(self, cloud):
        from novaclient import client as nc
        import novaclient
        self.version = ("2.1" if MICROVERSION == "2.1"
                        else novaclient.API_MAX_VERSION.get_string())
        self.conn = openstack.connect(cloud=cloud)
        self.nova = nc.Client(self.version, session=self.conn.session,
                              region_name=self.conn.config.region_name)
        self.project_id = self.conn.session.get_project_id()

    def at_least(self, v):
        return tuple(map(int, self.version.split("."))) >= tuple(map(int, v.split(".")))

    # flavors
    def flavor_names(self):
        return [f.name for f in self.nova.flavors.list()]

    def flavor_create(self, name):
        f = self.nova.flavors.create(name, 128, 1, 1)
        f.set_keys({"hw:cpu_policy": "shared"})
        return f.id

    def flavor_specs(self, fid):
        return self.nova.flavors.get(fid).get_keys()

    def flavor_delete(self, fid):
        self.nova.flavors.delete(fid)

    def flavor_exists(self, fid):
        from novaclient import exceptions
        try:
            self.nova.flavors.get(fid)
            return True
        except exceptions.NotFound:
            return False

    def flavor_id(self, name):
        return self.nova.flavors.find(name=name).id

    # keypairs
    def keypair_import(self, name, key):
        return self.nova.keypairs.create(name, public_key=key).fingerprint

    def keypair_get(self, name):
        k = self.nova.keypairs.get(name)
        return k.fingerprint, k.public_key

    def keypair_names(self):
        return [k.name for k in self.nova.keypairs.list()]

    def keypair_delete(self, name):
        self.nova.keypairs.delete(name)

    # quotas and limits
    def quota(self, project):
        q = self.nova.quotas.get(project)
        return {"instances": q.instances, "cores": q.cores, "ram": q.ram,
                "key_pairs": q.key_pairs}

    def quota_update(self, project, **values):
        self.nova.quotas.update(project, **values)

    def limits(self):
        return {x.name: x.value for x in self.nova.limits.get().absolute}

    # servers
    def lookups(self):
        image = self.nova.glance.find_image("cirros").id
        net = self.nova.neutron.find_network("private").id
        return image, net

    def create(self, name, image, flavor, net, key):
        s = self.nova.servers.create(
            name, image, flavor, nics=[{"net-id": net}], key_name=key,
            meta={"purpose": "interop"}, userdata=USER_DATA)
        return s.id

    def show(self, sid):
        return self.nova.servers.get(sid).to_dict()

    def server_id(self, name):
        return self.nova.servers.find(name=name).id

    def raw_server(self, sid):
        return self.nova.client.get("/servers/%s" % sid)[1]["server"]

    def action(self, sid, what, *args):
        s = self.nova.servers.get(sid)
        if what == "reboot":
            s.reboot(reboot_type=args[0])
        elif what == "lock":
            s.lock()
        elif what == "resize":
            s.resize(args[0])
        elif what == "confirm":
            s.confirm_resize()
        elif what == "rebuild":
            s.rebuild(args[0], name=args[1])
        elif what == "rescue":
            s.rescue()
        else:
            getattr(s, what)()

    def set_meta(self, sid, meta):
        self.nova.servers.set_meta(sid, meta)

    def delete_meta(self, sid, keys):
        self.nova.servers.delete_meta(sid, keys)

    def add_tag(self, sid, tag):
        self.nova.servers.add_tag(sid, tag)

    def tags(self, sid):
        return sorted(self.nova.servers.tag_list(sid))

    def delete_tag(self, sid, tag):
        self.nova.servers.delete_tag(sid, tag)

    def console_log(self, sid):
        return self.nova.servers.get_console_output(sid)

    def delete(self, sid):
        self.nova.servers.delete(sid)

    def gone(self, sid):
        from novaclient import exceptions
        try:
            self.nova.servers.get(sid)
            return False
        except exceptions.NotFound:
            return True

    # operators
    def services(self):
        return [(s.binary, s.host, s.state) for s in self.nova.services.list()]

    def hypervisors(self):
        return [(h.hypervisor_hostname, h.state) for h in self.nova.hypervisors.list()]

    def zones(self):
        return [z.zoneName for z in self.nova.availability_zones.list(detailed=False)]

    def migrations(self, sid):
        return [(m.instance_uuid, m.status) for m in self.nova.migrations.list()
                if m.instance_uuid == sid]

    def live_migrate(self, sid):
        if self.at_least("2.25"):
            self.nova.servers.live_migrate(sid, None, "auto")
        else:
            self.nova.servers.live_migrate(sid, None, False, False)


class Sdk:
    """The scenario's calls through openstacksdk's compute proxy."""

    def __init__(self, cloud):
        extra = {"compute_api_version": "2.1"} if MICROVERSION == "2.1" else {}
        self.conn = openstack.connect(cloud=cloud, **extra)
        self.c = self.conn.compute
        self.project_id = self.conn.session.get_project_id()
        self.version = "2.1" if MICROVERSION == "2.1" else "max"

    def at_least(self, v):
        return self.version != "2.1"

    def flavor_names(self):
        return [f.name for f in self.c.flavors()]

    def flavor_create(self, name):
        f = self.c.create_flavor(name=name, ram=128, vcpus=1, disk=1)
        self.c.create_flavor_extra_specs(f, {"hw:cpu_policy": "shared"})
        return f.id

    def flavor_specs(self, fid):
        return self.c.fetch_flavor_extra_specs(fid).extra_specs

    def flavor_delete(self, fid):
        self.c.delete_flavor(fid, ignore_missing=False)

    def flavor_exists(self, fid):
        return self.c.find_flavor(fid) is not None

    def flavor_id(self, name):
        return self.c.find_flavor(name, ignore_missing=False).id

    def keypair_import(self, name, key):
        return self.c.create_keypair(name=name, public_key=key).fingerprint

    def keypair_get(self, name):
        k = self.c.get_keypair(name)
        return k.fingerprint, k.public_key

    def keypair_names(self):
        return [k.name for k in self.c.keypairs()]

    def keypair_delete(self, name):
        self.c.delete_keypair(name, ignore_missing=False)

    def quota(self, project):
        q = self.c.get_quota_set(project)
        return {"instances": q.instances, "cores": q.cores, "ram": q.ram,
                "key_pairs": q.key_pairs}

    def quota_update(self, project, **values):
        q = self.c.get_quota_set(project)
        self.c.update_quota_set(q, **values)

    def limits(self):
        a = self.c.get_limits().absolute
        return {"maxTotalInstances": a.instances, "totalInstancesUsed": a.instances_used,
                "maxTotalCores": a.total_cores, "maxTotalRAMSize": a.total_ram,
                "maxTotalKeypairs": a.keypairs}

    def lookups(self):
        image = self.conn.image.find_image("cirros", ignore_missing=False).id
        net = self.conn.network.find_network("private", ignore_missing=False).id
        return image, net

    def create(self, name, image, flavor, net, key):
        s = self.c.create_server(
            name=name, image_id=image, flavor_id=flavor, networks=[{"uuid": net}],
            key_name=key, metadata={"purpose": "interop"},
            user_data=base64.b64encode(USER_DATA.encode()).decode())
        return s.id

    def show(self, sid):
        # the wire names, as novaclient's to_dict() gives them
        s = self.c.get_server(sid)
        raw = s.to_dict(computed=False, original_names=True)
        return raw

    def server_id(self, name):
        return self.c.find_server(name, ignore_missing=False).id

    def raw_server(self, sid):
        return self.c.get("/servers/%s" % sid, microversion=self.c.default_microversion
                          ).json()["server"]

    def action(self, sid, what, *args):
        c = self.c
        if what == "reboot":
            c.reboot_server(sid, args[0])
        elif what == "resize":
            c.resize_server(sid, args[0])
        elif what == "confirm":
            c.confirm_server_resize(sid)
        elif what == "rebuild":
            c.rebuild_server(sid, args[0], name=args[1])
        else:
            getattr(c, what + "_server")(sid)

    def set_meta(self, sid, meta):
        self.c.set_server_metadata(sid, **meta)

    def delete_meta(self, sid, keys):
        self.c.delete_server_metadata(sid, keys)

    # openstacksdk's tag calls (Server.add_tag, fetch_tags, remove_tag) send no microversion,
    # which Nova reads as 2.1, where /tags does not exist (404 from Nova too): send the server
    # resource's own maximum on the compute adapter instead.
    def _tags_mv(self):
        from openstack.compute.v2 import server as sdk_server
        return sdk_server.Server._max_microversion

    def _tags_call(self, method, path):
        from openstack import exceptions
        res = getattr(self.c, method)(path, microversion=self._tags_mv())
        exceptions.raise_from_response(res)
        return res

    def add_tag(self, sid, tag):
        self._tags_call("put", "/servers/%s/tags/%s" % (sid, tag))

    def tags(self, sid):
        return sorted(self._tags_call("get", "/servers/%s/tags" % sid).json()["tags"])

    def delete_tag(self, sid, tag):
        self._tags_call("delete", "/servers/%s/tags/%s" % (sid, tag))

    def console_log(self, sid):
        return self.c.get_server_console_output(sid)["output"]

    def delete(self, sid):
        self.c.delete_server(sid)

    def gone(self, sid):
        return self.c.find_server(sid) is None

    def services(self):
        return [(s.binary, s.host, s.state) for s in self.c.services()]

    def hypervisors(self):
        return [(h.name, h.state) for h in self.c.hypervisors()]

    def zones(self):
        return [z.name for z in self.c.availability_zones()]

    def migrations(self, sid):
        return [(m.server_id, m.status) for m in self.c.migrations() if m.server_id == sid]

    def live_migrate(self, sid):
        self.c.live_migrate_server(
            sid, host=None, block_migration="auto" if self.at_least("2.25") else False)


def main():
    make = {"novaclient": Novaclient, "sdk": Sdk}[CLIENT]
    demo = make("demo")
    admin = make("admin")
    state = {}

    def status(sid, who=demo):
        s = who.show(sid)
        return (s["status"], s.get("OS-EXT-STS:task_state"))

    def settled(sid, want, who=demo):
        return eventually(lambda: status(sid, who), lambda st: st == (want, None),
                          "server %s to be %s" % (sid, want))

    @step("flavors: list has the seeded m1.tiny")
    def _():
        check("m1.tiny" in demo.flavor_names(), "m1.tiny missing")

    @step("flavors: admin creates one with an extra spec, then deletes it")
    def _():
        fid = admin.flavor_create(PREFIX + "-flavor")
        check(admin.flavor_specs(fid) == {"hw:cpu_policy": "shared"}, "extra spec")
        check(PREFIX + "-flavor" in demo.flavor_names(), "not listed for a member")
        admin.flavor_delete(fid)
        check(not admin.flavor_exists(fid), "flavor still there")

    @step("keypairs: import, show (Nova's md5 fingerprint), list")
    def _():
        name = PREFIX + "-key"
        fp = demo.keypair_import(name, KEY)
        check(fp == fingerprint(KEY), "fingerprint %s" % fp)
        got_fp, got_key = demo.keypair_get(name)
        check(got_fp == fp and got_key.strip() == KEY, "shown key differs")
        check(name in demo.keypair_names(), "not listed")

    # Each client works on a quota field of its own (the CLI: instances), so the clients can run
    # side by side on one project.
    field, limit = {"novaclient": ("cores", "maxTotalCores"),
                    "sdk": ("ram", "maxTotalRAMSize")}[CLIENT]

    @step("quotas: demo reads its own; admin raises %s, reads it back, restores it" % field)
    def _():
        project = demo.project_id
        before = demo.quota(project)
        check(before["instances"] > 0 and before[field] > 0, "quota %r" % before)
        admin.quota_update(project, **{field: before[field] + 7})
        check(demo.quota(project)[field] == before[field] + 7, "update not seen")
        admin.quota_update(project, **{field: before[field]})
        check(demo.quota(project)[field] == before[field], "not restored")
        state["quota"] = before

    @step("limits: absolute limits equal the quota")
    def _():
        lim = demo.limits()
        check(lim[limit] == state["quota"][field], "limits %r" % lim)
        check(lim["maxTotalKeypairs"] == state["quota"]["key_pairs"], "limits %r" % lim)

    @step("server create by names (cirros, m1.tiny, private, key) and wait: ACTIVE")
    def _():
        image, net = demo.lookups()
        flavor = demo.flavor_id("m1.tiny")
        sid = demo.create(PREFIX + "-vm", image, flavor, net, PREFIX + "-key")
        state["id"] = sid
        settled(sid, "ACTIVE")
        check(demo.server_id(PREFIX + "-vm") == sid, "not found by name")
        s = demo.show(sid)
        check(s["key_name"] == PREFIX + "-key", "key_name %r" % s["key_name"])
        check(s["metadata"] == {"purpose": "interop"}, "metadata %r" % s["metadata"])
        check(list(s["addresses"].keys()) == ["private"], "addresses %r" % s["addresses"])

    @step("limits: the server counts as used")
    def _():
        check(demo.limits()["totalInstancesUsed"] >= 1, "not counted")

    @step("metadata API serves the server's key and metadata")
    def _():
        md = metadata_keys(state["id"], demo.project_id)
        check(md["uuid"] == state["id"], "uuid")
        check(list(md["public_keys"].values()) == [KEY], "keys %r" % md["public_keys"])
        check(md["meta"] == {"purpose": "interop"}, "meta %r" % md["meta"])

    sid = lambda: state["id"]  # noqa: E731

    @step("stop / start")
    def _():
        demo.action(sid(), "stop")
        settled(sid(), "SHUTOFF")
        demo.action(sid(), "start")
        settled(sid(), "ACTIVE")

    @step("reboot soft / hard")
    def _():
        demo.action(sid(), "reboot", "SOFT")
        settled(sid(), "ACTIVE")
        demo.action(sid(), "reboot", "HARD")
        settled(sid(), "ACTIVE")

    @step("pause / unpause, suspend / resume")
    def _():
        demo.action(sid(), "pause")
        settled(sid(), "PAUSED")
        demo.action(sid(), "unpause")
        settled(sid(), "ACTIVE")
        demo.action(sid(), "suspend")
        settled(sid(), "SUSPENDED")
        demo.action(sid(), "resume")
        settled(sid(), "ACTIVE")

    @step("lock: the owner's stop is refused (409); unlock")
    def _():
        demo.action(sid(), "lock")
        if demo.at_least("2.9"):
            check(demo.show(sid())["locked"] is True, "not locked")
        try:
            demo.action(sid(), "stop")
            raise AssertionError("a locked server stopped")
        except AssertionError:
            raise
        except Exception as e:  # the client's 409
            check("409" in str(getattr(e, "code", "")) or "409" in str(e)
                  or "locked" in str(e).lower(), "unexpected refusal %r" % e)
        demo.action(sid(), "unlock")
        if demo.at_least("2.9"):
            check(demo.show(sid())["locked"] is False, "still locked")

    @step("rescue / unrescue")
    def _():
        demo.action(sid(), "rescue")
        settled(sid(), "RESCUE")
        demo.action(sid(), "unrescue")
        settled(sid(), "ACTIVE")

    @step("shelve / unshelve")
    def _():
        demo.action(sid(), "shelve")
        eventually(lambda: status(sid()), lambda st: st[0].startswith("SHELVED") and not st[1],
                   "shelved")
        demo.action(sid(), "unshelve")
        settled(sid(), "ACTIVE")

    @step("resize to m1.small, confirm: the flavor changed")
    def _():
        small = demo.flavor_id("m1.small")
        demo.action(sid(), "resize", small)
        settled(sid(), "VERIFY_RESIZE")
        demo.action(sid(), "confirm")
        settled(sid(), "ACTIVE")
        flavor = demo.show(sid())["flavor"]
        check(flavor.get("id") == small or flavor.get("original_name") == "m1.small",
              "flavor %r" % flavor)

    @step("rebuild with a new name")
    def _():
        image, _net = demo.lookups()
        demo.action(sid(), "rebuild", image, PREFIX + "-vm2")
        settled(sid(), "ACTIVE")
        check(demo.show(sid())["name"] == PREFIX + "-vm2", "not renamed")

    @step("metadata set / delete")
    def _():
        demo.set_meta(sid(), {"role": "web", "tier": "1"})
        check(demo.show(sid())["metadata"] == {"purpose": "interop", "role": "web", "tier": "1"},
              "set not seen")
        demo.delete_meta(sid(), ["tier"])
        check(demo.show(sid())["metadata"] == {"purpose": "interop", "role": "web"},
              "delete not seen")

    if demo.at_least("2.26"):
        @step("tags add / list / delete")
        def _():
            demo.add_tag(sid(), "blue")
            demo.add_tag(sid(), "green")
            check(demo.tags(sid()) == ["blue", "green"], "tags %r" % demo.tags(sid()))
            demo.delete_tag(sid(), "blue")
            check(demo.tags(sid()) == ["green"], "tags %r" % demo.tags(sid()))
    else:
        @step("tags: absent below 2.26 (the server's body has none)")
        def _():
            check("tags" not in demo.raw_server(sid()), "tags shown at 2.1")

    @step("console log has the boot output")
    def _():
        out = demo.console_log(sid())
        check(isinstance(out, str) and len(out) > 0, "empty console log")

    @step("operators: services, hypervisors, zones")
    def _():
        svc = admin.services()
        computes = sorted(h for (b, h, st) in svc if b == "nova-compute" and st == "up")
        check(computes == ["compute-1", "compute-2"], "services %r" % svc)
        hyp = admin.hypervisors()
        check(len(hyp) == 2 and all(st == "up" for (_n, st) in hyp), "hypervisors %r" % hyp)
        check("nova" in demo.zones(), "zones")

    @step("operators: migration list has the resize; live migration moves the host")
    def _():
        check(any(st == "confirmed" for (_i, st) in admin.migrations(sid())),
              "migrations %r" % admin.migrations(sid()))
        before = admin.show(sid())["OS-EXT-SRV-ATTR:host"]
        admin.live_migrate(sid())
        after = eventually(lambda: admin.show(sid()),
                           lambda s: s["OS-EXT-SRV-ATTR:host"] != before
                           and s["OS-EXT-STS:task_state"] is None and s["status"] == "ACTIVE",
                           "host to change")
        check(after["OS-EXT-SRV-ATTR:host"] in ("compute-1", "compute-2"), "host")

    @step("delete: the server is gone; the key is deleted")
    def _():
        demo.delete(sid())
        eventually(lambda: demo.gone(sid()), bool, "server gone")
        demo.keypair_delete(PREFIX + "-key")
        check(PREFIX + "-key" not in demo.keypair_names(), "key still listed")

    failed = [n for (n, e) in RESULTS if e is not None]
    print("%d passed, %d failed" % (len(RESULTS) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
