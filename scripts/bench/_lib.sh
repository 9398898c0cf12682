# Shared helpers of scripts/bench/*.sh (sourced, not run). Loopback only: every URL these
# functions are given is checked to start with http://127.0.0.1: before any load is sent.

: "${DURATION:=10s}"    # wrk -d of each measured run
: "${WARMUP:=2s}"       # wrk -d of the unreported run before it (JIT, caches, connection pools)
: "${THREADS:=2}"       # wrk -t
: "${CONNECTIONS:=32}"  # wrk -c
: "${AUTH_TOKEN:=admin:admin}"  # noauth2: user "admin", project "admin"

bench_die() {
  echo "bench: $*" >&2
  exit 1
}

bench_need_wrk() {
  if ! command -v wrk >/dev/null 2>&1; then
    echo "bench: wrk not found; installing it from Debian (apt-get install -y wrk)" >&2
    if [ "$(id -u)" = 0 ]; then
      apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; }
    else
      sudo apt-get install -y wrk >/dev/null 2>&1
    fi
    command -v wrk >/dev/null 2>&1 || bench_die "could not install wrk"
  fi
}

bench_loopback_only() {
  case "$1" in
    http://127.0.0.1:*) ;;
    *) bench_die "refusing to load anything but http://127.0.0.1:…, got $1" ;;
  esac
}

# Milliseconds since the epoch.
bench_now_ms() {
  echo $(( $(date +%s%N) / 1000000 ))
}

# VmHWM (peak resident set) and VmRSS of a pid, in MiB with one decimal: "hwm rss".
bench_rss_mib() {
  awk '/^VmHWM:/ { h = $2 } /^VmRSS:/ { r = $2 } END { printf "%.1f %.1f\n", h / 1024, r / 1024 }' \
    "/proc/$1/status" 2>/dev/null || echo "? ?"
}

# Sum of VmHWM over a process and its children (uwsgi master + workers), in MiB.
bench_tree_hwm_mib() {
  local total=0 pid kb
  for pid in "$1" $(pgrep -P "$1" 2>/dev/null); do
    kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    total=$(( total + ${kb:-0} ))
  done
  awk -v kb="$total" 'BEGIN { printf "%.1f\n", kb / 1024 }'
}

# Wait until GET $1 answers $2 (a status), at most $3 seconds; fails otherwise.
bench_wait_status() {
  local url=$1 want=$2 limit=$3 deadline code
  deadline=$(( $(date +%s) + limit ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)
    [ "$code" = "$want" ] && return 0
    sleep 0.02
  done
  return 1
}

# Check that GET $2 answers $3 (with the token when $1 is "auth") before loading it.
bench_expect() {
  local auth=$1 url=$2 want=$3 code
  if [ "$auth" = auth ]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "X-Auth-Token: $AUTH_TOKEN" "$url")
  else
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$url")
  fi
  [ "$code" = "$want" ] || bench_die "GET $url answered $code, wanted $want"
}

# bench_wrk LABEL auth|none URL OUTFILE: a warm-up run, then the measured run (raw output kept in
# OUTFILE); prints one table row: label, req/s, p50, p99, non-2xx count, socket errors.
bench_wrk() {
  local label=$1 auth=$2 url=$3 out=$4
  bench_loopback_only "$url"
  local -a header=()
  [ "$auth" = auth ] && header=(-H "X-Auth-Token: $AUTH_TOKEN")
  # WRK_LUA: a wrk script (-s) for what a fixed header cannot say (per-request headers).
  [ -n "${WRK_LUA:-}" ] && header+=(-s "$WRK_LUA")
  local limit
  limit=$(( ${DURATION%s} + ${WARMUP%s} + 30 ))
  timeout "$limit" wrk -t "$THREADS" -c "$CONNECTIONS" -d "$WARMUP" "${header[@]}" "$url" >/dev/null 2>&1 || true
  timeout "$limit" wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "${header[@]}" "$url" >"$out" 2>&1 ||
    bench_die "wrk failed against $url (see $out)"
  awk -v label="$label" '
    /^Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { errs = $0; sub(/^ *Socket errors: */, "", errs) }
    END {
      if (bad == "") bad = 0
      if (errs == "") errs = "none"
      printf "| %-34s | %10s | %9s | %9s | %7s | %s |\n", label, rps, p50, p99, bad, errs
    }' "$out"
}

