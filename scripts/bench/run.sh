#!/usr/bin/env bash
# `deno task bench`: our two APIs against the physical limit of this machine, in one run, on
# loopback.
#
#   1. Seeds a fresh KV store (scripts/bench/seed.ts, before any API starts): SERVERS servers over
#      PROJECTS projects, 50 flavors, a keypair per project user.
#   2. Starts a bare Deno.serve answering a ~4 KB JSON body built per request (the baseline,
#      scripts/bench/baseline.ts), then the two APIs under their permission sets (deno run
#      -P=compute|-P=metadata): by default the bundle `deno task build` makes (scripts/build.ts,
#      built into the run's directory), with FORM=modules compute.ts and metadata.ts as
#      `deno task compute` / `metadata` run them; with the embedded identity (keystone
#      auth_strategy: tokens are issued and validated for real) and Neutron's signed metadata
#      proxy headers. Start-up is measured apart by scripts/bench/startup.ts: STARTUP_RUNS spawns
#      of each on this store, GET / tried every 2 ms; the median to the first 200 and its CPU
#      (with the bundle, the modules' start-up too, as the rows compute-modules and
#      metadata-modules).
#   3. Drives each case with wrk (_lib.sh's bench_wrk: a warm-up run, then the measured one):
#      the baseline; GET /; GET /v2.1/flavors/detail; GET /v2.1/servers/detail?limit=100 as a
#      member and as admin with all_tenants=1; GET /v2.1/servers/{id} at the latest
#      microversion; metadata GET /openstack/latest/meta_data.json signed for 100 servers in turn
#      (these read cases READ_ROUNDS times over, each case's figure its best round);
#      then POST /v2.1/servers as the member in a burst (quota enforced, raised first by the admin
#      to room for a million servers; two big simulated hosts), and the seconds from the burst's
#      start until no server is in BUILD (`create.active_seconds` in the JSON).
#   With --scale (or SCALE="1000 10000 100000"): then, with the main processes stopped (their
#      memory read first), for each count seeds a store of that many servers (100 a project, at
#      most PROJECTS projects, so the member's page is full at every size) and starts a compute
#      on it; then measures GET /v2.1/servers/detail?limit=100 as the member and as admin
#      (all_tenants=1) on each in turn, SCALE_ROUNDS times: rows labelled "@ N servers" (each the
#      round with the lowest p50), and the p50 growth from the smallest to the largest count.
#   4. Prints a markdown table (req/s, p50, p99, ratio to the baseline; each process's start-up,
#      peak RSS, RSS at the end of the load and RSS after SETTLE idle seconds) and writes the JSON
#      (path printed; BENCH_JSON to choose it).
#
# Usage: deno task bench [--short] [--scale]   (--print-deno prints the Deno it runs and exits)
# Environment: SERVERS (10000), PROJECTS (20), DURATION (10s), WARMUP (2s), THREADS (2),
#   CONNECTIONS (32), FORM (built: the bundle; modules: the entry modules), MALLOC_ARENA_MAX (2,
#   for the APIs, as deno task start and the systemd units run them, scripts/start/service_env.ts;
#   set but empty: glibc's default; the baseline process and wrk do not get it, start-up's
#   spawns all do), BENCH_SHORT=1 (as
#   --short: 1,000 servers, 3 s runs, 1 s warm-ups; for CI: figures are printed, never asserted),
#   BENCH_JSON (where the JSON goes), KEEP_RESULTS=1 (keep
#   the raw wrk output, the store and the service logs, and print where), SCALE (server counts of
#   the scale curve; --scale: "1000 10000 100000"), STARTUP_RUNS (15; spawns of each process
#   for start-up), SETTLE (20; idle seconds before the settled RSS is read), READ_ROUNDS (3, 1
#   with --short; rounds of the read cases, each case's figure its best), SCALE_ROUNDS (3;
#   rounds of the scale curve).
# Bounded: each start-up waits at most 30 s, each wrk run is wrapped in timeout(1). Sends nothing
# anywhere but 127.0.0.1. Installs wrk with apt-get when it is missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../_deno.sh
. "$here/../_deno.sh"
deno_resolve scripts/bench/run.sh bench "${1:-}"

