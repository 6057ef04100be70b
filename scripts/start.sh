#!/usr/bin/env bash
# Run it: sets up whatever is missing, builds, and starts the server on $PORT (8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run
MEDIASOUP_WORKER_BIN="$(node scripts/mediasoup-worker-path.mjs)"
export MEDIASOUP_WORKER_BIN
exec node --import tsx apps/server/src/main.ts
