#!/usr/bin/env bash
# Load-test the compute API over real HTTP on loopback with wrk.
#
# Starts compute.ts as `deno task compute` does (deno run -P=compute compute.ts) with a throw-away
# config directory (noauth2, the five m1.* flavors seeded, a file-backed KV under
# ./state/bench-wrk-*), on a free 127.0.0.1 port; times its start-up; runs wrk against
# GET /v2.1/flavors/detail (X-Auth-Token: admin:admin) and GET /; reports requests/s, latency
# p50/p99 and the process's peak RSS (VmHWM); stops the process and removes what it made.
#
# Usage: deno task bench:wrk (scripts/bench/wrk.sh runs under the Deno in $DENO, else on PATH;
#   --print-deno prints which and exits; see ../_deno.sh)
# Environment: DURATION (10s), WARMUP (2s), THREADS (2), CONNECTIONS (32),
#   FLAVOR_COUNT (5: more are created through the API before the runs), KEEP_RESULTS=1 (keep
#   the raw wrk output and the service log and print where).
# Bounded: start-up waits at most 30 s, each wrk run is wrapped in timeout(1). Installs wrk with
# apt-get when it is missing. Sends nothing anywhere but 127.0.0.1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../_deno.sh
. "$here/../_deno.sh"
deno_resolve scripts/bench/wrk.sh bench:wrk "$@"
# shellcheck source=_lib.sh
. "$here/_lib.sh"
: "${FLAVOR_COUNT:=5}"

bench_need_wrk

work=$(mktemp -d /tmp/nova-deno-wrk.XXXXXX)
# compute's permission set writes only under ./state, so its KV lives there.
store_name="bench-wrk-$$-$(date +%s)"
store_dir="$root/state/$store_name"
pid=""

cleanup() {
  # The group discards what bash prints when it reaps a job that a signal ended.
  {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" || true
    fi
  } 2>/dev/null
  rm -rf "$store_dir"
  if [ "${KEEP_RESULTS:-0}" = 1 ]; then
    echo "raw results and the service log kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp "$root/etc/nova/api-paste.ini" "$work/api-paste.ini"
cat >"$work/nova.conf" <<EOF
[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 0

[api]
auth_strategy = noauth2

[database]
connection = sqlite:///state/$store_name/nova.sqlite

[deno]
seed_flavors = true
EOF

bench_describe_machine
echo "deno: $("$DENO" --version | head -1) ($DENO)"

cd "$root"
started=$(bench_now_ms)
NO_COLOR=1 OS_NOVA_CONFIG_DIR="$work" "$DENO" run -P=compute compute.ts 2>"$work/compute.log" &
pid=$!

port=""
deadline=$(( $(date +%s) + 30 ))
while [ -z "$port" ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/compute.log" >&2; bench_die "compute.ts exited during start-up"; }
  [ "$(date +%s)" -lt "$deadline" ] || bench_die "compute.ts did not listen within 30 s"
  port=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$work/compute.log" | head -1)
  [ -n "$port" ] || sleep 0.02
done
listening=$(bench_now_ms)
base="http://127.0.0.1:$port"
bench_wait_status "$base/" 200 30 || bench_die "GET / did not answer 200"
answering=$(bench_now_ms)
read -r hwm_idle rss_idle < <(bench_rss_mib "$pid")

bench_expect auth "$base/v2.1/flavors/detail" 200
bench_expect none "$base/" 200
bench_create_flavors "$base" "$FLAVOR_COUNT"

echo "compute.ts pid $pid on $base; start-up: $(( listening - started )) ms to 'listening on'," \
  "$(( answering - started )) ms to the first 200 on GET /; RSS after start-up: $rss_idle MiB"
echo
bench_table_header
bench_wrk "GET /v2.1/flavors/detail ($FLAVOR_COUNT)" auth "$base/v2.1/flavors/detail" "$work/wrk-flavors-detail.txt"
bench_wrk "GET / (versions)" none "$base/" "$work/wrk-versions.txt"
echo
read -r hwm rss < <(bench_rss_mib "$pid")
echo "compute.ts peak RSS (VmHWM): $hwm MiB (VmRSS now $rss MiB; VmHWM after start-up was $hwm_idle MiB)"
