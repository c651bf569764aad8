#!/usr/bin/env bash
# Load campaign: 16 concurrent `alab migrate` + `alab status` + `alab check` processes
# against one database: every migration applied exactly once, no error other than a
# clean lock wait.   load.sh [sqlite|postgres|both] [PROCS]
source "$(dirname "$0")/common.sh"
WHICH="${1:-both}"
PROCS="${2:-16}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
make_history "$WORK/p" 10 12 sqlite ./app.db
total=$(ls "$WORK/p/migrations"/*.js | wc -l)
fail=0
for dialect in sqlite postgres; do
  [ "$WHICH" = both ] || [ "$WHICH" = "$dialect" ] || continue
  if [ "$dialect" = sqlite ]; then url="$WORK/l.db"; else url="$(pg_url_for load_db)"; fi
  pids=()
  for i in $(seq 1 "$PROCS"); do
    case $((i % 4)) in
      0 | 1) cmd=(migrate --force) ;;
      2) cmd=(status) ;;
      3) cmd=(check -q) ;;
    esac
    (cd "$WORK/p"; rc=0; "$ALAB" "${cmd[@]}" --database-url "$url" >"$WORK/out.$i" 2>"$WORK/err.$i" || rc=$?; echo "$rc" >"$WORK/rc.$i") &
    pids+=($!)
  done
  wait "${pids[@]}"
  for i in $(seq 1 "$PROCS"); do
    rc=$(cat "$WORK/rc.$i")
    if [ "$rc" != 0 ]; then echo "load[$dialect]: process $i exited $rc:"; cat "$WORK/err.$i"; fail=1; fi
  done
  (cd "$WORK/p" && "$ALAB" status --json --database-url "$url" >"$WORK/status.json")
  applied=$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); m=d.get("migrations",d); print(sum(1 for x in m if x.get("state") == "applied"))' "$WORK/status.json" 2>/dev/null || echo "?")
  if [ "$dialect" = sqlite ]; then
    rows=$(sqlite3 "$url" "SELECT count(*), count(DISTINCT revision) FROM alab_migrations")
  else
    rows=$(psql "$url" -Atc "SELECT count(*) || '|' || count(DISTINCT revision) FROM alab_migrations")
  fi
  if [ "$rows" != "$total|$total" ]; then echo "load[$dialect]: alab_migrations has $rows rows (want $total|$total)"; fail=1; fi
  (cd "$WORK/p" && "$ALAB" check --database-url "$url" -q) || { echo "load[$dialect]: check failed after load"; fail=1; }
  echo "load campaign [$dialect]: $PROCS processes, $total migrations, applied $applied, tracking rows $rows"
done
[ "$fail" -eq 0 ]
