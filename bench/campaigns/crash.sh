#!/usr/bin/env bash
# Crash campaign.
# classic: kill -9 `alab migrate` at random moments; after every kill the database must sit at
#   a migration boundary (`alab check` finds no drift against the applied migrations), and a
#   re-run must converge (everything applied, check clean).
# nontx: a `transaction: false` migration with side effects (UPDATE qty = qty + 10), a SQLite
#   rebuild of a parent table with ON DELETE CASCADE children, and on PostgreSQL a CREATE INDEX
#   CONCURRENTLY on a table big enough to be killed mid-build; kill -9 / SIGINT / SIGTERM at
#   random moments of `alab migrate` (TRIALS per dialect) and of `alab rollback` (TRIALS/2);
#   after each, the re-run must exit 0 at once (no stuck project), qty must be exactly +10
#   (or back to the start after a rollback: nothing ran twice), no child row lost, the index
#   valid, `alab check` green.
#   crash.sh [TRIALS] [sqlite|postgres|both] [all|classic|nontx]
source "$(dirname "$0")/common.sh"
TRIALS="${1:-200}"
WHICH="${2:-both}"
MODE="${3:-all}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
fail=0

trial() {  # dialect url
  local dialect="$1" url="$2" delay pid applied
  delay=$(( RANDOM % 400 ))
  (cd "$WORK/p" && exec "$ALAB" migrate --force --database-url "$url" -q >/dev/null 2>&1) &
  pid=$!
  # A random moment: busy-poll the process for `delay` iterations of a short yield.
  for _ in $(seq 1 "$delay"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.001; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if ! (cd "$WORK/p" && "$ALAB" check --database-url "$url" -q >/dev/null 2>"$WORK/check.err"); then
    # check also fails when migrations are pending; drift is the failure we look for.
    if grep -qi "drift" "$WORK/check.err"; then
      echo "crash[$dialect]: database not at a migration boundary after kill:"; cat "$WORK/check.err"; return 1
    fi
  fi
  (cd "$WORK/p" && "$ALAB" migrate --force --database-url "$url" -q >/dev/null) || { echo "crash[$dialect]: re-run failed"; return 1; }
  (cd "$WORK/p" && "$ALAB" check --database-url "$url" -q >/dev/null) || { echo "crash[$dialect]: check after re-run failed"; return 1; }
  return 0
}

classic() {
make_history "$WORK/p" 12 24 sqlite ./app.db
total=$(ls "$WORK/p/migrations"/*.js | wc -l)
for dialect in sqlite postgres; do
  [ "$WHICH" = both ] || [ "$WHICH" = "$dialect" ] || continue
  ok=0
  for t in $(seq 1 "$TRIALS"); do
    if [ "$dialect" = sqlite ]; then
      rm -f "$WORK"/c.db*; url="$WORK/c.db"
    else
      url="$(pg_url_for "crash_$t")"
    fi
    if trial "$dialect" "$url"; then ok=$((ok + 1)); else fail=$((fail + 1)); fi
  done
  echo "crash campaign [$dialect]: $ok of $TRIALS trials converged ($total migrations per run)"
done
}

source "$(dirname "$0")/crash_nontx.sh"
if [ "$MODE" = all ] || [ "$MODE" = classic ]; then classic; fi
if [ "$MODE" = all ] || [ "$MODE" = nontx ]; then nontx; fi
[ "$fail" -eq 0 ]
