"""openstacksdk drives resize/confirm, rebuild, create_image and live_migrate on one server.

Run by server_actions.test.ts with OS_CLIENT_CONFIG_FILE naming a clouds.yaml whose cloud
`admin` is the compute API under test; argv[1] is the server's id. Prints one JSON line with
what it saw; any failure raises (non-zero exit).
"""
import json
import sys
import time

import openstack

conn = openstack.connect(cloud="admin")
compute = conn.compute
server = compute.get_server(sys.argv[1])
seen = {"start_host": server.compute_host}

small = compute.find_flavor("m1.small", ignore_missing=False)
tiny = compute.find_flavor("m1.tiny", ignore_missing=False)
target = tiny if server.flavor.original_name == "m1.small" else small
compute.resize_server(server, target.id)
server = compute.wait_for_server(server, status="VERIFY_RESIZE", interval=0.5, wait=60)
compute.confirm_server_resize(server)
server = compute.wait_for_server(server, status="ACTIVE", interval=0.5, wait=60)
seen["resized_flavor"] = server.flavor.original_name
seen["resize_host"] = server.compute_host

image = conn.image.find_image("cirros", ignore_missing=False)
compute.rebuild_server(server, image=image.id, name="vm1-sdk")
server = compute.wait_for_server(server, status="ACTIVE", interval=0.5, wait=60)
seen["rebuilt_name"] = server.name
seen["rebuilt_image"] = server.image.id

snap = compute.create_server_image(server, "sdk-snap", wait=True, timeout=60)
seen["image_status"] = conn.image.get_image(snap.id).status
server = compute.wait_for_server(server, status="ACTIVE", interval=0.5, wait=60)

before = server.compute_host
compute.live_migrate_server(server, host=None, block_migration="auto")
server = compute.wait_for_server(server, status="ACTIVE", interval=0.5, wait=60)
for _ in range(120):
    server = compute.get_server(server.id)
    if server.compute_host != before and server.task_state is None:
        break
    time.sleep(0.5)
seen["migrated_from"] = before
seen["migrated_to"] = server.compute_host
print(json.dumps(seen))