short=${BENCH_SHORT:-0}
for arg in "$@"; do
  case "$arg" in
    --short) short=1 ;;
    --scale) : "${SCALE:=1000 10000 100000}" ;;
    *) echo "scripts/bench/run.sh: unknown argument $arg (expected --short or --scale)" >&2; exit 2 ;;
  esac
done
if [ "$short" = 1 ]; then
  : "${SERVERS:=1000}" "${DURATION:=3s}" "${WARMUP:=1s}" "${STARTUP_RUNS:=3}" "${SETTLE:=3}"
  : "${READ_ROUNDS:=1}"
fi
: "${STARTUP_RUNS:=15}" "${SETTLE:=20}" "${READ_ROUNDS:=3}"
: "${SERVERS:=10000}" "${PROJECTS:=20}"
# shellcheck source=_lib.sh
. "$here/_lib.sh"
bench_need_wrk

# Both permission sets write under ./state, and metadata reads its config only there.
mkdir -p "$root/state"
run=$(mktemp -d "$root/state/bench-run-XXXXXX")
name=$(basename "$run")
: "${BENCH_JSON:=$root/state/bench-$(date -u +%Y%m%dT%H%M%SZ).json}"
secret=bench-metadata-secret
pids=()

cleanup() {
  {
    local pid
    for pid in "${pids[@]}"; do
      kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" || true
    done
  } 2>/dev/null
  if [ "${KEEP_RESULTS:-0}" = 1 ]; then
    echo "raw results, store and service logs kept in $run"
  else
    rm -rf "$run"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_describe_machine
echo "deno: $("$DENO" --version | head -1) ($DENO)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cd "$root"

# 1. The store, before any API opens it.
seed=$("$DENO" run -P=test scripts/bench/seed.ts --store="$run/nova.sqlite" \
  --lua="$run/metadata.lua" --secret="$secret" --servers="$SERVERS" --projects="$PROJECTS" \
  2>"$run/seed.log") || { cat "$run/seed.log" >&2; bench_die "seeding failed"; }
field() { "$DENO" eval --quiet "console.log(JSON.parse(Deno.args[0])$1)" "$seed"; }
seed_seconds=$(field .seconds)
server=$(field .server)
echo "store: $SERVERS servers over $PROJECTS projects, $(field .flavors) flavors, seeded in" \
  "$seed_seconds s"

# The form the APIs run in: the bundle (built here, so it is this checkout's code) or the modules.
: "${FORM:=built}"
case "$FORM" in
  built)
    "$DENO" run -A scripts/build.ts --outdir="$run/dist" 2>"$run/build.log" ||
      { cat "$run/build.log" >&2; bench_die "the build failed"; }
    compute_entry=state/$name/dist/compute.js metadata_entry=state/$name/dist/metadata.js
    startup_form=(--built="state/$name/dist")
    ;;
  modules) compute_entry=compute.ts metadata_entry=metadata.ts startup_form=() ;;
  *) bench_die "FORM is built or modules, not $FORM" ;;
esac
echo "form: $FORM ($compute_entry, $metadata_entry)"
# glibc's arena limit for the two APIs (scripts/start/service_env.ts), not inherited by the rest.
arena_max=${MALLOC_ARENA_MAX-2}
unset MALLOC_ARENA_MAX
api_env=(env)
[ -n "$arena_max" ] && api_env+=("MALLOC_ARENA_MAX=$arena_max")
echo "allocator: MALLOC_ARENA_MAX=${arena_max:-(glibc default)} for the APIs"

compute_port=$(bench_free_port)
cp etc/nova/api-paste.ini "$run/api-paste.ini"
sed -e "s|@COMPUTE_PORT@|$compute_port|g" -e "s|@METADATA_PORT@|0|g" \
  -e "s|@CONNECTION@|sqlite:///state/$name/nova.sqlite|" -e "s|@STATE@|state/$name|" \
  -e "s|@SECRET@|$secret|" scripts/bench/nova.conf.in >"$run/nova.conf"

