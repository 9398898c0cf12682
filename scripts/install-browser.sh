#!/usr/bin/env bash
# Install Debian's chromium (the headless browser the console test drives) when missing.
set -euo pipefail
{ command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium-browser ]; } && exit 0
export DEBIAN_FRONTEND=noninteractive
for attempt in 1 2 3 4 5; do
  if apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
    exit 0
  fi
  echo "apt-get busy or failing (attempt $attempt); retrying" >&2
  sleep 10
done
exit 1
