#!/usr/bin/env bash
# Start a disposable OpenStack Identity (Keystone) v3 service on the loopback interface, for the
# keystone interop tests (tests/interop/keystone*.test.ts).
#
# What it does, in order:
#   1. installs Debian's python3-keystone, uwsgi-core and uwsgi-plugin-python3 when missing
#      (apt-get update first; the "keystone" package itself is avoided: it drags in Apache);
#   2. writes $KS_STATE/keystone.conf: sqlite database, fernet tokens, key repositories inside the
#      state directory, an in-process cache, legacy (pre-scope) policy defaults;
#   3. the first time for a state directory: db_sync, sqlite WAL journal, fernet_setup,
#      credential_setup, bootstrap (admin user/project, roles admin/member/reader, RegionOne,
#      identity endpoints on $KS_URL);
#   4. runs keystone's public WSGI application under uwsgi (one process, one thread) in the
#      background and waits until GET /v3 answers 200.
#
# Environment:
#   KS_STATE            state directory                 (default /tmp/nova-deno-keystone)
#   KS_PORT             TCP port on 127.0.0.1            (default 15100)
#   KS_ADMIN_PASSWORD   password of the bootstrap admin  (default secret)
#   KS_TOKEN_EXPIRATION token lifetime in seconds        (default 3600)
#   KS_FRESH=1          stop the instance of KS_STATE and wipe the directory first
#
# Running it again while the service is up does nothing. scripts/keystone/stop.sh stops it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="${KS_STATE:-/tmp/nova-deno-keystone}"
port="${KS_PORT:-15100}"
admin_password="${KS_ADMIN_PASSWORD:-secret}"
expiration="${KS_TOKEN_EXPIRATION:-3600}"
url="http://127.0.0.1:${port}/v3/"
python=/usr/bin/python3 # Debian's interpreter, whatever python3 the PATH prefers

log() { printf '[keystone] %s\n' "$*" >&2; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# ---- 1. packages ---------------------------------------------------------------------------
missing=()
for pkg in python3-keystone uwsgi-core uwsgi-plugin-python3; do
  installed "$pkg" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  attempt=0
  until apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; do
    attempt=$((attempt + 1))
    if ((attempt >= 40)); then
      log "apt-get kept failing; giving up"
      exit 1
    fi
    log "apt-get failed (is another apt holding the lock?); retrying in 5 s"
    sleep 5
  done
fi

# ---- 2. configuration ----------------------------------------------------------------------
if [[ "${KS_FRESH:-0}" == 1 ]]; then
  KS_STATE="$state" "$here/stop.sh" >/dev/null 2>&1 || true
  rm -rf "$state"
fi
mkdir -p "$state"/{log,run,fernet-keys,credential-keys,app}
chmod 700 "$state/fernet-keys" "$state/credential-keys"

cat >"$state/keystone.conf" <<EOF
[DEFAULT]
use_stderr = false
log_file = $state/log/keystone.log
# the base URL keystone writes into its version documents (no /v3 here)
public_endpoint = http://127.0.0.1:$port/

[database]
connection = sqlite:///$state/keystone.sqlite

[token]
provider = fernet
expiration = $expiration

[fernet_tokens]
key_repository = $state/fernet-keys/

[fernet_receipts]
key_repository = $state/fernet-keys/

[credential]
key_repository = $state/credential-keys/

[cache]
# keystone validates a token in ~10 ms with this, ~300 ms without; it is per process, hence the
# single uwsgi process below
enabled = true
backend = dogpile.cache.memory

[oslo_policy]
enforce_scope = false
enforce_new_defaults = false
EOF

# What /usr/bin/keystone-wsgi-public would load (that file ships in the Apache-bound package).
cat >"$state/app/public.py" <<'EOF'
from keystone.server.wsgi import initialize_public_application

application = initialize_public_application()
EOF

# keystone-manage, its chatter (including eventlet's harmless "Exception ignored" lines at exit)
# kept in log/manage.log and shown only when a step fails
manage() {
  if ! keystone-manage --config-file "$state/keystone.conf" "$@" >>"$state/log/manage.log" 2>&1; then
    log "keystone-manage $1 failed; last lines of $state/log/manage.log:"
    tail -n 30 "$state/log/manage.log" >&2
    exit 1
  fi
}
if [[ ! -f "$state/bootstrapped" ]]; then
  started=$SECONDS
  manage db_sync
  # WAL: readers no longer block the writer (fewer "database is locked" errors)
  "$python" - "$state/keystone.sqlite" <<'EOF'
import sqlite3, sys
sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")
EOF
  manage fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
  manage credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
  manage bootstrap \
    --bootstrap-username admin --bootstrap-password "$admin_password" \
    --bootstrap-project-name admin --bootstrap-role-name admin \
    --bootstrap-service-name keystone --bootstrap-region-id RegionOne \
    --bootstrap-public-url "$url" --bootstrap-internal-url "$url" --bootstrap-admin-url "$url"
  echo "$port" >"$state/bootstrapped"
  log "bootstrapped in $((SECONDS - started)) s"
elif [[ "$(cat "$state/bootstrapped")" != "$port" ]]; then
  log "warning: $state was bootstrapped for port $(cat "$state/bootstrapped"); its catalog points there (KS_FRESH=1 redoes it)"
fi

cat >"$state/uwsgi.ini" <<EOF
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:$port
wsgi-file = $state/app/public.py
master = true
processes = 1
threads = 1
die-on-term = true
need-app = true
lazy-apps = true
buffer-size = 65535
# one line per request in the log (the tests count token validations there)
log-format = %(method) %(uri) %(status) %(msecs)ms
# uwsgi closes the socket after each answer; tell clients so they do not reuse it
add-header = Connection: close
pidfile = $state/run/uwsgi.pid
logto = $state/log/uwsgi.log
env = OS_KEYSTONE_CONFIG_FILES=$state/keystone.conf
EOF

# ---- 3. run --------------------------------------------------------------------------------
pidfile="$state/run/uwsgi.pid"
if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  log "already running (pid $(cat "$pidfile")) at $url"
  exit 0
fi

started=$SECONDS
setsid /usr/bin/uwsgi --ini "$state/uwsgi.ini" </dev/null >/dev/null 2>&1 &
launcher=$!
probe() {
  "$python" - "http://127.0.0.1:$port/v3" <<'EOF'
import sys, urllib.request
try:
    sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)
except Exception:
    sys.exit(1)
EOF
}
for _ in $(seq 1 300); do
  if probe; then
    log "up at $url (uwsgi pid $(cat "$pidfile")) after $((SECONDS - started)) s"
    exit 0
  fi
  kill -0 "$launcher" 2>/dev/null || break
  sleep 0.2
done
log "keystone did not come up; last lines of $state/log/uwsgi.log:"
tail -n 30 "$state/log/uwsgi.log" >&2 || true
exit 1
