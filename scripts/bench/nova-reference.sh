#!/usr/bin/env bash
# OPTIONAL, for comparison only; no test, task or CI step uses it.
#
# Runs the real OpenStack Nova compute API (Debian bookworm's python3-nova, Nova 26 "Zed") on
# loopback and load-tests it exactly as scripts/bench/wrk.sh load-tests compute.ts, so that the
# two reports can be put side by side:
#
#   * installs python3-nova and uWSGI's Python 3 plugin from Debian when missing (root only;
#     python3-nova ships no services and starts none);
#   * writes a throw-away config dir: nova.conf with sqlite files for [api_database] and
#     [database], [api] auth_strategy = noauth2, a fake:// message transport; api-paste.ini is
#     Zed's (PASTE_INI, by default ../shared/reference/nova-paste/api-paste.zed.ini when present,
#     else this repo's etc/nova/api-paste.ini, whose sections and pipelines are the same);
#   * creates both schemas with Nova's own `nova-manage api_db sync` and `nova-manage db sync`
#     (run as `python3 -c 'from nova.cmd.manage import main …'`, since the nova-manage command is
#     in nova-common, which this does not install); no cell mapping is needed for flavors;
#   * serves nova.api.openstack.compute.wsgi with uWSGI: one process, one thread by default
#     (NOVA_PROCESSES, NOVA_THREADS), --http-socket on a free 127.0.0.1 port (NOVA_SOCKET=http11
#     for uWSGI's keep-alive socket instead), a master process only when NOVA_PROCESSES > 1;
#   * times start-up to the first 200 on GET /, creates the five m1.* flavors (ids 1–5, as
#     compute.ts seeds them) plus FLAVOR_COUNT - 5 more through the API, runs wrk against
#     GET /v2.1/flavors/detail (X-Auth-Token: admin:admin) and GET /, and reports req/s, p50,
#     p99 and the peak RSS (VmHWM) of the serving process; then stops uWSGI and removes the dir.
#
# Usage: scripts/bench/nova-reference.sh
# Environment: as wrk.sh (DURATION, WARMUP, THREADS, CONNECTIONS, FLAVOR_COUNT, KEEP_RESULTS),
#   plus NOVA_PROCESSES (1), NOVA_THREADS (1), NOVA_SOCKET (http or http11), PASTE_INI.
# Bounded: start-up waits at most 120 s, each wrk run is wrapped in timeout(1); loopback only.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=_lib.sh
. "$here/_lib.sh"
: "${FLAVOR_COUNT:=5}"
: "${NOVA_PROCESSES:=1}"
: "${NOVA_THREADS:=1}"
: "${NOVA_SOCKET:=http}"  # http: a connection per request; http11: keep-alive
py=/usr/bin/python3  # Debian's interpreter, where python3-nova is installed

if [ -z "${PASTE_INI:-}" ]; then
  PASTE_INI="$root/../shared/reference/nova-paste/api-paste.zed.ini"
  [ -f "$PASTE_INI" ] || PASTE_INI="$root/etc/nova/api-paste.ini"
fi

if ! "$py" -c 'import nova.api.openstack.compute.wsgi' >/dev/null 2>&1 ||
  ! [ -e /usr/lib/uwsgi/plugins/python3_plugin.so ]; then
  [ "$(id -u)" = 0 ] || bench_die "python3-nova / uwsgi-plugin-python3 missing and not root"
  echo "bench: installing python3-nova uwsgi-core uwsgi-plugin-python3 from Debian" >&2
  apt-get update >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    python3-nova uwsgi-core uwsgi-plugin-python3 >/dev/null
fi
bench_need_wrk