# 2. The processes (what this script sees of their start-up counts its own polling too: the
#    start-up figures come from startup.ts below).
declare -A pid_of startup_of listen_of
start_service() {
  local label=$1 name=$2 started port
  shift 2
  started=$(bench_now_ms)
  NO_COLOR=1 OS_NOVA_CONFIG_DIR="$run" "$@" 2>"$run/$label.log" >/dev/null &
  pid_of[$label]=$!
  pids+=("$!")
  port=$(bench_await_listening "${pid_of[$label]}" "$run/$label.log" "$name")
  listen_of[$label]=$(( $(bench_now_ms) - started ))
  bench_wait_status "http://127.0.0.1:$port/" 200 30 || bench_die "$label: GET / did not answer 200"
  startup_of[$label]=$(( $(bench_now_ms) - started ))
  echo "$label: pid ${pid_of[$label]} on http://127.0.0.1:$port, listening after" \
    "${listen_of[$label]} ms, first answer after ${startup_of[$label]} ms (as this script polls)" >&2
  eval "${label}_url=http://127.0.0.1:$port"
}
baseline_url="" compute_url="" metadata_url=""
start_service baseline baseline "$DENO" run --allow-net=127.0.0.1 scripts/bench/baseline.ts
start_service compute compute "${api_env[@]}" "$DENO" run -P=compute "$compute_entry"
start_service metadata metadata "${api_env[@]}" "$DENO" run -P=metadata "$metadata_entry"

# Start-up, measured apart (scripts/bench/startup.ts): each process spawned STARTUP_RUNS times on
# this run's store and configuration, asked GET / every 2 ms from its spawn; the median from the
# spawn to the first 200, and its CPU time until then. (The times above also count this script's
# own polling: a curl and a sleep a try.)
echo "bench: start-up, $STARTUP_RUNS runs of each process" >&2
# Once the services above have loaded their APIs' code in the background (a second after they
# start), so that the spawns measured share the machine with nothing else.
sleep 3
"${api_env[@]}" "$DENO" run -A scripts/bench/startup.ts --runs="$STARTUP_RUNS" \
  --store="$run/nova.sqlite" --json="$run/startup.json" ${startup_form[@]+"${startup_form[@]}"} >"$run/startup.log" 2>&1 ||
  { cat "$run/startup.log" >&2; bench_die "the start-up measurement failed"; }
grep -E '^(baseline|compute|metadata)' "$run/startup.log" >&2 || true
startup_fact() { "$DENO" eval --quiet "console.log(JSON.parse(Deno.readTextFileSync('$run/startup.json'))$1)"; }

admin_token=$(bench_identity_token "$compute_url" admin admin admin)
member_token=$(bench_identity_token "$compute_url" bench-u00 bench-u00-pw bench-p00)

cat >"$run/latest.lua" <<'EOF'
-- The highest microversion the server supports.
wrk.headers["OpenStack-API-Version"] = "compute latest"
EOF

# Checked before any load: each case answers 200 (the metadata one signed for one server).
AUTH_TOKEN=$admin_token bench_expect auth "$compute_url/v2.1/flavors/detail" 200
AUTH_TOKEN=$member_token bench_expect auth "$compute_url/v2.1/servers/detail?limit=100" 200
AUTH_TOKEN=$admin_token bench_expect auth \
  "$compute_url/v2.1/servers/detail?limit=100&all_tenants=1" 200
AUTH_TOKEN=$member_token bench_expect auth "$compute_url/v2.1/servers/$server" 200
md_check=$(sed -n '3s/^ *{"\([^"]*\)", "\([^"]*\)", "\([^"]*\)"},$/\1 \2 \3/p' "$run/metadata.lua")
read -r md_id md_project md_sig <<<"$md_check"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "X-Instance-ID: $md_id" \
  -H "X-Tenant-ID: $md_project" -H "X-Instance-ID-Signature: $md_sig" \
  "$metadata_url/openstack/latest/meta_data.json")
[ "$code" = 200 ] || bench_die "signed meta_data.json answered $code, wanted 200"

