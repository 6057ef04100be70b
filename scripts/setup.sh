#!/usr/bin/env bash
# Installs what the project needs and builds it. Idempotent and quick when done before.
#   scripts/setup.sh run   packages to build and run the server, npm packages, the
#                          mediasoup worker (built from source), the web apps
#   scripts/setup.sh test  the same, plus Chromium, PostgreSQL, Redis, sox, and the SIP
#                          peers the gateway is tested against (baresip, SIPp)
set -euo pipefail
mode="${1:-run}"
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian/Ubuntu packages -------------------------------------------------------
# Worker build: Debian's libraries instead of the ones mediasoup would download.
packages=(python3 make g++ meson ninja-build pkg-config libssl-dev libuv1-dev libsrtp2-dev
  libusrsctp-dev libabsl-dev nlohmann-json3-dev)
if [ "$mode" = test ]; then
  packages+=(chromium postgresql redis-server sox sip-tester baresip-core openssl)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Node --------------------------------------------------------------------------
if ! command -v node >/dev/null; then
  echo "Node.js 20.19 or newer is required (https://nodejs.org)." >&2
  exit 1
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node.js 20.19 or newer is required; this is "+process.versions.node); process.exit(1) }'

# mediasoup's install step would download a prebuilt worker; pointing it at our own
# (built below) makes it skip that.
MEDIASOUP_WORKER_BIN="$(node scripts/mediasoup-worker-path.mjs)"
export MEDIASOUP_WORKER_BIN

stamp=node_modules/.cc-install-stamp
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi

if [ ! -x "$MEDIASOUP_WORKER_BIN" ]; then
  log "building the mediasoup worker from source (about 5 minutes on 2 cores, once)"
fi
node scripts/build-mediasoup-worker.mjs >/dev/null

log "building the web apps"
npx turbo run build --output-logs=errors-only >/dev/null
log "ready"
