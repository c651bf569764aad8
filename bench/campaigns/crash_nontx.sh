# The `transaction: false` half of the crash campaign (sourced by crash.sh; see its header).
# Uses TRIALS, WHICH, WORK, ALAB, fail from crash.sh.

NX_ROWS="${NX_ROWS:-20000}"      # parent rows (3 children each) and bumps per run
NX_BIG="${NX_BIG:-300000}"       # rows of the table indexed CONCURRENTLY (PostgreSQL)

nx_project() {  # DIR
  local dir="$1"
  mkdir -p "$dir/migrations" "$dir/schemas"
  printf 'database:\n  dialect: sqlite\n  url: ./app.db\n' >"$dir/alab.yaml"
  mkdir -p "$dir/schemas/shop"
  cat >"$dir/schemas/shop/item.js" <<'JS'
export default table({
  id: col.id(),
  name: col.string(50),
  qty: col.integer(),
  bumps: col.integer(),
});
JS
  cat >"$dir/schemas/shop/line.js" <<'JS'
export default table({
  id: col.id(),
  item: col.belongs_to("shop.item").on_delete("cascade"),
  n: col.integer(),
});
JS
  cat >"$dir/schemas/shop/big.js" <<'JS'
export default table({
  id: col.id(),
  v: col.integer(),
});
JS
  (cd "$dir" && "$ALAB" new base --yes -q >/dev/null)
  # 002 adds the check the schema files then declare.
  sed -i 's/^});$/}).check("ck_item_qty", "qty >= 0");/' "$dir/schemas/shop/item.js"
  # Side effects that must run exactly once, a SQLite rebuild of the parent (add_check), and on
  # PostgreSQL an index built and dropped CONCURRENTLY (outside any transaction).
  cat >"$dir/migrations/002_nontx.js" <<'JS'
export default migration({
  up_revision: "002",
  down_revision: "001",
  transaction: false,
  up(m) {
    m.sql("UPDATE shop_item SET qty = qty + 10", "UPDATE shop_item SET qty = qty - 10");
    m.add_check("shop.item", "ck_item_qty", "qty >= 0");
    m.sql(postgres("CREATE INDEX CONCURRENTLY ix_big_v ON shop_big (v)"), postgres("DROP INDEX CONCURRENTLY IF EXISTS ix_big_v"));
    m.sql("UPDATE shop_item SET bumps = bumps + 1", "UPDATE shop_item SET bumps = bumps - 1");
    m.sql(postgres("DROP INDEX CONCURRENTLY ix_big_v"), postgres("CREATE INDEX CONCURRENTLY ix_big_v ON shop_big (v)"));
  },
  down(m) {
    m.sql(postgres("CREATE INDEX CONCURRENTLY ix_big_v ON shop_big (v)"));
    m.sql("UPDATE shop_item SET bumps = bumps - 1");
    m.sql(postgres("DROP INDEX CONCURRENTLY IF EXISTS ix_big_v"));
    m.drop_check("shop.item", "ck_item_qty");
    m.sql("UPDATE shop_item SET qty = qty - 10");
  },
});
JS
}

nx_seed_sql() {  # DIALECT
  local uuid
  if [ "$1" = sqlite ]; then
    uuid="lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
    cat <<SQL
BEGIN;
WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < $NX_ROWS)
INSERT INTO shop_item (id, name, qty, bumps) SELECT $uuid, 'item' || i, 5, 0 FROM g;
INSERT INTO shop_line (id, item_id, n) SELECT $uuid, id, 1 FROM shop_item;
INSERT INTO shop_line (id, item_id, n) SELECT $uuid, id, 2 FROM shop_item;
INSERT INTO shop_line (id, item_id, n) SELECT $uuid, id, 3 FROM shop_item;
COMMIT;
SQL
  else
    cat <<SQL
INSERT INTO shop_item (name, qty, bumps) SELECT 'item' || g, 5, 0 FROM generate_series(1, $NX_ROWS) g;
INSERT INTO shop_line (item_id, n) SELECT id, k FROM shop_item, generate_series(1, 3) k;
INSERT INTO shop_big (v) SELECT g % 1000 FROM generate_series(1, $NX_BIG) g;
SQL
  fi
}

nx_query() {  # DIALECT URL SQL
  if [ "$1" = sqlite ]; then sqlite3 "$2" "$3"; else psql "$2" -qAtc "$3"; fi
}

