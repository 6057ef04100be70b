# Sourced by the test script: starts a throwaway PostgreSQL server on loopback for the
# tests that need a real one, and exports TEST_DATABASE_URL. Stopped on exit.
# Idempotent: a server already running from an earlier run in this folder is reused.
CC_PG_PORT="${CC_PG_PORT:-54329}"
CC_PG_DIR="${CC_PG_DIR:-/tmp/cc-test-postgres}"

start_test_postgres() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bindir" ] || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  local as_pg=(runuser -u postgres --)
  if ! "${as_pg[@]}" "$bindir/pg_ctl" -D "$CC_PG_DIR" status >/dev/null 2>&1; then
    rm -rf "$CC_PG_DIR"
    mkdir -p "$CC_PG_DIR" && chown postgres:postgres "$CC_PG_DIR"
    "${as_pg[@]}" "$bindir/initdb" -D "$CC_PG_DIR" -U postgres --auth=trust >/dev/null
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$CC_PG_DIR" -l "$CC_PG_DIR/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -c port=$CC_PG_PORT -c unix_socket_directories=$CC_PG_DIR -c fsync=off" start >/dev/null
  fi
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$CC_PG_PORT/postgres"
  echo "PostgreSQL for tests: $TEST_DATABASE_URL"
}

stop_test_postgres() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bindir" ] && runuser -u postgres -- "$bindir/pg_ctl" -D "$CC_PG_DIR" -m fast stop >/dev/null 2>&1 || true
}

CC_REDIS_PORT="${CC_REDIS_PORT:-63799}"
CC_REDIS_DIR="${CC_REDIS_DIR:-/tmp/cc-test-redis}"

# A throwaway Redis on loopback for the multi-node tests; exports TEST_REDIS_URL.
start_test_redis() {
  command -v redis-server >/dev/null || { echo "redis-server not found" >&2; return 1; }
  if ! redis-cli -p "$CC_REDIS_PORT" ping >/dev/null 2>&1; then
    mkdir -p "$CC_REDIS_DIR"
    redis-server --bind 127.0.0.1 --port "$CC_REDIS_PORT" --dir "$CC_REDIS_DIR" --save '' --appendonly no \
      --daemonize yes --pidfile "$CC_REDIS_DIR/redis.pid" --logfile "$CC_REDIS_DIR/redis.log" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$CC_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  export TEST_REDIS_URL="redis://127.0.0.1:$CC_REDIS_PORT"
  echo "Redis for tests: $TEST_REDIS_URL"
}

stop_test_redis() {
  redis-cli -p "$CC_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}
