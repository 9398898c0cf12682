#!/usr/bin/env bash
# Install the real OpenStack clients the interop tests drive (Debian's packages), when missing.
# cloud-init is unpacked, not installed (installing it would register boot hooks on this machine):
# its .deb goes into $CLOUDINIT_ROOT (default /opt/interop/cloud-init) and only its Python
# dependencies are installed.
set -euo pipefail
CLOUDINIT_ROOT="${CLOUDINIT_ROOT:-/opt/interop/cloud-init}"
need=()
command -v openstack >/dev/null 2>&1 || need+=(python3-openstackclient)
/usr/bin/python3 -c 'import novaclient' 2>/dev/null || need+=(python3-novaclient)
/usr/bin/python3 -c 'import openstack' 2>/dev/null || need+=(python3-openstacksdk)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
# cloud-init's Python dependencies (its Depends:).
for mod in configobj:python3-configobj jinja2:python3-jinja2 jsonpatch:python3-jsonpatch \
  jsonschema:python3-jsonschema netifaces:python3-netifaces oauthlib:python3-oauthlib \
  requests:python3-requests serial:python3-serial yaml:python3-yaml; do
  /usr/bin/python3 -c "import ${mod%%:*}" 2>/dev/null || need+=("${mod#*:}")
done
cloudinit_ready() {
  [ -f "$CLOUDINIT_ROOT/usr/lib/python3/dist-packages/cloudinit/version.py" ]
}
export DEBIAN_FRONTEND=noninteractive
if [ ${#need[@]} -gt 0 ]; then
  installed=0
  for attempt in 1 2 3 4 5; do
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    then
      installed=1
      break
    fi
    echo "apt-get busy or failing (attempt $attempt); retrying" >&2
    sleep 10
  done
  [ "$installed" = 1 ] || exit 1
fi
if ! cloudinit_ready; then
  tmp="$(mktemp -d)"
  chmod 755 "$tmp"
  (cd "$tmp" && apt-get download cloud-init >/dev/null 2>&1) ||
    (apt-get update -qq && cd "$tmp" && apt-get download cloud-init >/dev/null) || exit 1
  mkdir -p "$CLOUDINIT_ROOT"
  dpkg-deb -x "$tmp"/cloud-init_*.deb "$CLOUDINIT_ROOT"
  rm -rf "$tmp"
  cloudinit_ready || exit 1
fi
exit 0
