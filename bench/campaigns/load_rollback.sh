#!/usr/bin/env bash
# Load campaign with rollback and squash in the mix (SQLite): per round, PROCS concurrent
# `alab migrate`, `alab rollback`, `alab squash`, `alab status` and `alab check` processes on
# one project and database. After every round: the tracking rows are in revision order and a
# prefix of the history (a rollback never took a migration from under a later one), the rows
# changed by exactly what the processes reported (applied / rolled back / recorded), and the
# tables that exist are exactly those of the applied migrations (tracking equals the catalog).
# Every process exits 0 or with one of the refusals that a race can legitimately cause.
#   load_rollback.sh [ROUNDS] [PROCS]
source "$(dirname "$0")/common.sh"
ROUNDS="${1:-30}"
PROCS="${2:-16}"
K=6  # migrations in the history, each creating one table app.t<N>
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
T="$WORK/template"
mkdir -p "$T/schemas/app"
printf 'database:\n  dialect: sqlite\n  url: ./app.db\n' >"$T/alab.yaml"
for n in $(seq 1 "$K"); do
  printf 'export default table({ id: col.id(), name: col.string(40) });\n' >"$T/schemas/app/t$n.js"
  (cd "$T" && "$ALAB" new "t$n" --yes -q >/dev/null)
done
(cd "$T" && "$ALAB" lock repair -q >/dev/null 2>&1 || true)

# Refusals a race may cause (exit 1, or 3 for a lock wait or a file read), by message: a
# process that loads the migration files while squash moves them stops with "cannot read file";
# a `check` that reads the files and alab.lock while squash rewrites both reports "checksum
# differs from alab.lock" for the files it saw before the move (read-only: it changes nothing).
ALLOWED='cannot read file|checksum differs from alab.lock|cannot squash|cannot roll back the squash baseline|the migration file is missing|changed while it was checked|no longer has every squashed revision|not recorded|alab\.lock does not match|squash is half done|interrupted squash|archive|pending migrations|migrations are pending|is pending|drift'

fail=0; rounds_with_squash=0; total_rb=0; total_ap=0; total_sq=0; declare -A exits=()
START=$(date +%s)
for r in $(seq 1 "$ROUNDS"); do
  P="$WORK/r$r"; cp -a "$T" "$P"; db="$P/app.db"
  # Rounds start fully migrated (so squash can win) or a few migrations short.
  start=$(( r % 2 == 0 ? K : K - 1 - (r % 3) ))
  (cd "$P" && "$ALAB" migrate --to "$(printf %03d "$start")" -q >/dev/null)
  before=$(sqlite3 "$db" "SELECT count(*) FROM alab_migrations")
  pids=()
  for i in $(seq 1 "$PROCS"); do
    case $(( (i + r) % 8 )) in
      0 | 1 | 2) cmd=(migrate --lock-timeout 20s) ;;
      3 | 4) cmd=(rollback --lock-timeout 20s) ;;
      5) cmd=(squash) ;;
      6) cmd=(status) ;;
      7) cmd=(check -q) ;;
    esac
    (cd "$P"; rc=0; "$ALAB" "${cmd[@]}" >"$WORK/out.$i" 2>"$WORK/err.$i" || rc=$?; echo "${cmd[0]} $rc" >"$WORK/rc.$i") 2>/dev/null &
    pids+=($!)
  done
  wait "${pids[@]}"
  ap=0; rb=0; sq=0
  for i in $(seq 1 "$PROCS"); do
    read -r what rc <"$WORK/rc.$i"
    exits["$what $rc"]=$(( ${exits["$what $rc"]:-0} + 1 ))
    ap=$(( ap + $(grep -c '^applied migrations/' "$WORK/out.$i" || true) ))
    ap=$(( ap + $(grep -c '^recorded migrations/.* as applied' "$WORK/out.$i" || true) ))
    rb=$(( rb + $(grep -c '^rolled back migrations/' "$WORK/out.$i" || true) ))
    sq=$(( sq + $(grep -c '^recorded migrations/.* as applied in' "$WORK/out.$i" || true) ))
    if [ "$rc" != 0 ] && { [ "$rc" != 1 ] && [ "$rc" != 3 ] || ! grep -Eq "$ALLOWED" "$WORK/err.$i"; }; then
      echo "round $r: $what exited $rc:"; cat "$WORK/err.$i"; fail=1
    fi
  done
  total_ap=$((total_ap + ap)); total_rb=$((total_rb + rb)); total_sq=$((total_sq + sq))
  [ "$sq" -gt 0 ] && rounds_with_squash=$((rounds_with_squash + 1))
  # Tracking rows: in applied order they must be in revision order, a prefix 001..00j of the
  # history, optionally followed by the squash baseline (revision K+1, replacing 001..00K).
  revs=$(sqlite3 "$db" "SELECT revision FROM alab_migrations ORDER BY applied_order" | tr '\n' ' ')
  after=$(sqlite3 "$db" "SELECT count(*) FROM alab_migrations")
  want=""; n=0
  for rev in $revs; do
    n=$((n + 1))
    if [ "$((10#$rev))" != "$n" ]; then echo "round $r: tracking rows out of order or not a prefix: $revs"; fail=1; break; fi
  done
  if [ "$after" != "$((before + ap - rb))" ]; then
    echo "round $r: $before rows + $ap applied - $rb rolled back != $after rows ($revs)"; fail=1
  fi
  # The catalog: the tables of the applied migrations (the baseline stands for 001..00K).
  applied_tables=""
  for rev in $revs; do
    if [ "$((10#$rev))" -le "$K" ]; then applied_tables+="app_t$((10#$rev)) "; fi
  done
  want=$(echo "$applied_tables" | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ')
  have=$(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'app_t%' ORDER BY name" | sort | tr '\n' ' ')
  if [ "$want" != "$have" ]; then echo "round $r: tracking ($revs) != catalog (tables: $have)"; fail=1; fi
  rm -rf "$P"
done
ELAPSED=$(( $(date +%s) - START ))
summary=""
while read -r k; do summary+="$k: ${exits[$k]}; "; done < <(printf '%s\n' "${!exits[@]}" | sort)
echo "load+rollback campaign [sqlite]: $ROUNDS rounds x $PROCS processes in ${ELAPSED}s; $total_ap applied, $total_rb rolled back, $total_sq squash baselines recorded ($rounds_with_squash rounds); exits: $summary"
[ "$fail" -eq 0 ]