# 3. The cases.
manifest=$run/manifest.tsv
: >"$manifest"
# measure KEY LABEL SERVICE AUTH URL: one case (a warm-up, then the measured run). With ROUND
# set, one round of it (wrk-KEY-ROUND.txt, listed later by best_round); else the case's figure.
measure() {
  local key=$1 label=$2 service=$3 auth=$4 url=$5 out
  out=$run/wrk-$key${ROUND:+-$ROUND}.txt
  echo "bench: $label${ROUND:+ (round $ROUND)}" >&2
  bench_wrk "$label" "$auth" "$url" "$out" >&2
  [ -n "${ROUND:-}" ] || printf '%s\t%s\t%s\t%s\n' "$key" "$label" "$service" "$out" >>"$manifest"
  # The serving process's peak RSS so far: which case raises it (the scale curve's processes
  # report theirs once, after both cases).
  local hwm rss
  read -r hwm rss < <(bench_rss_mib "${pid_of[$service]:-0}")
  if [ "$hwm" != "?" ]; then
    echo "bench: $service peak RSS after this case: $hwm MiB (now $rss MiB)" >&2
    case_facts+=("case.$key.hwm_mib=$hwm")
  fi
}
# best_round KEY LABEL SERVICE: the round of KEY that served the most requests a second is the
# case's figure.
best_round() {
  local chosen
  chosen=$(for f in "$run/wrk-$1-"*.txt; do
    awk -v f="$f" '/^Requests\/sec:/ { print $2, f }' "$f"
  done | sort -gr | awk 'NR == 1 { print $2 }')
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$chosen" >>"$manifest"
}
case_facts=()
# The read cases, baseline included, run READ_ROUNDS times in turn; each case's figure is its best
# round. This machine runs some 1.4 times slower for tens of seconds at a time: a case measured in
# such a spell against a baseline measured out of one (or the reverse) said more of the spell
# than of the case, and a spell only ever takes requests away.
read_cases=(
  "baseline|bare Deno.serve, 4 KB JSON|baseline|none|||$baseline_url/"
  "versions|GET / (versions)|compute|none|||$compute_url/"
  "flavors-detail|GET /v2.1/flavors/detail (admin)|compute|auth|$admin_token||$compute_url/v2.1/flavors/detail"
  "servers-detail-member|GET /v2.1/servers/detail?limit=100 (member)|compute|auth|$member_token||$compute_url/v2.1/servers/detail?limit=100"
  "servers-detail-admin|GET /v2.1/servers/detail?limit=100&all_tenants=1 (admin)|compute|auth|$admin_token||$compute_url/v2.1/servers/detail?limit=100&all_tenants=1"
  "server-show|GET /v2.1/servers/{id} (latest, member)|compute|auth|$member_token|$run/latest.lua|$compute_url/v2.1/servers/$server"
  "metadata-signed|GET /openstack/latest/meta_data.json (signed)|metadata|none||$run/metadata.lua|$metadata_url/openstack/latest/meta_data.json"
)
for round in $(seq 1 "$READ_ROUNDS"); do
  for line in "${read_cases[@]}"; do
    IFS='|' read -r key label service auth token lua url <<<"$line"
    ROUND=$round AUTH_TOKEN=$token WRK_LUA=$lua measure "$key" "$label" "$service" "$auth" "$url"
  done
done
for line in "${read_cases[@]}"; do
  IFS='|' read -r key label service _ <<<"$line"
  best_round "$key" "$label" "$service"
done

# Case 5: a burst of creates by the member (its quota raised, still enforced), then the wait until
# every server it made has booted (readers apply due steps, so the polling list settles them).
member_project=$(curl -s --max-time 10 -H "X-Auth-Token: $member_token" \
  -H "X-Subject-Token: $member_token" "$compute_url/identity/v3/auth/tokens" |
  "$DENO" eval --quiet \
    'console.log(JSON.parse(await new Response(Deno.stdin.readable).text()).token.project.id)')
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X PUT \
  -H "X-Auth-Token: $admin_token" -H 'Content-Type: application/json' \
  -d '{"quota_set": {"instances": 1000000, "cores": 100000000, "ram": 1000000000}}' \
  "$compute_url/v2.1/os-quota-sets/$member_project")
[ "$code" = 200 ] || bench_die "raising the member's quota answered $code, wanted 200"
cat >"$run/create.lua" <<EOF
-- One server a request, no network (2.37), the seeded image and the first classic flavor.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["OpenStack-API-Version"] = "compute 2.37"
wrk.body = '{"server": {"name": "burst", "flavorRef": "1", "imageRef": "$(field .image)", "networks": "none"}}'
EOF
create_started=$(bench_now_ms)
AUTH_TOKEN=$member_token WRK_LUA=$run/create.lua measure server-create \
  "POST /v2.1/servers (member, burst)" compute auth "$compute_url/v2.1/servers"
