#!/bin/sh
# One-time set-up behind `npm test` and `npm run demo`: the npm dependencies when they are
# missing, and for the tests the real servers they start (Debian packages, installed when
# missing and we are root). Safe to run again: it only does what is missing.
set -e
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies"
  # npm ci installs exactly the lock file; it records every platform's optional
  # binaries (Biome's), so it installs on any platform.
  npm ci --no-audit --no-fund
fi

[ "$1" = "test" ] || exit 0

missing=""
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
# prometheus: promtool and a real Prometheus check the /metrics exposition
command -v promtool >/dev/null 2>&1 || missing="$missing prometheus"
# prometheus-alertmanager: amtool checks deploy/alertmanager (test/deploy-alertmanager.test.ts)
command -v amtool >/dev/null 2>&1 || missing="$missing prometheus-alertmanager"
# the page's browser tests drive Debian's Chromium headless (web/testing/chromium.ts)
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != "0" ]; then
  echo "setup: the tests need these Debian packages:$missing (run: sudo apt-get install$missing)" >&2
  exit 1
fi
echo "setup: installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
