#!/usr/bin/env bash
# Test it: sets up everything the tests need (Chromium, PostgreSQL, the mediasoup worker,
# the built apps), then runs every suite: contracts, server unit and integration tests
# (real mediasoup, PGlite and PostgreSQL), and end-to-end calls in Chromium.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test || exit 1
MEDIASOUP_WORKER_BIN="$(node scripts/mediasoup-worker-path.mjs)"
export MEDIASOUP_WORKER_BIN
# shellcheck source=scripts/services.sh
source scripts/services.sh
start_test_postgres || exit 1
start_test_redis || exit 1
trap 'stop_test_postgres; stop_test_redis' EXIT

results=$(mktemp -d)
failed_suites=()
# Each suite runs under node's test runner; the summary line adds up the spec reporter's
# totals (a TAP file would be cut short by --test-force-exit).
# A hang must fail the run, never stall it: each test file gets TEST_TIMEOUT_MS (node 20
# applies --test-timeout to a whole file), a file whose tests are done exits even if
# something still holds its event loop, and a whole suite is stopped after
# SUITE_TIMEOUT_S (the full run takes about 13 minutes).
TEST_TIMEOUT_MS="${TEST_TIMEOUT_MS:-600000}"
SUITE_TIMEOUT_S="${SUITE_TIMEOUT_S:-1500}"
run_suite() {
  local name="$1" dir="$2"; shift 2
  echo; echo "=== $name ==="
  (cd "$dir" && timeout --kill-after=30 "$SUITE_TIMEOUT_S" node --import tsx --test --test-concurrency=1 \
    --test-timeout="$TEST_TIMEOUT_MS" --test-force-exit --test-reporter=spec "$@") | tee "$results/$name.log"
  local status=${PIPESTATUS[0]}
  [ "$status" -eq 124 ] && echo "$name: stopped after ${SUITE_TIMEOUT_S}s"
  [ "$status" -ne 0 ] && failed_suites+=("$name")
}

echo "=== typecheck ==="
npx turbo run typecheck --output-logs=errors-only || failed_suites+=(typecheck)

run_suite contracts packages/shared $(cd packages/shared && find src -name '*.test.ts' | sort)
run_suite clients . $(find apps/agent-web/src apps/admin-web/src packages/client-core/src -name '*.test.ts' | sort)
run_suite server apps/server $(cd apps/server && find src test -name '*.test.ts' | sort)
run_suite e2e playwright $(cd playwright && find tests -name '*.test.ts' | sort)

pass=$(cat "$results"/*.log 2>/dev/null | awk '/^ℹ pass /{s+=$3} END{print s+0}')
fail=$(cat "$results"/*.log 2>/dev/null | awk '/^ℹ (fail|cancelled) /{s+=$3} END{print s+0}')
echo
[ ${#failed_suites[@]} -gt 0 ] && echo "failed: ${failed_suites[*]}"
echo "tests: $pass passed, $fail failed"
[ ${#failed_suites[@]} -eq 0 ] && [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
