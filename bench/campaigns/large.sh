#!/usr/bin/env bash
# Large-data campaign: a SQLite table rebuild and a PostgreSQL column type change on a
# table of ROWS rows (default 1,000,000) keep every row; prints time and peak memory.
#   large.sh [ROWS] [sqlite|postgres|both]
source "$(dirname "$0")/common.sh"
ROWS="${1:-1000000}"
WHICH="${2:-both}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
fail=0

peak_run() {  # runs "$@" in $WORK/p; prints "seconds peak_mib"
  "$PY" - "$WORK/p" "$@" <<'PYEOF'
import os, subprocess, sys, time
cwd, cmd = sys.argv[1], sys.argv[2:]
t = time.perf_counter()
p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
p.returncode = os.waitstatus_to_exitcode(status)
print(f"{time.perf_counter() - t:.2f} {ru.ru_maxrss / 1024:.0f}")
sys.exit(p.returncode)
PYEOF
}

write_schema() {  # $1 = type of column b
  mkdir -p "$WORK/p/schemas/big"
  cat >"$WORK/p/schemas/big/item.js" <<JS
export default table({
  id: col.id(),
  a: col.string(100),
  b: $1,
  c: col.integer().optional(),
}).index("a");
JS
}

for dialect in sqlite postgres; do
  [ "$WHICH" = both ] || [ "$WHICH" = "$dialect" ] || continue
  rm -rf "$WORK/p"; mkdir -p "$WORK/p/migrations"
  if [ "$dialect" = sqlite ]; then url="$WORK/big.db"; else url="$(pg_url_for large_db)"; fi
  printf 'database:\n  dialect: %s\n  url: "%s"\n' "$dialect" "$url" >"$WORK/p/alab.yaml"
  write_schema 'col.integer()'
  (cd "$WORK/p" && "$ALAB" new initial -q && "$ALAB" migrate --force -q)
  fill="INSERT INTO big_item (id, a, b, c) SELECT printf('%08d-0000-4000-8000-000000000000', x), 'name ' || x, x, x % 7 FROM (WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < $ROWS) SELECT x FROM s)"
  if [ "$dialect" = sqlite ]; then
    sqlite3 "$url" "$fill"
  else
    psql "$url" -qc "INSERT INTO big_item (id, a, b, c) SELECT (lpad(x::text, 8, '0') || '-0000-4000-8000-000000000000')::uuid, 'name ' || x, x, x % 7 FROM generate_series(1, $ROWS) x"
  fi
  # SQLite: nullable -> change of type + nullability (a rebuild). PostgreSQL: integer -> decimal.
  if [ "$dialect" = sqlite ]; then write_schema 'col.string(20).optional()'; else write_schema 'col.decimal(20, 2)'; fi
  (cd "$WORK/p" && "$ALAB" new change_b --yes -q)
  if ! fig=$(peak_run "$ALAB" migrate --force --confirm-destroy -q); then echo "large[$dialect]: migrate failed"; fail=1; continue; fi
  if [ "$dialect" = sqlite ]; then
    n=$(sqlite3 "$url" "SELECT count(*) FROM big_item"); idx=$(sqlite3 "$url" "SELECT count(*) FROM pragma_index_list('big_item')")
  else
    n=$(psql "$url" -Atc "SELECT count(*) FROM big_item"); idx=$(psql "$url" -Atc "SELECT count(*) FROM pg_indexes WHERE tablename='big_item'")
  fi
  set -- $fig
  echo "large campaign [$dialect]: $ROWS rows, change of column b in ${1}s, peak ${2} MiB; rows after: $n, indexes: $idx"
  [ "$n" = "$ROWS" ] || { echo "large[$dialect]: rows lost ($n of $ROWS)"; fail=1; }
done
[ "$fail" -eq 0 ]
