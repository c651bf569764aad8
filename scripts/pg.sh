# A throwaway PostgreSQL server for tests and benchmarks (sourced, not run): start_pg
# starts one in a temp folder (Unix socket only, as the `postgres` user when root) and
# exports ALAB_TEST_PG_URL; stop_pg stops it and removes the folder. Callers set
# `trap stop_pg EXIT`.
log() { echo "==> $*"; }
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
PG_DIR=""
AS_PG=()
stop_pg() {
  if [[ -n "$PG_DIR" ]]; then
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

start_pg() {
  if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
    echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" >&2
    return 1
  fi
  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/alab-pg.XXXXXX")"
  chmod 755 "$PG_DIR"
  if [[ $(id -u) -eq 0 ]]; then
    # initdb refuses to run as root: the server runs as the `postgres` user.
    chown postgres:postgres "$PG_DIR"
    AS_PG=(runuser -u postgres --)
  fi
  # The socket lives in a private folder, so any port number is free there; avoid ports
  # that something listens on anyway (the number also names shared memory segments).
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (ss -ltn 2>/dev/null || true) | grep -q ":$port\b"; then break; fi
  done
  PG_PORT="$port"
  "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C \
    --no-sync >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -p $PG_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=32MB" \
    start >/dev/null 2>&1 || { cat "$PG_DIR/server.log" >&2; return 1; }
  export ALAB_TEST_PG_URL="postgresql://postgres@/postgres?host=$PG_DIR&port=$PG_PORT"
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on $PG_DIR (port $PG_PORT)"
}