work=$(mktemp -d /tmp/nova-reference.XXXXXX)
pid=""
cleanup() {
  # The group discards what bash prints when it reaps a job that a signal ended.
  {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -INT "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" || true
    fi
  } 2>/dev/null
  if [ "${KEEP_RESULTS:-0}" = 1 ]; then
    echo "raw results and the uWSGI/Nova log kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/etc" "$work/state/lock"
cp "$PASTE_INI" "$work/etc/api-paste.ini"
cat >"$work/etc/nova.conf" <<EOF
[DEFAULT]
host = bench-host
state_path = $work/state
transport_url = fake://
use_stderr = true
debug = false

[api]
auth_strategy = noauth2

[api_database]
connection = sqlite:///$work/state/nova_api.sqlite

[database]
connection = sqlite:///$work/state/nova.sqlite

[oslo_concurrency]
lock_path = $work/state/lock
EOF
cat >"$work/nova-api-wsgi.py" <<'EOF'
# What pbr's generated nova-api-wsgi script does: build the app from OS_NOVA_CONFIG_DIR.
from nova.api.openstack.compute.wsgi import init_application

application = init_application()
EOF

export OS_NOVA_CONFIG_DIR="$work/etc"
manage() {
  "$py" -c 'import sys; from nova.cmd.manage import main; sys.argv[0] = "nova-manage"; sys.exit(main())' \
    --config-file "$work/etc/nova.conf" "$@" >>"$work/manage.log" 2>&1 ||
    { cat "$work/manage.log" >&2; bench_die "nova-manage $* failed"; }
}
manage api_db sync
manage db sync

# A free loopback port: ask the kernel for one, then hand it to uWSGI.
port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
bench_loopback_only "$base/"

bench_describe_machine
echo "nova: $("$py" -c 'from nova import version; print(version.version_info.version_string())')" \
  "(python3-nova $(dpkg-query -W -f='${Version}' python3-nova 2>/dev/null || echo '?'))," \
  "uWSGI $(uwsgi --version) --$NOVA_SOCKET-socket, $NOVA_PROCESSES process(es) x $NOVA_THREADS thread(s)"

uwsgi_args=(--plugin python3 "--$NOVA_SOCKET-socket" "127.0.0.1:$port" --wsgi-file "$work/nova-api-wsgi.py"
  --processes "$NOVA_PROCESSES" --need-app --disable-logging --buffer-size 65535)
if [ "$NOVA_THREADS" -gt 1 ]; then uwsgi_args+=(--threads "$NOVA_THREADS"); fi
if [ "$NOVA_PROCESSES" -gt 1 ]; then uwsgi_args+=(--master); fi
started=$(bench_now_ms)
uwsgi "${uwsgi_args[@]}" >"$work/uwsgi.log" 2>&1 &
pid=$!
bench_wait_status "$base/" 200 120 || { tail -30 "$work/uwsgi.log" >&2; bench_die "Nova did not answer GET / within 120 s"; }
answering=$(bench_now_ms)
rss_idle=$(bench_tree_hwm_mib "$pid")

for spec in "1 m1.tiny 512 1 1" "2 m1.small 2048 1 20" "3 m1.medium 4096 2 40" \
  "4 m1.large 8192 4 80" "5 m1.xlarge 16384 8 160"; do
  read -r id name ram vcpus disk <<<"$spec"
  bench_create_flavor "$base" "$name" "$ram" "$vcpus" "$disk" "$id"
done
bench_create_flavors "$base" "$FLAVOR_COUNT"
bench_expect auth "$base/v2.1/flavors/detail" 200
bench_expect none "$base/" 200

echo "uWSGI pid $pid on $base; start-up: $(( answering - started )) ms to the first 200 on GET /;" \
  "RSS after start-up: $rss_idle MiB"
echo
bench_table_header
bench_wrk "Nova GET /v2.1/flavors/detail ($FLAVOR_COUNT)" auth "$base/v2.1/flavors/detail" "$work/wrk-flavors-detail.txt"
bench_wrk "Nova GET / (versions)" none "$base/" "$work/wrk-versions.txt"
echo
echo "Nova peak RSS (VmHWM, summed over the uWSGI process tree): $(bench_tree_hwm_mib "$pid") MiB"