# The database's state as one line: sum(qty)|sum(bumps)|child rows|ix_big_v / invalid indexes.
nx_state() {  # DIALECT URL
  local s
  s="$(nx_query "$1" "$2" "SELECT sum(qty) || '|' || sum(bumps) || '|' || (SELECT count(*) FROM shop_line) FROM shop_item")"
  if [ "$1" = postgres ]; then
    s="$s|$(nx_query "$1" "$2" "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'ix_big_v' OR NOT i.indisvalid")"
  fi
  echo "$s"
}

nx_expect() {  # DIALECT APPLIED(0|1)
  local qty=$((NX_ROWS * 5)) bumps=0
  [ "$2" = 1 ] && { qty=$((NX_ROWS * 15)); bumps=$NX_ROWS; }
  local s="$qty|$bumps|$((NX_ROWS * 3))"
  [ "$1" = postgres ] && s="$s|0"
  echo "$s"
}

nx_fresh() {  # DIALECT TEMPLATE NAME -> url of a copy of TEMPLATE
  if [ "$1" = sqlite ]; then
    rm -f "$WORK/nx/$3.db"*; cp "$2" "$WORK/nx/$3.db"; echo "$WORK/nx/$3.db"
  else
    psql "$ALAB_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $3 WITH (FORCE)" >/dev/null
    psql "$ALAB_TEST_PG_URL" -qc "CREATE DATABASE $3 TEMPLATE $2" >/dev/null
    pg_url_like "$3"
  fi
}

pg_url_like() {  # NAME -> the test server's url for database NAME
  "$PY" - "$ALAB_TEST_PG_URL" "$1" <<'PYEOF'
import sys
url, name = sys.argv[1], sys.argv[2]
q = url.find("?")
slash = url.rfind("/", 0, q if q >= 0 else len(url))
print(url[:slash + 1] + name + (url[q:] if q >= 0 else ""))
PYEOF
}

nx_ms() { date +%s%3N; }

# One trial: CMD (migrate|rollback) on a fresh copy, a random signal at a random moment, then
# the re-run; counts into nx_* globals.
nx_trial() {  # DIALECT TEMPLATE CMD MAXMS
  local dialect="$1" tpl="$2" cmd="$3" maxms="$4" url pid rc sig delay state want args
  args="migrate"; [ "$cmd" = rollback ] && args="rollback --to 001 --confirm-destroy"  # never past 001 when the first run finished
  url="$(nx_fresh "$dialect" "$tpl" nxt)"
  local sigs=(KILL INT TERM)
  sig="${sigs[$((RANDOM % 3))]}"
  delay=$(( (RANDOM * 32768 + RANDOM) % (maxms + 1) ))
  # shellcheck disable=SC2086
  (cd "$WORK/nx/p" && exec "$ALAB" $args --database-url "$url" -q >/dev/null 2>&1) &
  pid=$!
  sleep "$(awk "BEGIN{print $delay/1000}")"
  kill -s "$sig" "$pid" 2>/dev/null || true
  rc=0; wait "$pid" 2>/dev/null || rc=$?
  [ "$rc" -gt 128 ] && nx_interrupted=$((nx_interrupted + 1))
  # shellcheck disable=SC2086
  if ! (cd "$WORK/nx/p" && "$ALAB" $args --database-url "$url" -q >/dev/null 2>"$WORK/nx/rerun.err"); then
    nx_stuck=$((nx_stuck + 1)); echo "crash-nontx[$dialect $cmd $sig ${delay}ms]: re-run failed:"; cat "$WORK/nx/rerun.err"
    return 1
  fi
  state="$(nx_state "$dialect" "$url")"
  if [ "$cmd" = rollback ]; then
    want="$(nx_expect "$dialect" 0)"
    [ "$state" = "$want" ] || { nx_bad=$((nx_bad + 1)); echo "crash-nontx[$dialect rollback $sig ${delay}ms]: state $state, want $want"; return 1; }
    (cd "$WORK/nx/p" && "$ALAB" migrate --database-url "$url" -q >/dev/null 2>"$WORK/nx/rerun.err") ||
      { nx_stuck=$((nx_stuck + 1)); echo "crash-nontx[$dialect]: migrate after the rollback failed:"; cat "$WORK/nx/rerun.err"; return 1; }
    state="$(nx_state "$dialect" "$url")"
  fi
  want="$(nx_expect "$dialect" 1)"
  [ "$state" = "$want" ] || { nx_bad=$((nx_bad + 1)); echo "crash-nontx[$dialect $cmd $sig ${delay}ms]: state $state, want $want (sum qty|sum bumps|children|bad indexes)"; return 1; }
  (cd "$WORK/nx/p" && "$ALAB" check --database-url "$url" -q >/dev/null 2>"$WORK/nx/check.err") ||
    { nx_stuck=$((nx_stuck + 1)); echo "crash-nontx[$dialect $cmd]: check failed:"; cat "$WORK/nx/check.err"; return 1; }
  return 0
}