active_seconds=""
for _ in $(seq 1 600); do
  building=$(curl -s --max-time 30 -H "X-Auth-Token: $admin_token" \
    "$compute_url/v2.1/servers?all_tenants=1&status=BUILD&limit=1" |
    "$DENO" eval --quiet \
      'console.log(JSON.parse(await new Response(Deno.stdin.readable).text()).servers.length)')
  if [ "$building" = 0 ]; then
    active_seconds=$(( ($(bench_now_ms) - create_started) / 100 ))
    active_seconds=$((active_seconds / 10)).$((active_seconds % 10))
    break
  fi
  sleep 0.2
done
echo "create burst: every server ACTIVE ${active_seconds:-not yet} s after the burst began" \
  "(warm-up included)" >&2

# Memory after the load, read before the scale curve (the main processes then stop, so the
# servers the burst made, and their compute's background work, do not share the CPU with it):
# the peak, the resident set at the end of the load, and the resident set once each process has
# been idle SETTLE seconds (V8's memory reducer gives heap pages back some seconds after a load).
facts=()
declare -A hwm_of rss_of
for label in baseline compute metadata; do
  read -r hwm_of[$label] rss_of[$label] < <(bench_rss_mib "${pid_of[$label]}")
done
echo "bench: idle $SETTLE s, then the resident sets again" >&2
sleep "$SETTLE"
for label in baseline compute metadata; do
  read -r _ settled < <(bench_rss_mib "${pid_of[$label]}")
  facts+=("process.$label.startup_ms=$(startup_fact ".$label.wall_ms")"
    "process.$label.startup_cpu_ms=$(startup_fact ".$label.cpu_ms")"
    "process.$label.hwm_mib=${hwm_of[$label]}" "process.$label.rss_mib=${rss_of[$label]}"
    "process.$label.settled_rss_mib=$settled")
done
# The modules' start-up, beside the bundle's (no load ran on them: start-up only).
if [ "$FORM" = built ]; then
  for label in compute-modules metadata-modules; do
    facts+=("process.$label.startup_ms=$(startup_fact "['$label'].wall_ms")"
      "process.$label.startup_cpu_ms=$(startup_fact "['$label'].cpu_ms")")
  done
fi
if [ -n "${SCALE:-}" ]; then
  for label in baseline compute metadata; do
    kill -TERM "${pid_of[$label]}" 2>/dev/null || true
    wait "${pid_of[$label]}" 2>/dev/null || true
  done
fi

# The scale curve: the list cases again on stores of each size, each served by its own compute.
# Each store has as many projects as keep the member's page full (100 servers a project, at
# most PROJECTS), so every size compares pages of the same length. The stores are seeded and
# their computes started first; then SCALE_ROUNDS rounds measure every size in turn, and each
# case's figure at a size is its round with the lowest p50. This machine's speed changes for
# tens of seconds at a time (start-ups and listings run 1.4 times slower in its slow spells), so
# sizes measured one after the other compared spells, not sizes; a spell only ever adds time, so
# the best round of each size is the one least disturbed.
scale_facts=()
declare -A scale_pid scale_url scale_member scale_admin
for count in ${SCALE:-}; do
  dir=$run/scale-$count
  mkdir -p "$dir"
  scale_projects=$(( count / 100 < PROJECTS ? count / 100 : PROJECTS ))
  [ "$scale_projects" -ge 1 ] || scale_projects=1
  started=$(bench_now_ms)
  "$DENO" run -P=test scripts/bench/seed.ts --store="$dir/nova.sqlite" --lua="$dir/metadata.lua" \
    --secret="$secret" --servers="$count" --projects="$scale_projects" 2>"$dir/seed.log" >/dev/null ||
    { cat "$dir/seed.log" >&2; bench_die "seeding $count servers failed"; }
  echo "scale: $count servers seeded in $(( $(bench_now_ms) - started )) ms" >&2
  port=$(bench_free_port)
  cp "$run/api-paste.ini" "$dir/api-paste.ini"
  sed -e "s|^osapi_compute_listen_port = .*|osapi_compute_listen_port = $port|" \
    -e "s|^connection = .*|connection = sqlite:///state/$name/scale-$count/nova.sqlite|" \
    -e "s|^www_authenticate_uri = .*|www_authenticate_uri = http://127.0.0.1:$port/identity/v3|" \
    -e "s|^auth_url = .*|auth_url = http://127.0.0.1:$port/identity/v3|" \
    "$run/nova.conf" >"$dir/nova.conf"
  NO_COLOR=1 OS_NOVA_CONFIG_DIR="$dir" "${api_env[@]}" "$DENO" run -P=compute "$compute_entry" \
    2>"$dir/compute.log" \
    >/dev/null &
  scale_pid[$count]=$!
  pids+=("$!")
  bench_await_listening "${scale_pid[$count]}" "$dir/compute.log" compute >/dev/null
  bench_wait_status "http://127.0.0.1:$port/" 200 30 || bench_die "scale $count: GET / did not answer"
  scale_url[$count]=http://127.0.0.1:$port
  scale_member[$count]=$(bench_identity_token "${scale_url[$count]}" bench-u00 bench-u00-pw bench-p00)
  scale_admin[$count]=$(bench_identity_token "${scale_url[$count]}" admin admin admin)