bench_table_header() {
  printf "| %-34s | %10s | %9s | %9s | %7s | %s |\n" "target" "req/s" "p50" "p99" "non-2xx" "socket errors"
  printf "| %-34s | %10s | %9s | %9s | %7s | %s |\n" "---" "---:" "---:" "---:" "---:" "---"
}

bench_describe_machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);" \
    "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "wrk: -t $THREADS -c $CONNECTIONS -d $DURATION --latency (after a $WARMUP warm-up run per target)"
}

# bench_create_flavor BASE NAME RAM VCPUS DISK [ID]: POST /v2.1/flavors as the noauth2 admin.
bench_create_flavor() {
  local base=$1 name=$2 ram=$3 vcpus=$4 disk=$5 id=${6:-}
  local body code
  body="{\"flavor\": {\"name\": \"$name\", \"ram\": $ram, \"vcpus\": $vcpus, \"disk\": $disk"
  [ -n "$id" ] && body="$body, \"id\": \"$id\""
  body="$body}}"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST \
    -H "X-Auth-Token: $AUTH_TOKEN" -H 'Content-Type: application/json' -d "$body" \
    "$base/v2.1/flavors")
  [ "$code" = 200 ] || bench_die "POST $base/v2.1/flavors ($name) answered $code"
}

# Number of flavors GET /v2.1/flavors lists.
bench_flavor_count() {
  curl -s --max-time 10 -H "X-Auth-Token: $AUTH_TOKEN" "$1/v2.1/flavors" | grep -o '"id"' | wc -l
}

# bench_create_flavors BASE TOTAL: add flavors through the API until TOTAL are listed.
bench_create_flavors() {
  local base=$1 total=$2 have i
  have=$(bench_flavor_count "$base")
  for (( i = have; i < total; i++ )); do
    bench_create_flavor "$base" "bench.flavor.$(printf %04d "$i")" $(( 512 * (1 + i % 16) )) \
      $(( 1 + i % 8 )) $(( 10 * (1 + i % 10) ))
  done
}

# A TCP port free on 127.0.0.1 right now (for a service that must know its own URL up front).
bench_free_port() {
  "$DENO" eval --quiet 'const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    console.log((l.addr as Deno.NetAddr).port); l.close();'
}

# bench_await_listening PID LOG NAME: wait (at most 30 s) until the process PID has written
# "NAME: listening on http://127.0.0.1:PORT/" to LOG and print PORT; fails if it exits first.
bench_await_listening() {
  local pid=$1 log=$2 name=$3 port="" deadline
  deadline=$(( $(date +%s) + 30 ))
  while [ -z "$port" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; bench_die "$name exited during start-up"; }
    [ "$(date +%s)" -lt "$deadline" ] || bench_die "$name did not listen within 30 s"
    port=$(sed -n "s#.*$name: listening on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p" "$log" | head -1)
    [ -n "$port" ] || sleep 0.01
  done
  echo "$port"
}

# bench_identity_token BASE USER PASSWORD PROJECT: a project-scoped token from the embedded
# identity (POST BASE/identity/v3/auth/tokens, password method, Default domain).
bench_identity_token() {
  local base=$1 user=$2 password=$3 project=$4 token
  bench_loopback_only "$base/"
  token=$(curl -s -o /dev/null -D - --max-time 10 -H 'Content-Type: application/json' -d "{
    \"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {
      \"name\": \"$user\", \"password\": \"$password\", \"domain\": {\"id\": \"default\"}}}},
    \"scope\": {\"project\": {\"name\": \"$project\", \"domain\": {\"id\": \"default\"}}}}}" \
    "$base/identity/v3/auth/tokens" | tr -d '\r' | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: //p')
  [ -n "$token" ] || bench_die "the embedded identity gave $user no token"
  echo "$token"
}