nontx() {
  mkdir -p "$WORK/nx"
  nx_project "$WORK/nx/p"
  local dialect tpl tpl_done url t0 ms rms ok rtrials
  rtrials=$(( TRIALS / 2 )); [ "$rtrials" -ge 1 ] || rtrials=1
  for dialect in sqlite postgres; do
    [ "$WHICH" = both ] || [ "$WHICH" = "$dialect" ] || continue
    # Templates: 001 applied and seeded; and everything applied (for rollback trials).
    if [ "$dialect" = sqlite ]; then
      tpl="$WORK/nx/tpl.db"; tpl_done="$WORK/nx/tpl_done.db"; rm -f "$tpl"* "$tpl_done"*
      (cd "$WORK/nx/p" && "$ALAB" migrate --to 001 --database-url "$tpl" -q >/dev/null)
      nx_seed_sql sqlite | sqlite3 "$tpl"
      sqlite3 "$tpl" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
      cp "$tpl" "$tpl_done"
      url="$tpl_done"
    else
      tpl=nx_tpl; tpl_done=nx_tpl_done
      url="$(nx_fresh postgres template0 $tpl)"
      (cd "$WORK/nx/p" && "$ALAB" migrate --to 001 --database-url "$url" -q >/dev/null)
      nx_seed_sql postgres | psql "$url" -q >/dev/null
      url="$(nx_fresh postgres $tpl $tpl_done)"
    fi
    t0=$(nx_ms)
    (cd "$WORK/nx/p" && "$ALAB" migrate --database-url "$url" -q >/dev/null)
    ms=$(( $(nx_ms) - t0 ))
    [ "$(nx_state "$dialect" "$url")" = "$(nx_expect "$dialect" 1)" ] || { echo "crash-nontx[$dialect]: reference run wrong: $(nx_state "$dialect" "$url")"; fail=$((fail + 1)); continue; }
    [ "$dialect" = sqlite ] && sqlite3 "$url" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    url="$(nx_fresh "$dialect" "$tpl_done" nxt)"
    t0=$(nx_ms)
    (cd "$WORK/nx/p" && "$ALAB" rollback --to 001 --confirm-destroy --database-url "$url" -q >/dev/null)
    rms=$(( $(nx_ms) - t0 ))
    for cmd in migrate rollback; do
      local n=$TRIALS from=$tpl
      [ "$cmd" = rollback ] && { n=$rtrials; from=$tpl_done; ms=$rms; }
      nx_interrupted=0; nx_stuck=0; nx_bad=0; ok=0
      local start=$(nx_ms)
      for t in $(seq 1 "$n"); do
        if nx_trial "$dialect" "$from" "$cmd" $(( ms * 11 / 10 )); then ok=$((ok + 1)); else fail=$((fail + 1)); fi
        [ $((t % 10)) -eq 0 ] && [ -n "${NX_PROGRESS:-}" ] && echo "  [$dialect $cmd] $t/$n: $ok converged, $nx_interrupted interrupted, bad $nx_bad, stuck $nx_stuck" >&2
      done
      echo "crash campaign nontx [$dialect $cmd]: $ok of $n trials converged, $nx_interrupted interrupted by the signal; double-applied or lost rows: $nx_bad, stuck: $nx_stuck (one undisturbed $cmd: ${ms} ms; $(( ($(nx_ms) - start) / 1000 )) s)"
    done
    if [ "$dialect" = postgres ]; then
      for db in nxt $tpl $tpl_done; do psql "$ALAB_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; done
    fi
  done
  return 0
}