done
# A wrk report's p50 in milliseconds.
p50_ms() {
  awk '/^ +50%/ { v = $2 + 0; if ($2 ~ /us$/) v /= 1000; else if ($2 ~ /[0-9]s$/) v *= 1000; print v }' "$1"
}
if [ -n "${SCALE:-}" ]; then
  for round in $(seq 1 "${SCALE_ROUNDS:-3}"); do
    for count in $SCALE; do
      dir=$run/scale-$count
      echo "bench: scale round $round, $count servers" >&2
      AUTH_TOKEN=${scale_member[$count]} bench_wrk "member @ $count, round $round" auth \
        "${scale_url[$count]}/v2.1/servers/detail?limit=100" "$dir/wrk-member-$round.txt" >&2
      AUTH_TOKEN=${scale_admin[$count]} bench_wrk "admin @ $count, round $round" auth \
        "${scale_url[$count]}/v2.1/servers/detail?limit=100&all_tenants=1" \
        "$dir/wrk-admin-$round.txt" >&2
    done
  done
fi
for count in ${SCALE:-}; do
  dir=$run/scale-$count
  for who in member admin; do
    # The round with the lowest p50 stands for this size.
    chosen=$(for f in "$dir/wrk-$who-"*.txt; do echo "$(p50_ms "$f") $f"; done | sort -g |
      awk 'NR == 1 { print $2 }')
    if [ "$who" = member ]; then
      label="GET /v2.1/servers/detail?limit=100 (member) @ $count servers"
    else
      label="GET /v2.1/servers/detail?limit=100&all_tenants=1 (admin) @ $count servers"
    fi
    printf '%s\t%s\t%s\t%s\n' "servers-detail-$who@$count" "$label" compute "$chosen" >>"$manifest"
  done
  read -r hwm rss < <(bench_rss_mib "${scale_pid[$count]}")
  scale_facts+=("scale.$count.hwm_mib=$hwm" "scale.$count.rss_mib=$rss")
  kill -TERM "${scale_pid[$count]}" 2>/dev/null || true
  wait "${scale_pid[$count]}" 2>/dev/null || true
  [ "${KEEP_RESULTS:-0}" = 1 ] || rm -f "$dir"/nova.sqlite*
done

echo
echo "servers: $SERVERS over $PROJECTS projects; wrk -t $THREADS -c $CONNECTIONS -d $DURATION" \
  "(after $WARMUP warm-ups); load average before: $load_before, after:" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$DENO" run --allow-read --allow-write scripts/bench/report.ts --manifest="$manifest" --json="$BENCH_JSON" \
  "form=$FORM" "malloc_arena_max=${arena_max:-glibc default}" \
  "servers=$SERVERS" "projects=$PROJECTS" "seed_seconds=$seed_seconds" "duration=$DURATION" \
  "warmup=$WARMUP" "threads=$THREADS" "connections=$CONNECTIONS" "cores=$(nproc)" \
  "load_before=$load_before" "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" \
  "deno=$("$DENO" --version | head -1)" "create.active_seconds=${active_seconds:-}" \
  "${facts[@]}" ${scale_facts[@]+"${scale_facts[@]}"} ${case_facts[@]+"${case_facts[@]}"}
